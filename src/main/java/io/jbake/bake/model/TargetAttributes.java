package io.jbake.bake.model;

import static io.jbake.bake.model.TargetAttribute.bool;
import static io.jbake.bake.model.TargetAttribute.entries;
import static io.jbake.bake.model.TargetAttribute.list;
import static io.jbake.bake.model.TargetAttribute.map;
import static io.jbake.bake.model.TargetAttribute.object;
import static io.jbake.bake.model.TargetAttribute.string;

import io.jbake.bake.model.TargetAttribute.Collect;
import io.jbake.bake.model.TargetAttribute.Entries;
import io.jbake.bake.model.TargetAttribute.Merge;
import io.jbake.bake.model.TargetAttribute.OverrideKey;
import io.jbake.go.GoLib;
import io.jbake.hcl.func.Json;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Every attribute a {@code target} block may set ({@link #ALL}, in buildx's struct order, which is
 * also the {@code --print} order; other attributes are ignored), each declared once with all its
 * rules, and the conversions between HCL values and the typed {@link Target} fields that the
 * declarations use (buildx's gohcl decoding plus the CSV-or-object parsing of composite entries).
 *
 * <p>Adding an attribute: a field in {@link Target} (with a getter if the build uses it) and one
 * entry in {@link #ALL}.
 */
public final class TargetAttributes {
    private TargetAttributes() {}

    public static final Type STRING_LIST = Type.list(Type.STRING);
    static final Type STRING_MAP = Type.map(Type.STRING);
    private static final Type SECRET_TYPE =
            Type.object(Map.of("id", Type.STRING, "src", Type.STRING, "env", Type.STRING), Set.of("id", "src", "env"));
    private static final Type SSH_TYPE =
            Type.object(Map.of("id", Type.STRING, "paths", STRING_LIST), Set.of("id", "paths"));
    private static final Type RESOURCES_TYPE = Type.object(
            Map.of(
                    "memory",
                    Type.STRING,
                    "memory-swap",
                    Type.STRING,
                    "cpu-shares",
                    Type.NUMBER,
                    "cpu-period",
                    Type.NUMBER,
                    "cpu-quota",
                    Type.NUMBER,
                    "cpuset-cpus",
                    Type.STRING,
                    "cpuset-mems",
                    Type.STRING),
            Set.of("memory", "memory-swap", "cpu-shares", "cpu-period", "cpu-quota", "cpuset-cpus", "cpuset-mems"));

    // ---- the grammars of composite entries ----

    private static final Entries<Attest> ATTESTS = new Entries<>(
            STRING_MAP,
            s -> List.of(Attest.parse(s)),
            e -> List.of(Attest.fromMap(e.map())),
            a -> mapValue(a.asMap()),
            l -> Target.dedupeByKey(l, Attest::type));
    private static final Entries<CacheEntry> CACHES = new Entries<>(
            STRING_MAP,
            CacheEntry::parse,
            e -> List.of(CacheEntry.fromMap(e.map(), e.json())),
            c -> mapValue(c.asMap()),
            Target::removeDupes);
    private static final Entries<SecretEntry> SECRETS = new Entries<>(
            SECRET_TYPE,
            s -> List.of(SecretEntry.parse(s)),
            e -> List.of(
                    new SecretEntry(e.attr("id", SECRET_TYPE), e.attr("src", SECRET_TYPE), e.attr("env", SECRET_TYPE))),
            s -> Value.object(
                    Map.of("id", Value.string(s.id()), "src", Value.string(s.src()), "env", Value.string(s.env()))),
            l -> Target.dedupeByKey(l, SecretEntry::id));
    private static final Entries<SshEntry> SSH_KEYS = new Entries<>(
            SSH_TYPE,
            s -> List.of(SshEntry.parse(s)),
            e -> List.of(new SshEntry(e.attr("id", SSH_TYPE), e.paths())),
            s -> Value.object(
                    Map.of("id", Value.string(s.id()), "paths", listValue(s.paths(), Type.STRING, Value::string))),
            l -> Target.dedupeByKey(l, SshEntry::id));
    // buildx keeps every policy entry: inherits appends, nothing removes duplicates
    private static final Entries<PolicyEntry> POLICIES = new Entries<>(
            PolicyEntry.ELEMENT_TYPE,
            s -> List.of(PolicyEntry.parse(s)),
            e -> List.of(PolicyEntry.fromObject(e.value)),
            PolicyEntry::toValue,
            UnaryOperator.identity());
    private static final Entries<ExportEntry> EXPORTS = new Entries<>(
            STRING_MAP,
            s -> List.of(ExportEntry.parse(s)),
            e -> List.of(ExportEntry.fromMap(e.map())),
            o -> mapValue(o.asMap()),
            Target::removeDupes);

    /**
     * Every attribute, in buildx's struct order (the {@code --print} order). An attribute states its
     * kind, name, field and merge rule, then only where it differs from its kind's defaults.
     */
    public static final List<TargetAttribute<?>> ALL = List.of(
            // Go string, not *string: unset and "" are one, and a reference sees ""
            string("description", t -> t.description, (t, v) -> t.description = v)
                    .hcl(v -> emptyToNull(optString(v)), d -> Value.string(d == null ? "" : d)),
            list("inherits", t -> t.inherits, (t, v) -> t.inherits = v, Merge.APPEND)
                    .normalize(UnaryOperator.identity()),
            list("annotations", t -> t.annotations, (t, v) -> t.annotations = v, Merge.APPEND)
                    .escapedInPrint()
                    .override("annotation")
                    .overrideAppends(),
            entries("attest", ATTESTS, t -> t.attest, (t, v) -> t.attest = v, Merge.APPEND_DEDUPED)
                    .override("attest")
                    .overrideAppends()
                    .overrideError("invalid value for attest")
                    .compose("sbom", ComposeService::attest, "provenance"),
            string("context", t -> t.context, (t, v) -> t.context = v)
                    .override("context")
                    .compose("context", ComposeService::path),
            map("contexts", t -> t.contexts, (t, v) -> t.contexts = v)
                    .normalize(TargetAttributes::withoutEmptyValues)
                    .override("contexts", Collect.NAMED)
                    .compose("additional_contexts", ComposeService::additionalContexts)
                    .xBake(ComposeService::xBakeContexts),
            string("dockerfile", t -> t.dockerfile, (t, v) -> t.dockerfile = v)
                    .override("dockerfile")
                    .compose("dockerfile", ComposeService::nonEmpty),
            string("dockerfile-inline", t -> t.dockerfileInline, (t, v) -> t.dockerfileInline = v)
                    .escapedInPrint()
                    .compose("dockerfile_inline", ComposeService::nonEmpty),
            map("args", t -> t.args, (t, v) -> t.args = v)
                    .nullValues()
                    .escapedInPrint()
                    .override("arg", Collect.NAMED_OR_ENV)
                    .compose("args", ComposeService::args),
            map("labels", t -> t.labels, (t, v) -> t.labels = v)
                    .nullValues()
                    .escapedInPrint()
                    .override("label")
                    .compose("labels", ComposeService::labels),
            list("tags", t -> t.tags, (t, v) -> t.tags = v, Merge.REPLACE)
                    .override("tag")
                    .compose("tags", ComposeService::stringList)
                    .xBake(),
            entries("cache-from", CACHES, t -> t.cacheFrom, (t, v) -> t.cacheFrom = v, Merge.APPEND_DEDUPED)
                    .override("cache-from")
                    .compose("cache_from", ComposeService::cacheEntries)
                    .xBake(),
            entries("cache-to", CACHES, t -> t.cacheTo, (t, v) -> t.cacheTo = v, Merge.REPLACE)
                    .override("cache-to")
                    .compose("cache_to", ComposeService::cacheEntries)
                    .xBake(),
            string("target", t -> t.target, (t, v) -> t.target = v)
                    .override("target")
                    .compose("target", ComposeService::nonEmpty),
            // buildx wraps a bad --set secret value as "invalid value for outputs" (so does ssh)
            entries("secret", SECRETS, t -> t.secrets, (t, v) -> t.secrets = v, Merge.APPEND_DEDUPED)
                    .override("secret")
                    .overrideError("invalid value for outputs")
                    .override("secret", Collect.NAMED_NO_APPEND, TargetAttributes::overrideSecretSource)
                    .compose("secrets", ComposeService::secrets)
                    .xBake(),
            entries("ssh", SSH_KEYS, t -> t.ssh, (t, v) -> t.ssh = v, Merge.APPEND_DEDUPED)
                    .override("ssh")
                    .overrideError("invalid value for outputs")
                    .compose("ssh", ComposeService::sshEntries)
                    .xBake()
                    .sortedInCompose(SshEntry.ORDER),
            list("platforms", t -> t.platforms, (t, v) -> t.platforms = v, Merge.REPLACE)
                    .override("platform")
                    .compose("platforms", ComposeService::stringList)
                    .xBake(),
            entries("output", EXPORTS, t -> t.outputs, (t, v) -> t.outputs = v, Merge.REPLACE)
                    .override("output")
                    .overrideError("invalid value for outputs")
                    // --set push and load are buildx's shorthands for an image output and a docker output
                    .override(
                            "push",
                            Collect.VALUE,
                            (t, s) -> t.outputs =
                                    pushOutputs(t.outputs, TargetAttribute.overrideBool(s.value(), s.key())))
                    .override(
                            "load",
                            Collect.VALUE,
                            (t, s) -> t.outputs =
                                    loadOutputs(t.outputs, TargetAttribute.overrideBool(s.value(), s.key())))
                    .xBake(),
            bool("pull", t -> t.pull, (t, v) -> t.pull = v)
                    .override("pull")
                    .compose("pull", ComposeService::trueOrUnset)
                    .xBake(),
            bool("no-cache", t -> t.noCache, (t, v) -> t.noCache = v)
                    .override("no-cache")
                    .compose("no_cache", ComposeService::trueOrUnset)
                    .xBake(),
            // buildx before v0.38 collected --set network as a list and read the (empty) scalar slot
            string("network", t -> t.network, (t, v) -> t.network = v)
                    .override("network")
                    .compose("network", ComposeService::nonEmpty),
            // buildx before v0.38 collected --set no-cache-filter as a scalar and read the (empty) list;
            // v0.38 lets it take +=, as a list
            list("no-cache-filter", t -> t.noCacheFilter, (t, v) -> t.noCacheFilter = v, Merge.APPEND)
                    .override("no-cache-filter")
                    .xBake(),
            string("shm-size", t -> t.shmSize, (t, v) -> t.shmSize = v)
                    .override("shm-size")
                    .compose("shm_size", ComposeService::shmSize),
            // as no-cache-filter
            list("ulimits", t -> t.ulimits, (t, v) -> t.ulimits = v, Merge.APPEND)
                    .override("ulimit")
                    .compose("ulimits", ComposeService::ulimits),
            object("resources", RESOURCES_TYPE, t -> t.resources, (t, v) -> t.resources = v)
                    .hcl(TargetAttributes::resources, TargetAttributes::resourcesValue)
                    .override(
                            "resource",
                            Collect.NAMED_NO_APPEND,
                            (t, s) -> t.resources =
                                    (t.resources == null ? Resources.EMPTY : t.resources).with(s.name(), s.value())),
            string("call", t -> t.call, (t, v) -> t.call = v).override("call"),
            list("entitlements", t -> t.entitlements, (t, v) -> t.entitlements = v, Merge.APPEND)
                    .override("entitlement")
                    .overrideAppends(),
            map("extra-hosts", t -> t.extraHosts, (t, v) -> t.extraHosts = v)
                    .nullValues()
                    .escapedInPrint()
                    .override("extra-host")
                    .overrideFormat("<hostname>=<ip>")
                    .compose("extra_hosts", ComposeService::extraHosts),
            entries("policy", POLICIES, t -> t.policy, (t, v) -> t.policy = v, Merge.APPEND)
                    .override("policy"));

    public static final List<String> NAMES = ALL.stream().map(a -> a.name).toList();

    private static final Map<String, TargetAttribute<?>> BY_NAME = new HashMap<>();
    /** The {@code --set} keys without a name after them, and those with one ({@code secret} is both). */
    private static final Map<String, OverrideKey> OVERRIDE_KEYS = new HashMap<>();

    private static final Map<String, OverrideKey> NAMED_OVERRIDE_KEYS = new HashMap<>();

    /**
     * buildx v0.38's plural spellings of the singular {@code --set} keys; {@code secrets} is the list only
     * ({@code secrets.<id>} is invalid: the source of one secret is {@code secret.<id>}).
     */
    private static final Map<String, String> OVERRIDE_ALIASES = Map.of(
            "annotations", "annotation",
            "args", "arg",
            "entitlements", "entitlement",
            "extra-hosts", "extra-host",
            "labels", "label",
            "platforms", "platform",
            "resources", "resource",
            "secrets", "secret",
            "tags", "tag",
            "ulimits", "ulimit");

    /** The keys that take {@code +=} in buildx v0.38. */
    private static final Set<String> APPENDABLE_OVERRIDE_KEYS = Set.of(
            "annotation",
            "attest",
            "cache-from",
            "cache-to",
            "entitlement",
            "no-cache-filter",
            "output",
            "platform",
            "policy",
            "secret",
            "ssh",
            "tag",
            "ulimit");

    static {
        for (TargetAttribute<?> a : ALL) {
            BY_NAME.put(a.name, a);
            a.overrideKeys().forEach(k -> (k.named() ? NAMED_OVERRIDE_KEYS : OVERRIDE_KEYS).put(k.key(), k));
        }
    }

    /** The attribute named {@code name}, or {@code null}. */
    public static TargetAttribute<?> named(String name) {
        return BY_NAME.get(name);
    }

    /**
     * The {@code --set} key {@code key} (canonical or alias: {@code platform}, {@code platforms}, ...) as
     * given with a subkey or without, or {@code null} when there is none. A key that takes no subkey is
     * returned for both: {@link OverrideKey#named()} tells the caller that a subkey is not allowed.
     */
    public static OverrideKey overrideKey(String key, boolean withSubkey) {
        String canonical = OVERRIDE_ALIASES.getOrDefault(key, key);
        OverrideKey named = NAMED_OVERRIDE_KEYS.get(canonical);
        OverrideKey plain = OVERRIDE_KEYS.get(canonical);
        if (withSubkey && named != null && !key.equals("secrets")) {
            return named;
        }
        return plain != null ? plain : named;
    }

    /** Whether the canonical {@code --set} key takes {@code +=}. */
    public static boolean overrideAppendable(String canonicalKey) {
        return APPENDABLE_OVERRIDE_KEYS.contains(canonicalKey);
    }

    /** buildx removes {@code contexts} entries left empty (a parent's context unset by a child). */
    private static SortedMap<String, String> withoutEmptyValues(SortedMap<String, String> contexts) {
        contexts.values().removeIf(String::isEmpty);
        return contexts.isEmpty() ? null : contexts;
    }

    /** {@code --set t.secret.<id>=<source>}: replaces the source of an already declared secret. */
    private static void overrideSecretSource(Target t, TargetAttribute.OverrideValue s) {
        String id = s.name();
        SecretEntry parsed;
        try {
            parsed = SecretEntry.parse(s.value());
        } catch (BakeException e) {
            throw BakeException.wrap("invalid value for secret." + id, e);
        }
        if (!parsed.id().isEmpty() && !parsed.id().equals(id)) {
            throw new BakeException("secret override id " + GoLib.quote(parsed.id())
                    + " does not match declared secret " + GoLib.quote(id));
        }
        if (t.secrets != null) {
            for (int i = 0; i < t.secrets.size(); i++) {
                if (t.secrets.get(i).id().equals(id)) {
                    t.secrets = new ArrayList<>(t.secrets);
                    t.secrets.set(i, new SecretEntry(id, parsed.src(), parsed.env()));
                    return;
                }
            }
        }
        throw new BakeException("secret " + GoLib.quote(id) + " must be declared before it can be overridden");
    }

    /**
     * {@code push=true} sets {@code push=true} on image outputs and adds an image output when every
     * output is {@code docker} (or there is none); {@code push=false} drops registry outputs (by
     * buildx's swap-with-last removal) and sets {@code push=false} on image outputs.
     */
    static List<ExportEntry> pushOutputs(List<ExportEntry> current, boolean push) {
        List<ExportEntry> outputs = current == null ? new ArrayList<>() : new ArrayList<>(current);
        if (!push) {
            for (int i = 0; i < outputs.size(); ) {
                ExportEntry out = outputs.get(i);
                if (out.type().equals("registry")) {
                    outputs.set(i, outputs.get(outputs.size() - 1));
                    outputs.remove(outputs.size() - 1);
                    continue;
                }
                if (out.type().equals("image")) {
                    outputs.set(i, out.withAttr("push", "false"));
                }
                i++;
            }
            return outputs;
        }
        boolean addImage = true;
        for (int i = 0; i < outputs.size(); i++) {
            ExportEntry out = outputs.get(i);
            if (!out.type().equals("docker")) {
                addImage = false;
            }
            if (out.type().equals("image")) {
                outputs.set(i, out.withAttr("push", "true"));
            }
        }
        if (addImage) {
            outputs.add(ExportEntry.of("image").withAttr("push", "true"));
        }
        return outputs;
    }

    /**
     * {@code load=true} adds a {@code docker} output unless a docker output without destination
     * exists or any output is of a type other than docker, image, registry or oci.
     */
    static List<ExportEntry> loadOutputs(List<ExportEntry> current, boolean load) {
        if (!load) {
            return current;
        }
        List<ExportEntry> outputs = current == null ? new ArrayList<>() : new ArrayList<>(current);
        for (ExportEntry out : outputs) {
            switch (out.type()) {
                case "docker" -> {
                    if (out.dest().isEmpty()) {
                        return outputs;
                    }
                }
                case "image", "registry", "oci" -> {}
                default -> {
                    return outputs;
                }
            }
        }
        outputs.add(ExportEntry.of("docker"));
        return outputs;
    }

    // ---- HCL values ----

    /** A string map (values may be {@code null}) as an HCL map. */
    static Value mapValue(Map<String, String> map) {
        if (map.isEmpty()) {
            return Value.emptyMap(Type.STRING);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        map.forEach((k, v) -> values.put(k, v == null ? Value.nullOf(Type.STRING) : Value.string(v)));
        return Value.map(values);
    }

    /** A list as an HCL list of {@code elementType}. */
    static <E> Value listValue(List<E> list, Type elementType, Function<? super E, Value> toValue) {
        if (list.isEmpty()) {
            return Value.emptyList(elementType);
        }
        List<Value> values = new ArrayList<>(list.size());
        list.forEach(e -> values.add(toValue.apply(e)));
        return Value.list(values);
    }

    private static Value resourcesValue(Resources r) {
        if (r == null) {
            return Value.nullOf(RESOURCES_TYPE);
        }
        Map<String, Value> attrs = new LinkedHashMap<>();
        attrs.put("memory", optString(r.memory()));
        attrs.put("memory-swap", optString(r.memorySwap()));
        attrs.put("cpu-shares", optNumber(r.cpuShares()));
        attrs.put("cpu-period", optNumber(r.cpuPeriod()));
        attrs.put("cpu-quota", optNumber(r.cpuQuota()));
        attrs.put("cpuset-cpus", optString(r.cpusetCpus()));
        attrs.put("cpuset-mems", optString(r.cpusetMems()));
        return Value.object(attrs);
    }

    private static Value optString(String s) {
        return s == null ? Value.nullOf(Type.STRING) : Value.string(s);
    }

    private static Value optNumber(Long n) {
        return n == null ? Value.nullOf(Type.NUMBER) : Value.number(n);
    }

    /** A decoding failure; gohcl reports it as {@code Unsuitable value: <message>}. */
    public static final class DecodeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message, null, false, false);
        }
    }

    private static Value convert(Value v, Type type) {
        try {
            return Convert.convert(v, type);
        } catch (ConversionException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private static String asString(Value v) {
        return convert(v, Type.STRING).asString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String optString(Value v) {
        return v.isNull() ? null : asString(v);
    }

    static Boolean optBool(Value v) {
        return v.isNull() ? null : convert(v, Type.BOOL).asBool();
    }

    static List<String> stringList(Value v) {
        if (v.isNull()) {
            return null;
        }
        Value list = convert(v, STRING_LIST);
        List<String> out = new ArrayList<>(list.length());
        for (Value e : list.elements()) {
            if (e.isNull()) {
                throw new DecodeException("null value is not allowed");
            }
            out.add(e.asString());
        }
        return out;
    }

    /** A string map; {@code keepNulls} keeps {@code null} values (args, labels, extra-hosts). */
    static TreeMap<String, String> stringMap(Value v, boolean keepNulls) {
        if (v.isNull()) {
            return null;
        }
        Value map = convert(v, STRING_MAP);
        TreeMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Value> e : map.attributes().entrySet()) {
            if (e.getValue().isNull()) {
                if (!keepNulls) {
                    throw new DecodeException("null value is not allowed");
                }
                out.put(e.getKey(), null);
            } else {
                out.put(e.getKey(), e.getValue().asString());
            }
        }
        return out;
    }

    private static Resources resources(Value v) {
        if (v.isNull()) {
            return null;
        }
        Value o = convert(v, RESOURCES_TYPE);
        Map<String, Value> a = o.attributes();
        return new Resources(
                str(a.get("memory")),
                str(a.get("memory-swap")),
                num(a.get("cpu-shares")),
                num(a.get("cpu-period")),
                num(a.get("cpu-quota")),
                str(a.get("cpuset-cpus")),
                str(a.get("cpuset-mems")));
    }

    private static String str(Value v) {
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Long num(Value v) {
        return v == null || v.isNull() ? null : v.asBigDecimal().longValueExact();
    }

    /** One element of a composite list: a CSV string or an object. */
    static final class Element {
        final String string;
        final Value value;

        /** (buildx panics on a null element; jbake says what gohcl says of a null in a list of strings) */
        Element(Value value) {
            if (value.isNull()) {
                throw new DecodeException("null value is not allowed");
            }
            this.value = value;
            this.string = value.type().equals(Type.STRING) ? value.asString() : null;
        }

        /** The object form as a string map (null values dropped), for type/attrs entries. */
        Map<String, String> map() {
            Map<String, String> m = new LinkedHashMap<>();
            convert(value, STRING_MAP).attributes().forEach((k, v) -> {
                if (!v.isNull()) {
                    m.put(k, v.asString());
                }
            });
            return m;
        }

        /** The object form as JSON, as buildx quotes it in "type required" errors. */
        String json() {
            return Json.encode(value, value.type());
        }

        boolean isString() {
            return string != null;
        }

        /** An attribute of the object form of a {@code secret} or {@code ssh} entry, as a string. */
        String attr(String name, Type objectType) {
            Value v = attribute(name, objectType);
            return v == null || v.isNull()
                    ? ""
                    : inAttribute(name, () -> convert(v, Type.STRING).asString());
        }

        List<String> paths() {
            Value v = attribute("paths", SSH_TYPE);
            return v == null || v.isNull() ? List.of() : inAttribute("paths", () -> stringList(v));
        }

        /** An attribute of the object form; an element of another type is an error, as buildx's. */
        private Value attribute(String name, Type objectType) {
            if (!value.type().isObject() && !value.type().isMap()) {
                throw new DecodeException(Convert.mismatchMessage(value.type(), objectType));
            }
            return value.attributes().get(name);
        }

        /** A conversion error of one attribute names it, as cty's does. */
        private static <T> T inAttribute(String name, java.util.function.Supplier<T> conversion) {
            try {
                return conversion.get();
            } catch (DecodeException e) {
                throw new DecodeException("attribute " + GoLib.quote(name) + ": " + e.getMessage());
            }
        }
    }

    /**
     * A composite list: each element a CSV string or an object; empty strings are skipped. Parse
     * errors keep their own message (they are wrapped as one diagnostic by the caller).
     */
    static <T> List<T> decodeEntries(Value v, Entries<T> grammar) {
        if (v.isNull()) {
            return null;
        }
        if (!v.type().isList() && !v.type().isTuple()) {
            throw new DecodeException(Convert.mismatchMessage(v.type(), Type.list(grammar.elementType())));
        }
        List<T> out = new ArrayList<>();
        for (Value e : v.elements()) {
            if (e.type().equals(Type.STRING) && !e.isNull() && e.asString().isEmpty()) {
                continue;
            }
            try {
                Element element = new Element(e);
                out.addAll(
                        element.isString()
                                ? grammar.parse().apply(element.string)
                                : grammar.fromObject().apply(element));
            } catch (BakeException ex) {
                throw new DecodeException(ex.getMessage());
            }
        }
        return out;
    }
}
