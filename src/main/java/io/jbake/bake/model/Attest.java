package io.jbake.bake.model;

import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code attest} entry ({@code type=sbom}, {@code type=provenance,mode=max}). Entries of a
 * target are unique by type.
 *
 * @param type attestation type, never empty
 * @param disabled whether this attestation is switched off
 * @param attrs the other attributes, sorted by key
 */
public record Attest(String type, boolean disabled, SortedMap<String, String> attrs) implements GoJson.JsonWritable {

    public Attest {
        attrs = Collections.unmodifiableSortedMap(new TreeMap<>(attrs));
    }

    /** Parses the CSV form. */
    public static Attest parse(String text) {
        String type = "";
        boolean disabled = false;
        TreeMap<String, String> attrs = new TreeMap<>();
        for (String field : Csv.fields(text)) {
            Csv.Pair pair = Csv.pair(field);
            String key = pair.key();
            String value = pair.value();
            switch (key.strip().toLowerCase(Locale.ROOT)) {
                case "type" -> type = value;
                case "disabled" ->
                    disabled = GoLib.parseBool(value)
                            .orElseThrow(() -> new BakeException("invalid value " + field
                                    + ": strconv.ParseBool: parsing " + GoLib.quote(value) + ": invalid syntax"));
                default -> attrs.put(key, value);
            }
        }
        if (type.isEmpty()) {
            throw new BakeException("attestation type not specified");
        }
        return new Attest(type, disabled, attrs);
    }

    /** Builds an entry from the object form; {@code disabled} must be a Go bool spelling. */
    public static Attest fromMap(Map<String, String> map) {
        String type = "";
        boolean disabled = false;
        TreeMap<String, String> attrs = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            switch (e.getKey()) {
                case "type" -> type = e.getValue();
                case "disabled" ->
                    disabled = GoLib.parseBool(e.getValue())
                            .orElseThrow(() -> new BakeException(
                                    "strconv.ParseBool: parsing " + GoLib.quote(e.getValue()) + ": invalid syntax"));
                default -> attrs.put(e.getKey(), e.getValue());
            }
        }
        return new Attest(type, disabled, attrs);
    }

    /**
     * The canonical value of {@code --sbom}/{@code --provenance}: a bool becomes
     * {@code type=<t>,disabled=<!b>}, anything else {@code type=<t>,<value>}.
     */
    public static String canonicalFlag(String type, String value) {
        if (value.isEmpty()) {
            return "";
        }
        return GoLib.parseBool(value)
                .map(b -> "type=" + type + ",disabled=" + !b)
                .orElse("type=" + type + "," + value);
    }

    /** The structured value HCL expressions see for {@code target.x.attest[i]}. */
    public SortedMap<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>(attrs);
        map.put("type", type);
        if (disabled) {
            map.put("disabled", "true");
        }
        return map;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Csv.appendPair(sb, "type", type);
        if (disabled) {
            Csv.appendPair(sb, "disabled", "true");
        }
        attrs.forEach((k, v) -> Csv.appendPair(sb, k, v));
        return sb.toString();
    }

    @Override
    public void writeJson(GoJson json) {
        TreeMap<String, Object> flat = new TreeMap<>(attrs);
        flat.put("type", type);
        if (disabled) {
            flat.put("disabled", Boolean.TRUE);
        }
        json.object(flat);
    }
}
