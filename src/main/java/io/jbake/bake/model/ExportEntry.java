package io.jbake.bake.model;

import io.jbake.go.GoJson;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code output} entry: an exporter type, its destination and its other attributes
 * ({@code type=image,name=x,push=true}). Printed as one flat object with sorted keys.
 *
 * @param type exporter type ({@code local}, {@code tar}, {@code image}, {@code registry},
 *     {@code docker}, {@code oci}, {@code cacheonly}, ...), never empty
 * @param dest destination path, {@code ""} when unset
 * @param attrs the other attributes, sorted by key
 */
public record ExportEntry(String type, String dest, SortedMap<String, String> attrs) implements GoJson.JsonWritable {

    public ExportEntry {
        attrs = Collections.unmodifiableSortedMap(new TreeMap<>(attrs));
    }

    public static ExportEntry of(String type) {
        return new ExportEntry(type, "", new TreeMap<>());
    }

    /**
     * Parses the CSV form. A single field that does not start with {@code type=} is a shorthand:
     * {@code -} means {@code type=tar,dest=-}, anything else {@code type=local,dest=<value>}.
     */
    public static ExportEntry parse(String text) {
        List<String> fields = Csv.fields(text);
        if (fields.size() == 1 && fields.get(0).equals(text) && !text.startsWith("type=")) {
            return new ExportEntry(text.equals("-") ? "tar" : "local", text, new TreeMap<>());
        }
        String type = "";
        String dest = "";
        TreeMap<String, String> attrs = new TreeMap<>();
        for (String field : fields) {
            Csv.Pair pair = Csv.pair(field);
            String key = pair.key().strip().toLowerCase(java.util.Locale.ROOT);
            switch (key) {
                case "type" -> type = pair.value();
                case "dest" -> dest = pair.value();
                default -> attrs.put(key, pair.value());
            }
        }
        return fromParts(type, dest, attrs);
    }

    /** Builds an entry from the object form ({@code {type = "local", dest = "out"}}). */
    public static ExportEntry fromMap(Map<String, String> map) {
        TreeMap<String, String> attrs = new TreeMap<>(map);
        String type = nullToEmpty(attrs.remove("type"));
        String dest = nullToEmpty(attrs.remove("dest"));
        return fromParts(type, dest, attrs);
    }

    private static ExportEntry fromParts(String type, String dest, TreeMap<String, String> attrs) {
        if (type.isEmpty()) {
            throw new BakeException("type is required for output");
        }
        return new ExportEntry(type, dest, attrs);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A copy with attribute {@code key} set to {@code value}. */
    public ExportEntry withAttr(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(attrs);
        copy.put(key, value);
        return new ExportEntry(type, dest, copy);
    }

    /** The structured value HCL expressions see for {@code target.x.output[i]}. */
    public SortedMap<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>(attrs);
        map.put("type", type);
        map.put("dest", dest);
        return map;
    }

    /** Canonical CSV form: {@code type}, then {@code dest}, then the sorted attributes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!type.isEmpty()) {
            Csv.appendPair(sb, "type", type);
        }
        if (!dest.isEmpty()) {
            Csv.appendPair(sb, "dest", dest);
        }
        attrs.forEach((k, v) -> Csv.appendPair(sb, k, v));
        return sb.toString();
    }

    @Override
    public void writeJson(GoJson json) {
        TreeMap<String, String> flat = new TreeMap<>(attrs);
        flat.put("type", type);
        if (!dest.isEmpty()) {
            flat.put("dest", dest);
        }
        json.object(flat);
    }

    /**
     * A {@code local} output's {@code mode} (buildx v0.35): whether it is {@code delete} (stale files of the
     * destination are deleted), not {@code copy} or unset; read as BuildKit's {@code ParseLocalExporterMode}.
     *
     * @throws BakeException for another value
     */
    public static boolean localDeleteMode(String mode) {
        return switch (mode == null ? "" : mode.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "", "copy" -> false;
            case "delete" -> true;
            default -> throw new BakeException("invalid local exporter mode " + io.jbake.go.GoLib.quote(mode));
        };
    }
}
