package io.jbake.bake.model;

import io.jbake.go.GoLib;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One attribute of a {@code target} block and every rule bake applies to it, declared once in
 * {@link TargetAttributes}: its name (in HCL, JSON, {@code --print} and {@code x-bake}), the
 * {@link Target} field that holds it, decoding an evaluated HCL/JSON value, the value a
 * {@code target.x.<name>} reference sees, the inherits merge rule (bake-reference §7.3), the
 * clean-up after overrides, the {@code --print} form, its {@code --set} keys (§8) and where a
 * compose service's {@code build} section feeds it (§2).
 *
 * <p>The {@link Kind} gives each rule its default; an attribute states only where it differs.
 * {@code null} is "not set" everywhere: an unset attribute is not merged, printed or normalised.
 * Declaring methods ({@link #override}, {@link #compose}, ...) are only called while the registry is
 * built.
 *
 * @param <T> the field's Java type
 */
public final class TargetAttribute<T> {
    /** The shape of the value, which decides the defaults of every rule. */
    enum Kind {
        /** Go {@code *string}; {@code ""} is a value. */
        STRING,
        /** Go {@code *bool}. */
        BOOL,
        /** Go {@code []string}. */
        LIST,
        /** Go {@code map[string]string} or {@code map[string]*string}. */
        MAP,
        /** A list of composite entries, each a CSV string or an object ({@link Entries}). */
        ENTRIES,
        /** An object of optional fields ({@link Resources}). */
        OBJECT
    }

    /** How {@code inherits} combines a parent's value (first) with the child's (bake-reference §7.3). */
    enum Merge {
        /** The child's value, when set, replaces the parent's. */
        REPLACE,
        /** The child's elements follow the parent's. */
        APPEND,
        /** As {@link #APPEND}, then duplicates are removed with the entries' own rule. */
        APPEND_DEDUPED,
        /** Per map key (a child's {@code null} keeps the parent's value), per object field. */
        PER_KEY
    }

    /**
     * How {@code --set} collects the values of one key before applying them (buildx's
     * {@code newOverrides}); what {@code apply} then reads is the slot the key was collected in.
     */
    public enum Collect {
        /** The last value, in the scalar slot. */
        VALUE,
        /** Every value, in the list slot; the last {@code +=} or {@code =} decides append or replace. */
        VALUES,
        /** {@code key.<name>=value}: a name is required. */
        NAMED,
        /** As {@link #NAMED}, and {@code key.<name>} alone takes the value of the environment variable. */
        NAMED_OR_ENV,
        /** As {@link #NAMED}, and {@code +=} is an error. */
        NAMED_NO_APPEND
    }

    /**
     * The grammar of a composite entry: the CSV string form (one string may give several entries),
     * the object form, the value HCL references see, and how duplicates are removed.
     */
    record Entries<E>(
            Type elementType,
            Function<String, List<E>> parse,
            Function<TargetAttributes.Element, List<E>> fromObject,
            Function<E, Value> toValue,
            UnaryOperator<List<E>> dedupe) {

        /** Parses CSV strings, skipping empty ones; errors are wrapped in {@code wrap} when given. */
        List<E> parseAll(List<String> texts, String wrap) {
            List<E> result = new ArrayList<>();
            for (String text : texts) {
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    result.addAll(parse.apply(text));
                } catch (BakeException e) {
                    throw wrap == null ? e : BakeException.wrap(wrap, e);
                }
            }
            return result;
        }
    }

    /** One {@code --set <target>.<key>[.<name>][+]=value} as collected for one target. */
    public record OverrideValue(
            String key, String name, String value, List<String> values, boolean append, boolean clear) {}

    /** One {@code --set} key of an attribute; {@code apply} {@code null} means the kind's default. */
    public record OverrideKey(
            String key, Collect collect, TargetAttribute<?> attribute, BiConsumer<Target, OverrideValue> apply) {
        /** Whether the key takes a name after it ({@code arg.<name>}): only these accept a subkey. */
        public boolean named() {
            return collect == Collect.NAMED
                    || collect == Collect.NAMED_OR_ENV
                    || collect == Collect.NAMED_NO_APPEND
                    || attribute.kind == Kind.MAP;
        }

        public void applyTo(Target t, OverrideValue s) {
            if (apply != null) {
                apply.accept(t, s);
            } else {
                attribute.applyOverride(t, s);
            }
        }
    }

    /** Reads an attribute from a compose service: {@code node} is its build key's value. */
    interface ComposeReader<T> {
        T read(ComposeService service, Object node);
    }

    final String name;
    final Kind kind;
    /** The type {@code target.x.<name>} has when the attribute is unset. */
    final Type type;

    private final Function<Target, T> get;
    private final BiConsumer<Target, T> set;
    private final Merge merge;
    private final Entries<?> entries;
    private Function<Value, T> decode;
    private Function<T, Value> encode;
    private UnaryOperator<T> normalize;
    private boolean escapedInPrint;
    private boolean nullValues;
    private boolean overrideAppends;
    private String overrideError;
    private String overrideFormat;
    private final List<OverrideKey> overrideKeys = new ArrayList<>();
    private String composeKey;
    private final List<String> composeAlsoReads = new ArrayList<>();
    private ComposeReader<T> compose;
    private boolean xBake;
    private BiFunction<T, Object, T> xBakeMerge;
    private Comparator<Object> composeOrder;

    private TargetAttribute(
            String name,
            Kind kind,
            Type type,
            Function<Target, T> get,
            BiConsumer<Target, T> set,
            Merge merge,
            Entries<?> entries) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.get = get;
        this.set = set;
        this.merge = merge;
        this.entries = entries;
    }

    static TargetAttribute<String> string(String name, Function<Target, String> get, BiConsumer<Target, String> set) {
        return new TargetAttribute<>(name, Kind.STRING, Type.STRING, get, set, Merge.REPLACE, null);
    }

    static TargetAttribute<Boolean> bool(String name, Function<Target, Boolean> get, BiConsumer<Target, Boolean> set) {
        return new TargetAttribute<>(name, Kind.BOOL, Type.BOOL, get, set, Merge.REPLACE, null);
    }

    static TargetAttribute<List<String>> list(
            String name, Function<Target, List<String>> get, BiConsumer<Target, List<String>> set, Merge merge) {
        return new TargetAttribute<>(name, Kind.LIST, TargetAttributes.STRING_LIST, get, set, merge, null);
    }

    static TargetAttribute<SortedMap<String, String>> map(
            String name,
            Function<Target, SortedMap<String, String>> get,
            BiConsumer<Target, SortedMap<String, String>> set) {
        return new TargetAttribute<>(name, Kind.MAP, TargetAttributes.STRING_MAP, get, set, Merge.PER_KEY, null);
    }

    static <E> TargetAttribute<List<E>> entries(
            String name,
            Entries<E> entries,
            Function<Target, List<E>> get,
            BiConsumer<Target, List<E>> set,
            Merge merge) {
        return new TargetAttribute<>(name, Kind.ENTRIES, Type.list(entries.elementType()), get, set, merge, entries);
    }

    static <T> TargetAttribute<T> object(String name, Type type, Function<Target, T> get, BiConsumer<Target, T> set) {
        return new TargetAttribute<>(name, Kind.OBJECT, type, get, set, Merge.PER_KEY, null);
    }

    // ---- declaring ----

    /** Decoding and referencing of a kind without a generic form (objects), or a special one. */
    TargetAttribute<T> hcl(Function<Value, T> decode, Function<T, Value> encode) {
        this.decode = decode;
        this.encode = encode;
        return this;
    }

    /** The clean-up after overrides, when it is not the kind's. */
    TargetAttribute<T> normalize(UnaryOperator<T> normalize) {
        this.normalize = normalize;
        return this;
    }

    /** Map values may be {@code null} (Go {@code map[string]*string}): the key stays, nothing is sent. */
    TargetAttribute<T> nullValues() {
        this.nullValues = true;
        return this;
    }

    /** {@code ${}} and {@code %{} are escaped in {@code --print} so that it reads back as a bake file. */
    TargetAttribute<T> escapedInPrint() {
        this.escapedInPrint = true;
        return this;
    }

    /** A {@code --set} key collected as its kind's default ({@link Collect#VALUES} for lists). */
    TargetAttribute<T> override(String key) {
        boolean isList = kind == Kind.LIST || kind == Kind.ENTRIES;
        return override(key, isList ? Collect.VALUES : Collect.VALUE);
    }

    TargetAttribute<T> override(String key, Collect collect) {
        overrideKeys.add(new OverrideKey(key, collect, this, null));
        return this;
    }

    /** A {@code --set} key with its own way of applying. */
    TargetAttribute<T> override(String key, Collect collect, BiConsumer<Target, OverrideValue> apply) {
        overrideKeys.add(new OverrideKey(key, collect, this, apply));
        return this;
    }

    /** {@code --set} adds to the value whether or not {@code +=} is used. */
    TargetAttribute<T> overrideAppends() {
        this.overrideAppends = true;
        return this;
    }

    /** What a {@code --set} value's parse error is wrapped in. */
    TargetAttribute<T> overrideError(String wrap) {
        this.overrideError = wrap;
        return this;
    }

    /** The form a named {@code --set} key takes, for the error when the name is missing. */
    TargetAttribute<T> overrideFormat(String format) {
        this.overrideFormat = format;
        return this;
    }

    /** Read from the compose {@code build} key {@code key} (and the keys {@code alsoReads}). */
    TargetAttribute<T> compose(String key, ComposeReader<T> reader, String... alsoReads) {
        this.composeKey = key;
        this.compose = reader;
        this.composeAlsoReads.addAll(List.of(alsoReads));
        return this;
    }

    /** Also read from the service's {@code x-bake} extension, merged as the kind does. */
    TargetAttribute<T> xBake() {
        this.xBake = true;
        return this;
    }

    /** Also read from {@code x-bake}, merged into compose's value by {@code merge}. */
    TargetAttribute<T> xBake(BiFunction<T, Object, T> merge) {
        this.xBake = true;
        this.xBakeMerge = merge;
        return this;
    }

    /** Compose keeps the entries sorted (after {@code x-bake} too). */
    @SuppressWarnings("unchecked")
    <E> TargetAttribute<T> sortedInCompose(Comparator<E> order) {
        this.composeOrder = (Comparator<Object>) order;
        return this;
    }

    // ---- using ----

    /** The name in HCL, JSON, {@code --print} and {@code x-bake}. */
    public String name() {
        return name;
    }

    T get(Target t) {
        return get.apply(t);
    }

    void set(Target t, T value) {
        set.accept(t, value);
    }

    List<OverrideKey> overrideKeys() {
        return overrideKeys;
    }

    /** The compose {@code build} keys this attribute reads. */
    List<String> composeKeys() {
        List<String> keys = new ArrayList<>();
        if (composeKey != null) {
            keys.add(composeKey);
            keys.addAll(composeAlsoReads);
        }
        return keys;
    }

    /** Stores the evaluated HCL/JSON value {@code v}. */
    @SuppressWarnings("unchecked")
    public void decode(Target t, Value v) {
        if (decode != null) {
            set(t, decode.apply(v));
            return;
        }
        Object field = switch (kind) {
            case STRING -> TargetAttributes.optString(v);
            case BOOL -> TargetAttributes.optBool(v);
            case LIST -> TargetAttributes.stringList(v);
            case MAP -> TargetAttributes.stringMap(v, nullValues);
            case ENTRIES -> TargetAttributes.decodeEntries(v, entries);
            case OBJECT -> throw new IllegalStateException(name + " declares no decoding");
        };
        set(t, (T) field);
    }

    /** The value {@code target.<t>.<name>} has: {@code null} when unset, but an empty list for entries. */
    @SuppressWarnings("unchecked")
    public Value encode(Target t) {
        T field = get(t);
        if (encode != null) {
            return encode.apply(field);
        }
        if (field == null) {
            // buildx's composite lists (Attests, CacheOptions, Secrets, ...) turn an unset value into an empty list
            return kind == Kind.ENTRIES ? Value.emptyList(entries.elementType()) : Value.nullOf(type);
        }
        return switch (kind) {
            case STRING -> Value.string((String) field);
            case BOOL -> Value.bool((Boolean) field);
            case LIST -> TargetAttributes.listValue((List<String>) field, Type.STRING, Value::string);
            case MAP -> TargetAttributes.mapValue((Map<String, String>) field);
            case ENTRIES ->
                TargetAttributes.listValue((List<Object>) field, entries.elementType(), (Function<Object, Value>)
                        (Function<?, Value>) entries.toValue());
            case OBJECT -> throw new IllegalStateException(name + " declares no encoding");
        };
    }

    /** Merges {@code from}'s value, when set, over {@code into}'s. */
    @SuppressWarnings("unchecked")
    void merge(Target into, Target from) {
        T other = get(from);
        if (other == null) {
            return;
        }
        T current = get(into);
        Object merged = switch (merge) {
            case REPLACE -> other instanceof List<?> l ? new ArrayList<>(l) : other;
            case APPEND -> append((List<Object>) current, (List<Object>) other);
            case APPEND_DEDUPED -> dedupe(Target.concat((List<Object>) current, (List<Object>) other));
            case PER_KEY ->
                other instanceof Resources r
                        ? (current == null ? Resources.EMPTY : (Resources) current).merge(r)
                        : mergeNonNullValues((SortedMap<String, String>) current, (SortedMap<String, String>) other);
        };
        set(into, (T) merged);
    }

    /** The clean-up buildx applies after overrides. */
    @SuppressWarnings("unchecked")
    void normalize(Target t) {
        if (normalize == null && kind != Kind.LIST && kind != Kind.ENTRIES) {
            return;
        }
        T field = get(t);
        if (field == null) {
            return;
        }
        if (normalize != null) {
            set(t, normalize.apply(field));
        } else if (kind == Kind.LIST) {
            set(t, (T) Target.dedupeStrings((List<String>) field));
        } else {
            List<Object> list = (List<Object>) field;
            set(t, list.isEmpty() ? null : (T) dedupe(list));
        }
    }

    /** The {@code --print} value, or {@code null} when omitted (Go's {@code omitempty}). */
    @SuppressWarnings("unchecked")
    Object printed(Target t) {
        T field = get(t);
        if (field == null) {
            return null;
        }
        return switch (kind) {
            case STRING -> escapedInPrint ? Target.escapeTemplate((String) field) : field;
            case BOOL, OBJECT -> field;
            case LIST, ENTRIES -> {
                List<Object> list = (List<Object>) field;
                if (list.isEmpty()) {
                    yield null;
                }
                if (!escapedInPrint) {
                    yield list;
                }
                List<String> escaped = new ArrayList<>(list.size());
                list.forEach(v -> escaped.add(Target.escapeTemplate((String) v)));
                yield escaped;
            }
            case MAP -> {
                SortedMap<String, String> map = (SortedMap<String, String>) field;
                if (printsAsIs(map)) {
                    yield map.isEmpty() ? null : map;
                }
                // Go drops nil-pointer map values only through omitempty of the whole map
                SortedMap<String, String> printed = new TreeMap<>();
                map.forEach((k, v) -> {
                    if (v != null) {
                        printed.put(k, escapedInPrint ? Target.escapeTemplate(v) : v);
                    }
                });
                yield printed.isEmpty() ? null : printed;
            }
        };
    }

    /** Applies one collected {@code --set} key the way the kind does (buildx's {@code AddOverrides}). */
    @SuppressWarnings("unchecked")
    void applyOverride(Target t, OverrideValue s) {
        T current = get(t);
        Object value = switch (kind) {
            case STRING -> s.value();
            case BOOL -> overrideBool(s.value(), s.key());
            // a key collected as a scalar leaves the list slot empty: the list is cleared
            // an empty value clears the list (buildx v0.38), the file's values too, before what follows it
            case LIST ->
                s.values() == null
                        ? null
                        : (s.append() || overrideAppends) && !s.clear()
                                ? Target.concat((List<String>) current, s.values())
                                : s.values().isEmpty() ? null : new ArrayList<>(s.values());
            case MAP -> {
                if (s.name() == null) {
                    throw new BakeException("invalid format for " + s.key() + ", expecting " + s.key() + "."
                            + (overrideFormat != null ? overrideFormat : "<name>=<value>"));
                }
                SortedMap<String, String> map = current == null ? new TreeMap<>() : (SortedMap<String, String>) current;
                map.put(s.name(), s.value());
                yield map;
            }
            case ENTRIES -> {
                List<Object> parsed = (List<Object>) entries.parseAll(s.values(), overrideError);
                yield (s.append() || overrideAppends) && !s.clear()
                        ? dedupe(Target.concat((List<Object>) current, parsed))
                        : parsed.isEmpty() ? null : parsed;
            }
            case OBJECT -> throw new IllegalStateException(name + " declares no --set");
        };
        set(t, (T) value);
    }

    /** A {@code --set} boolean, as Go's {@code strconv.ParseBool} reads it. */
    static boolean overrideBool(String value, String key) {
        return GoLib.parseBool(value)
                .orElseThrow(() -> new BakeException("invalid value " + value + " for boolean key " + key));
    }

    /** Reads the attribute from a compose service's build section. */
    void readCompose(Target t, ComposeService service) {
        if (compose != null) {
            set(t, compose.read(service, service.build(composeKey)));
        }
    }

    /** Merges the service's {@code x-bake} value (bake names and grammar) into compose's. */
    @SuppressWarnings("unchecked")
    void readXBake(Target t, Map<?, ?> xBakeSection) {
        if (!xBake) {
            return;
        }
        Object node = xBakeSection.get(name);
        T current = get(t);
        if (xBakeMerge != null) {
            set(t, xBakeMerge.apply(current, node));
            return;
        }
        switch (kind) {
            case BOOL -> {
                if (node != null) {
                    set(t, (T) ComposeService.bool(node));
                }
            }
            case LIST -> {
                List<String> fields = ComposeService.fields(node);
                if (!fields.isEmpty()) {
                    LinkedHashSet<String> union = new LinkedHashSet<>();
                    if (current != null) {
                        union.addAll((List<String>) current);
                    }
                    union.addAll(fields);
                    set(t, (T) new ArrayList<>(union));
                }
            }
            case ENTRIES -> {
                List<String> fields = ComposeService.fields(node);
                if (!fields.isEmpty()) {
                    List<Object> merged = dedupe(
                            Target.concat((List<Object>) current, (List<Object>) entries.parseAll(fields, null)));
                    if (composeOrder != null) {
                        merged.sort(composeOrder);
                    }
                    set(t, (T) merged);
                }
            }
            default -> throw new IllegalStateException(name + " declares no x-bake merge");
        }
    }

    /** Whether a map prints as it is: no {@code null} values and nothing to escape. */
    private boolean printsAsIs(Map<String, String> map) {
        for (String v : map.values()) {
            if (v == null || escapedInPrint && v.indexOf('{') >= 0) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private List<Object> dedupe(List<Object> list) {
        return ((UnaryOperator<List<Object>>) (UnaryOperator<?>) entries.dedupe()).apply(list);
    }

    private static List<Object> append(List<Object> list, List<Object> more) {
        List<Object> result = list == null ? new ArrayList<>(more.size()) : list;
        result.addAll(more);
        return result;
    }

    private static SortedMap<String, String> mergeNonNullValues(
            SortedMap<String, String> into, SortedMap<String, String> from) {
        for (Map.Entry<String, String> e : from.entrySet()) {
            if (e.getValue() != null) {
                if (into == null) {
                    into = new TreeMap<>();
                }
                into.put(e.getKey(), e.getValue());
            }
        }
        return into;
    }

    @Override
    public String toString() {
        return name;
    }
}
