package io.jbake.bake.model;

import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code policy} entry (buildx v0.31): Rego policy files that judge the build's sources, and how they are
 * evaluated. Written {@code filename=<file>[,reset=<bool>][,disabled=<bool>][,strict=<bool>][,log-level=<level>]}
 * or as an object of those keys; {@code filename} may repeat.
 *
 * @param files the policy files, in order, empty when none
 * @param reset whether the policies before this entry are dropped
 * @param disabled whether policy evaluation is off (then no other key may be given)
 * @param strict {@code null} when not given
 * @param logLevel the logrus level name ({@code warning} for {@code warn}), {@code null} when not given
 */
public record PolicyEntry(List<String> files, boolean reset, boolean disabled, Boolean strict, String logLevel)
        implements GoJson.JsonWritable {

    /** What {@code --policy disabled=true} gives every target. */
    public static final PolicyEntry DISABLED = new PolicyEntry(List.of(), false, true, null, null);

    static final Type ELEMENT_TYPE = Type.map(Type.STRING);

    public PolicyEntry {
        files = List.copyOf(files);
    }

    /** Parses the CSV form; errors are worded as buildx's {@code ParsePolicyConfig}. */
    public static PolicyEntry parse(String text) {
        return fromFields(Csv.fields(text));
    }

    /**
     * The object form: each attribute becomes a {@code key=value} field (booleans and numbers written out, null
     * and empty strings skipped), in key order.
     */
    static PolicyEntry fromObject(Value value) {
        if (!value.type().isObject() && !value.type().isMap()) {
            throw new BakeException(Convert.mismatchMessage(value.type(), ELEMENT_TYPE));
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Value> e : new TreeMap<>(value.attributes()).entrySet()) {
            Value v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            Type type = v.type();
            String text;
            if (type.equals(Type.STRING)) {
                if (v.asString().isEmpty()) {
                    continue;
                }
                text = v.asString();
            } else if (type.equals(Type.BOOL)) {
                text = Boolean.toString(v.asBool());
            } else if (type.equals(Type.NUMBER)) {
                text = v.asBigDecimal().stripTrailingZeros().toPlainString();
            } else {
                throw new BakeException(Convert.mismatchMessage(type, Type.STRING));
            }
            fields.add(e.getKey() + "=" + text);
        }
        return fromFields(fields);
    }

    private static PolicyEntry fromFields(List<String> fields) {
        List<String> files = new ArrayList<>();
        boolean reset = false;
        boolean disabled = false;
        Boolean strict = null;
        String logLevel = null;
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw invalid(field);
            }
            String value = field.substring(eq + 1);
            switch (field.substring(0, eq).toLowerCase(Locale.ROOT).strip()) {
                case "filename" -> {
                    if (value.isEmpty()) {
                        throw invalid(field);
                    }
                    files.add(value);
                }
                case "reset" -> reset = bool(field, value);
                case "disabled" -> disabled = bool(field, value);
                case "strict" -> strict = bool(field, value);
                case "log-level" -> logLevel = logLevel(field, value);
                default -> throw invalid(field);
            }
        }
        return new PolicyEntry(files, reset, disabled, strict, logLevel);
    }

    private static BakeException invalid(String field) {
        return new BakeException("invalid value " + field);
    }

    private static boolean bool(String field, String value) {
        return GoLib.parseBool(value)
                .orElseThrow(() -> new BakeException("invalid value " + field + ": strconv.ParseBool: parsing "
                        + GoLib.quote(value) + ": invalid syntax"));
    }

    /** logrus's {@code ParseLevel}, answered with the level's own name. */
    private static String logLevel(String field, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "panic" -> "panic";
            case "fatal" -> "fatal";
            case "error" -> "error";
            case "warn", "warning" -> "warning";
            case "info" -> "info";
            case "debug" -> "debug";
            case "trace" -> "trace";
            default ->
                throw new BakeException("invalid value " + field + ": not a valid logrus Level: " + GoLib.quote(value));
        };
    }

    /**
     * The value {@code target.x.policy} holds for this entry: a string map of the keys given (the first file
     * only, as buildx's).
     */
    Value toValue() {
        Map<String, String> map = new LinkedHashMap<>();
        if (!files.isEmpty()) {
            map.put("filename", files.get(0));
        }
        if (reset) {
            map.put("reset", "true");
        }
        if (disabled) {
            map.put("disabled", "true");
        }
        if (strict != null) {
            map.put("strict", strict.toString());
        }
        if (logLevel != null) {
            map.put("log-level", logLevel);
        }
        return TargetAttributes.mapValue(map);
    }

    /** buildx prints its {@code PolicyConfig} struct as is: Go field names, no omitempty, no file data. */
    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        List<Map<String, Object>> printedFiles = null;
        if (!files.isEmpty()) {
            printedFiles = new ArrayList<>();
            for (String file : files) {
                Map<String, Object> printed = new LinkedHashMap<>();
                printed.put("Filename", file);
                printed.put("Data", null);
                printedFiles.add(printed);
            }
        }
        json.field("Files", printedFiles);
        json.field("Reset", reset);
        json.field("Disabled", disabled);
        json.field("Strict", strict);
        json.field("LogLevel", logLevel);
        json.endObject();
    }
}
