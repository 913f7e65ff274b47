package io.jbake.bake.model;

import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code cache-from} or {@code cache-to} entry: a cache backend type and its attributes.
 *
 * @param type backend type ({@code registry}, {@code local}, {@code gha}, ...), never empty
 * @param attrs the other attributes, sorted by key
 */
public record CacheEntry(String type, SortedMap<String, String> attrs) implements GoJson.JsonWritable {

    public CacheEntry {
        attrs = Collections.unmodifiableSortedMap(new TreeMap<>(attrs));
    }

    /**
     * Parses one list element of the CSV form. A value without any {@code =} is registry-ref
     * shorthand in which every CSV field is its own entry ({@code "a,b"} gives two registry caches).
     */
    public static List<CacheEntry> parse(String text) {
        List<CacheEntry> entries = new ArrayList<>();
        if (text.isEmpty()) {
            return entries;
        }
        if (text.indexOf('=') < 0) {
            for (String ref : Csv.fields(text)) {
                entries.add(new CacheEntry("registry", new TreeMap<>(Map.of("ref", ref))));
            }
            return entries;
        }
        String type = "";
        TreeMap<String, String> attrs = new TreeMap<>();
        for (String field : Csv.fields(text)) {
            Csv.Pair pair = Csv.pair(field);
            String key = pair.key().toLowerCase(Locale.ROOT);
            if (key.equals("type")) {
                type = pair.value();
            } else {
                attrs.put(key, pair.value());
            }
        }
        if (type.isEmpty()) {
            throw new BakeException("type required for " + GoLib.quote(text));
        }
        entries.add(new CacheEntry(type, attrs));
        return entries;
    }

    /**
     * Builds an entry from the object form. {@code describedAs} is the entry as JSON, used in the
     * error when the type is missing.
     */
    public static CacheEntry fromMap(Map<String, String> map, String describedAs) {
        TreeMap<String, String> attrs = new TreeMap<>(map);
        String type = attrs.remove("type");
        if (type == null || type.isEmpty()) {
            throw new BakeException("type required for " + GoLib.quote(describedAs));
        }
        return new CacheEntry(type, attrs);
    }

    /** The structured value HCL expressions see for {@code target.x.cache-from[i]}. */
    public SortedMap<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>(attrs);
        map.put("type", type);
        return map;
    }

    /** Canonical form; a registry cache with only a {@code ref} prints as the ref. */
    @Override
    public String toString() {
        if (type.equals("registry") && attrs.size() == 1 && attrs.containsKey("ref")) {
            return attrs.get("ref");
        }
        StringBuilder sb = new StringBuilder();
        Csv.appendPair(sb, "type", type);
        attrs.forEach((k, v) -> Csv.appendPair(sb, k, v));
        return sb.toString();
    }

    @Override
    public void writeJson(GoJson json) {
        json.object(asMap());
    }
}
