package io.jbake.bake.model;

import io.jbake.go.GoJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One bake target: every attribute of a {@code target} block (bake-reference §6.1) as a typed
 * field. {@code null} means "not set", which matters for merging (§7.3) and for {@code --print},
 * where unset fields are omitted. Map values may be {@code null} too: {@code args = {A = null}}
 * keeps the key without a value, so a parent's value is not replaced and nothing is sent.
 *
 * <p>A target is mutable while definitions are merged, inherited and overridden; a resolved target
 * (from {@link Definition#resolve}) is complete: {@code context} and {@code dockerfile} are set,
 * {@code inherits} is empty, and lists are normalised. Accessors return the live collections;
 * callers must not change them.
 */
public final class Target implements GoJson.JsonWritable {
    /** {@link TargetAttributes#ALL} as an array: the loops below run for every target. */
    private static final TargetAttribute<?>[] ATTRIBUTES = TargetAttributes.ALL.toArray(new TargetAttribute<?>[0]);

    final String name;
    String description;
    List<String> inherits;
    List<String> annotations;
    List<Attest> attest;
    String context;
    SortedMap<String, String> contexts;
    String dockerfile;
    String dockerfileInline;
    SortedMap<String, String> args;
    SortedMap<String, String> labels;
    List<String> tags;
    List<CacheEntry> cacheFrom;
    List<CacheEntry> cacheTo;
    String target;
    List<SecretEntry> secrets;
    List<SshEntry> ssh;
    List<String> platforms;
    List<ExportEntry> outputs;
    Boolean pull;
    Boolean noCache;
    String network;
    List<String> noCacheFilter;
    String shmSize;
    List<String> ulimits;
    Resources resources;
    String call;
    List<String> entitlements;
    SortedMap<String, String> extraHosts;
    List<PolicyEntry> policy;
    /**
     * For {@code BUILDX_BAKE_FILE_RELATIVE_PATHS} (buildx v0.36): the directory of the file whose block is this
     * target's last ({@code null} for a compose file given as stdin or URL), the context's when unset.
     */
    String defaultContextBase;
    /** Whether the resolved context, when unset, is {@link #defaultContextBase} instead of {@code .}. */
    boolean useDefaultContextBase;
    /** The directory of the file that set {@code context}, or {@code null}. */
    String contextBase;
    /** The target whose context {@code context = target.<name>.context} names, or {@code null}. */
    String contextBaseRef;
    /** The directory of the file that set each {@code contexts} entry, by name. */
    Map<String, String> contextsBase;
    /** Set on targets pulled in only through another target's {@code target:} context. */
    boolean linked;
    /** What the target reads and writes here, set once it is resolved ({@code BuildInputs}); never printed. */
    LocalInputs inputs;

    public Target(String name) {
        this.name = name;
    }

    /** A deep-enough copy: collections are copied, entries are immutable. */
    Target copy(String newName) {
        Target t = new Target(newName);
        t.merge(this);
        t.linked = linked;
        return t;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description == null ? "" : description;
    }

    public List<String> inherits() {
        return inherits;
    }

    public List<String> annotations() {
        return annotations;
    }

    public List<Attest> attest() {
        return attest;
    }

    public String context() {
        return context;
    }

    public SortedMap<String, String> contexts() {
        return contexts;
    }

    public String dockerfile() {
        return dockerfile;
    }

    public String dockerfileInline() {
        return dockerfileInline;
    }

    public SortedMap<String, String> args() {
        return args;
    }

    public SortedMap<String, String> labels() {
        return labels;
    }

    public List<String> tags() {
        return tags;
    }

    public List<CacheEntry> cacheFrom() {
        return cacheFrom;
    }

    public List<CacheEntry> cacheTo() {
        return cacheTo;
    }

    /** The Dockerfile stage to build ({@code target} attribute). */
    public String target() {
        return target;
    }

    public List<SecretEntry> secrets() {
        return secrets;
    }

    public List<SshEntry> ssh() {
        return ssh;
    }

    public List<String> platforms() {
        return platforms;
    }

    public List<ExportEntry> outputs() {
        return outputs;
    }

    public Boolean pull() {
        return pull;
    }

    public Boolean noCache() {
        return noCache;
    }

    public String network() {
        return network;
    }

    public List<String> noCacheFilter() {
        return noCacheFilter;
    }

    public String shmSize() {
        return shmSize;
    }

    public List<String> ulimits() {
        return ulimits;
    }

    public Resources resources() {
        return resources;
    }

    public String call() {
        return call;
    }

    public List<String> entitlements() {
        return entitlements;
    }

    public SortedMap<String, String> extraHosts() {
        return extraHosts;
    }

    public List<PolicyEntry> policy() {
        return policy;
    }

    /** {@code --policy disabled=true}: the target's policies are replaced by one that turns evaluation off. */
    public void disablePolicy() {
        policy = new ArrayList<>(List.of(PolicyEntry.DISABLED));
    }

    /**
     * What a resolved target reads and writes on this machine, against the command's working directory and
     * environment; {@code null} before {@link io.jbake.bake.Bake#resolve()}.
     */
    public LocalInputs inputs() {
        return inputs;
    }

    /** Whether this target is only built because another one links to it ({@code target:x}). */
    public boolean linked() {
        return linked;
    }

    /**
     * Sets the build arg {@code name} to {@code value} unless the target has it (with or without a value), as
     * buildx sets {@code SOURCE_DATE_EPOCH} from the environment.
     */
    public void defaultArg(String name, String value) {
        if (args == null) {
            args = new TreeMap<>();
        }
        if (!args.containsKey(name)) { // not putIfAbsent, which would replace a key declared without a value
            args.put(name, value);
        }
    }

    /**
     * Records what the resolved target reads and writes on this machine, as {@code BuildInputs} decided it
     * against the command's directory and environment: the context as the build sees it, the outputs as
     * they are exported, and the paths and sources behind them ({@link #inputs()}).
     */
    public void setInputs(String context, List<ExportEntry> outputs, LocalInputs inputs) {
        this.context = context;
        this.outputs = outputs;
        this.inputs = inputs;
    }

    /**
     * Merges {@code other} on top of this target with buildx's rules (§7.3), each attribute by its
     * own {@link TargetAttribute.Merge} rule.
     */
    void merge(Target other) {
        for (TargetAttribute<?> a : ATTRIBUTES) {
            a.merge(this, other);
        }
        if (other.defaultContextBase != null) {
            defaultContextBase = other.defaultContextBase;
            useDefaultContextBase = other.useDefaultContextBase;
        }
        if (other.context != null) {
            contextBase = other.contextBase;
            contextBaseRef = other.contextBaseRef;
        }
        if (other.contexts != null && !other.contexts.isEmpty()) {
            contextsBase = contextsBase == null ? new HashMap<>() : new HashMap<>(contextsBase);
            for (String name : other.contexts.keySet()) {
                String base = other.contextsBase == null ? null : other.contextsBase.get(name);
                if (base != null) {
                    contextsBase.put(name, base);
                } else {
                    contextsBase.remove(name);
                }
            }
        }
    }

    /**
     * Records where a block of this target was written ({@code BUILDX_BAKE_FILE_RELATIVE_PATHS}): the file's
     * directory is the base of an unset context, of the context when the block sets it (or of the named target's
     * when it is {@code target.<name>.context}), and of the {@code contexts} entries it sets.
     *
     * @param fileDir the file's directory, {@code ""} for stdin or a URL
     * @param setsContext whether the block has a {@code context} attribute
     * @param contextRef the target a {@code context = target.<name>.context} names, else {@code null}
     * @param setsContexts whether the block has a {@code contexts} attribute
     */
    public void writtenIn(String fileDir, boolean setsContext, String contextRef, boolean setsContexts) {
        defaultContextBase = fileDir;
        if (setsContext) {
            contextBase = fileDir;
            contextBaseRef = contextRef;
        }
        if (setsContexts) {
            setContextsBase(fileDir);
        }
    }

    /** The base of every {@code contexts} entry the target has so far. */
    void setContextsBase(String base) {
        if (contexts == null || contexts.isEmpty()) {
            return;
        }
        contextsBase = contextsBase == null ? new HashMap<>() : new HashMap<>(contextsBase);
        for (String name : contexts.keySet()) {
            contextsBase.put(name, base);
        }
    }

    /**
     * The clean-up buildx applies after overrides: {@code network.host} for host networking, then
     * each attribute's own (dedupe of lists, removal of empty {@code contexts} values).
     */
    void normalize() {
        if ("host".equals(network)) {
            entitlements = Target.concat(entitlements, List.of("network.host"));
        }
        for (TargetAttribute<?> a : ATTRIBUTES) {
            a.normalize(this);
        }
    }

    /** A new list of {@code a}'s elements then {@code b}'s; either may be null (an unset attribute). */
    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> result = new ArrayList<>((a == null ? 0 : a.size()) + (b == null ? 0 : b.size()));
        if (a != null) {
            result.addAll(a);
        }
        if (b != null) {
            result.addAll(b);
        }
        return result;
    }

    /** Keeps the first position of each key and the last value given for it. */
    static <T> List<T> dedupeByKey(List<T> list, Function<T, String> key) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<T> result = new ArrayList<>(list.size());
        for (T item : list) {
            Integer at = index.get(key.apply(item));
            if (at != null) {
                result.set(at, item);
            } else {
                index.put(key.apply(item), result.size());
                result.add(item);
            }
        }
        return result;
    }

    /**
     * buildx's {@code removeDupes}: walks backwards and removes a later duplicate by swapping it with
     * the last element, so the order can change; reproduced because {@code --print} shows the order.
     */
    static <T> List<T> removeDupes(List<T> input) {
        List<T> s = new ArrayList<>(input);
        int len = s.size();
        for (int i = len - 2; i >= 0; i--) {
            T elem = s.get(i);
            for (int j = i + 1; j < len; j++) {
                if (elem.equals(s.get(j))) {
                    s.set(j, s.get(len - 1));
                    len--;
                    break;
                }
            }
        }
        return new ArrayList<>(s.subList(0, len));
    }

    /** Stable dedupe that also drops empty strings; keeps {@code null} and an emptied list as is. */
    static List<String> dedupeStrings(List<String> list) {
        if (list == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        List<String> result = new ArrayList<>(list.size());
        for (String s : list) {
            if (!s.isEmpty() && seen.add(s)) {
                result.add(s);
            }
        }
        return result;
    }

    /**
     * Writes the {@code --print} form: fields in buildx's order, unset or empty ones omitted, and
     * {@code ${}}/{@code %{} re-escaped where buildx does so that the output reads back as a bake file.
     */
    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        for (TargetAttribute<?> a : ATTRIBUTES) {
            Object printed = a.printed(this);
            if (printed != null) {
                json.field(a.name, printed);
            }
        }
        json.endObject();
    }

    /** {@code ${} becomes {@code $${} and {@code %{} becomes {@code %%{}. */
    static String escapeTemplate(String s) {
        if (s.indexOf('{') < 0) {
            return s;
        }
        return s.replace("${", "$${").replace("%{", "%%{");
    }
}
