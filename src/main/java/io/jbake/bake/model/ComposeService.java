package io.jbake.bake.model;

import io.jbake.go.GoLib;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compose service as the compose readers of {@link TargetAttributes} see it (bake-reference §2): each
 * reader turns the value of one {@code build} key into the attribute's field ({@code null} when it sets
 * nothing). The nodes are the loader's, already merged, interpolated and checked against the schema: maps,
 * lists and scalars; the readings of such nodes that the loader shares are here too.
 */
public final class ComposeService {
    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtTpP])?(?:[iI]?[bB])?$");
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final Map<?, ?> service;
    private final Map<?, ?> build;
    private final Map<?, ?> secretDefs;
    private final Map<String, String> env;
    private final Supplier<Map<String, String>> serviceEnvironment;

    /**
     * @param service the service's section ({@code image}, {@code build}, {@code environment}, {@code env_file})
     * @param build its {@code build} section ({@code build: dir} as {@code {context: dir}})
     * @param secretDefs the top-level {@code secrets} section
     * @param env the compose environment, where a value-less build arg is looked up last
     * @param serviceEnvironment the service's environment ({@code env_file}, then {@code environment}), read only
     *     when a build arg needs it
     */
    public ComposeService(
            Map<?, ?> service,
            Map<?, ?> build,
            Map<?, ?> secretDefs,
            Map<String, String> env,
            Supplier<Map<String, String>> serviceEnvironment) {
        this.service = service;
        this.build = build;
        this.secretDefs = secretDefs;
        this.env = env;
        this.serviceEnvironment = serviceEnvironment;
    }

    /** The build keys the attributes read. */
    public static Set<String> attributeKeys() {
        Set<String> keys = new HashSet<>();
        TargetAttributes.ALL.forEach(a -> keys.addAll(a.composeKeys()));
        return keys;
    }

    /**
     * The service's target: each attribute's compose reader, then its {@code x-bake} value; the service's
     * {@code image} is the tag when neither gives one.
     */
    public Target toTarget(String name) {
        Target t = new Target(name);
        TargetAttributes.ALL.forEach(a -> a.readCompose(t, this));
        if (build.get("x-bake") instanceof Map<?, ?> xBake) {
            TargetAttributes.ALL.forEach(a -> a.readXBake(t, xBake));
        }
        String image = str(service.get("image"));
        if ((t.tags == null || t.tags.isEmpty()) && !image.isEmpty()) {
            t.tags = new ArrayList<>(List.of(image));
        }
        return t;
    }

    Object build(String key) {
        return build.get(key);
    }

    String nonEmpty(Object node) {
        String s = str(node);
        return s.isEmpty() ? null : s;
    }

    String path(Object node) {
        String s = str(node);
        return s.isEmpty() ? null : GoLib.cleanPath(s);
    }

    Boolean trueOrUnset(Object node) {
        return Boolean.TRUE.equals(bool(node)) ? Boolean.TRUE : null;
    }

    List<String> stringList(Object node) {
        List<String> list = textList(node);
        return list.isEmpty() ? null : list;
    }

    SortedMap<String, String> labels(Object node) {
        Map<String, String> labels = stringMap(node);
        return labels.isEmpty() ? null : new TreeMap<>(labels);
    }

    SortedMap<String, String> additionalContexts(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, String> additional = stringMap(node);
        // compose-go cleans relative paths of additional contexts (x-bake's are kept as written)
        additional.replaceAll((k, v) -> v.startsWith("./") || v.startsWith("../") ? GoLib.cleanPath(v) : v);
        return namedContexts(additional);
    }

    /** {@code sbom} and {@code provenance}, as buildx's {@code --sbom}/{@code --provenance} flags. */
    List<Attest> attest(Object sbom) {
        List<Attest> attest = new ArrayList<>();
        if (!str(sbom).isEmpty()) {
            attest.add(Attest.parse(Attest.canonicalFlag("sbom", str(sbom))));
        }
        Object provenance = build.get("provenance");
        if (!str(provenance).isEmpty()) {
            attest.add(Attest.parse(Attest.canonicalFlag("provenance", str(provenance))));
        }
        return attest.isEmpty() ? null : attest;
    }

    String shmSize(Object node) {
        if (node == null) {
            return null;
        }
        long bytes = ramInBytes(str(node));
        return bytes > 0 ? memBytesString(bytes) : null;
    }

    /**
     * Build args; a value-less arg is looked up in the service environment, then in the compose
     * environment, and dropped when unresolved.
     */
    TreeMap<String, String> args(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, String> serviceEnv = serviceEnvironment.get();
        TreeMap<String, String> args = new TreeMap<>();
        for (Map.Entry<String, String> e : keyValues(node, "=").entrySet()) {
            String value = e.getValue();
            if (value == null) {
                value = serviceEnv.get(e.getKey());
                if (value == null) {
                    value = env.get(e.getKey());
                }
            }
            if (value != null) {
                args.put(e.getKey(), value);
            }
        }
        return args.isEmpty() ? null : args;
    }

    List<CacheEntry> cacheEntries(Object node) {
        List<String> values = textList(node);
        if (values.isEmpty()) {
            return null;
        }
        List<CacheEntry> result = new ArrayList<>();
        values.forEach(v -> result.addAll(CacheEntry.parse(v)));
        return result.isEmpty() ? null : result;
    }

    /** {@code id} or {@code id=path} entries (or a mapping id: path), sorted by id then paths. */
    List<SshEntry> sshEntries(Object node) {
        if (node == null) {
            return null;
        }
        List<SshEntry> result = new ArrayList<>();
        keyValues(node, "=")
                .forEach((id, path) -> result.add(
                        new SshEntry(id, path == null || path.isEmpty() ? List.of() : List.of(GoLib.cleanPath(path)))));
        result.sort(SshEntry.ORDER);
        return result.isEmpty() ? null : result;
    }

    List<SecretEntry> secrets(Object node) {
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<SecretEntry> result = new ArrayList<>();
        for (Object item : list) {
            String source = item instanceof Map<?, ?> m ? str(m.get("source")) : str(item);
            Map<?, ?> def = secretDefs.get(source) instanceof Map<?, ?> d ? d : Map.of();
            if (Boolean.TRUE.equals(bool(def.get("external")))) {
                throw new BakeException("unsupported external secret " + str(def.get("name")));
            }
            String file = str(def.get("file"));
            result.add(
                    new SecretEntry(source, file.isEmpty() ? "" : GoLib.cleanPath(file), str(def.get("environment"))));
        }
        return result;
    }

    List<String> ulimits(Object node) {
        if (!(node instanceof Map<?, ?> map) || map.isEmpty()) {
            return null;
        }
        List<String> result = new ArrayList<>();
        new TreeMap<>(map).forEach((name, limit) -> {
            long soft;
            long hard;
            if (limit instanceof Map<?, ?> l) {
                soft = ulimitValue(l.get("soft"));
                hard = ulimitValue(l.get("hard"));
            } else {
                soft = ulimitValue(limit);
                hard = soft;
            }
            result.add(name + "=" + soft + ":" + hard);
        });
        return result;
    }

    /**
     * A ulimit the schema let through (the loader checks its type): a string must hold an integer (buildx
     * panics on one that does not; this is Go's error for it).
     */
    private static long ulimitValue(Object value) {
        String text = str(value);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BakeException("strconv.ParseInt: parsing " + GoLib.quote(text) + ": invalid syntax");
        }
    }

    /** {@code host=ip}/{@code host:ip} list or mapping; several IPs for one host are comma-joined. */
    TreeMap<String, String> extraHosts(Object node) {
        TreeMap<String, String> result = new TreeMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((host, ips) -> result.put(
                    String.valueOf(host),
                    ips instanceof List<?> l
                            ? String.join(
                                    ",", l.stream().map(ComposeService::str).toList())
                            : str(ips)));
        } else if (node instanceof List<?> list) {
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (Object item : list) {
                String s = str(item);
                int i = s.indexOf('=');
                if (i < 0) {
                    i = s.indexOf(':');
                }
                if (i < 0) {
                    continue;
                }
                grouped.computeIfAbsent(s.substring(0, i), k -> new ArrayList<>())
                        .add(s.substring(i + 1));
            }
            grouped.forEach((host, ips) -> result.put(host, String.join(",", ips)));
        }
        return result;
    }

    /**
     * A compose "mapping or list" section as ordered key/value pairs: {@code {K: v}} or
     * {@code ["K=v", "K"]}; a key without value maps to {@code null}.
     */
    public static Map<String, String> keyValues(Object node, String sep) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : scalar(v)));
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                String s = str(item);
                int i = s.indexOf(sep);
                if (i < 0) {
                    result.put(s, null);
                } else {
                    result.put(s.substring(0, i), s.substring(i + sep.length()));
                }
            }
        }
        return result;
    }

    private static Map<String, String> stringMap(Object node) {
        Map<String, String> result = new LinkedHashMap<>();
        keyValues(node, "=").forEach((k, v) -> result.put(k, v == null ? "" : v));
        return result;
    }

    private static TreeMap<String, String> namedContexts(Map<String, String> contexts) {
        TreeMap<String, String> result = new TreeMap<>();
        contexts.forEach((k, v) -> {
            if (v.startsWith("service:") || v.startsWith("target:")) {
                v = "target:" + v.substring(v.indexOf(':') + 1).replace('.', '_');
            }
            result.put(k, v);
        });
        return result;
    }

    /** {@code x-bake} contexts are added to compose's additional contexts, which win. */
    static SortedMap<String, String> xBakeContexts(SortedMap<String, String> current, Object node) {
        if (!(node instanceof Map<?, ?> contexts) || contexts.isEmpty()) {
            return current;
        }
        SortedMap<String, String> merged = current == null ? new TreeMap<>() : current;
        namedContexts(stringMap(contexts)).forEach(merged::putIfAbsent);
        return merged;
    }

    /** An x-bake list field: a YAML list, or one string split on whitespace. */
    static List<String> fields(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(ComposeService::str).toList();
        }
        if (node == null) {
            return List.of();
        }
        String s = str(node).strip();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }

    private static List<String> textList(Object node) {
        if (node instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(ComposeService::str).toList());
        }
        return new ArrayList<>();
    }

    /** A YAML scalar as text, {@code ""} for none. */
    public static String str(Object node) {
        return node == null ? "" : scalar(node);
    }

    /** A YAML scalar as text, numbers written as Go would ({@code 1.0} stays {@code 1.0}). */
    private static String scalar(Object v) {
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf"; // .nan, .inf as Go formats them
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    static Boolean bool(Object node) {
        if (node instanceof Boolean b) {
            return b;
        }
        return node == null ? null : GoLib.parseBool(str(node)).orElse(false);
    }

    /** Docker's {@code RAMInBytes}: a number with an optional binary unit suffix. */
    static long ramInBytes(String s) {
        Matcher m = RAM.matcher(s.strip());
        if (!m.matches()) {
            throw new BakeException("invalid size: " + GoLib.quote(s));
        }
        double size = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int power = "kmgtp".indexOf(unit.isEmpty() ? 'x' : unit.charAt(0)) + 1;
        return (long) (size * Math.pow(1024, power));
    }

    /** Docker's {@code MemBytes.String()}: {@code %.4g} of the size in the largest binary unit. */
    static String memBytesString(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < BINARY_UNITS.length - 1) {
            size /= 1024;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(size).round(new java.math.MathContext(4));
        return rounded.stripTrailingZeros().toPlainString() + BINARY_UNITS[unit];
    }
}
