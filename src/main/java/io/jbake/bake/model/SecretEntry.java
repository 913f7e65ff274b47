package io.jbake.bake.model;

import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.util.Locale;

/**
 * One {@code secret} entry. When neither {@code src} nor {@code env} is set, the secret comes from
 * the environment variable named {@code id} if it exists, else from the file named {@code id}.
 *
 * @param id secret id ({@code ""} when missing, which fails at build time)
 * @param src file path, {@code ""} when unset
 * @param env environment variable name, {@code ""} when unset
 */
public record SecretEntry(String id, String src, String env) implements GoJson.JsonWritable {

    /** Parses {@code id=<id>[,src=<path>|source=<path>][,env=<VAR>][,type=file|env]}. */
    public static SecretEntry parse(String text) {
        String id = "";
        String src = "";
        String env = "";
        String type = "";
        for (String field : csvFields(text)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                throw new BakeException("invalid field '" + field + "' must be a key=value pair");
            }
            String value = field.substring(eq + 1);
            switch (key) {
                case "type" -> {
                    if (!value.equals("file") && !value.equals("env")) {
                        throw new BakeException("unsupported secret type " + GoLib.quote(value));
                    }
                    type = value;
                }
                case "id" -> id = value;
                case "source", "src" -> src = value;
                case "env" -> env = value;
                default -> throw new BakeException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (type.equals("env") && env.isEmpty()) {
            env = src;
            src = "";
        }
        return new SecretEntry(id, src, env);
    }

    private static java.util.List<String> csvFields(String text) {
        try {
            return Csv.fields(text);
        } catch (BakeException e) {
            throw BakeException.wrap("failed to parse csv secret", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!id.isEmpty()) {
            Csv.appendPair(sb, "id", id);
        }
        if (!src.isEmpty()) {
            Csv.appendPair(sb, "src", src);
        }
        if (!env.isEmpty()) {
            Csv.appendPair(sb, "env", env);
        }
        return sb.toString();
    }

    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        json.fieldOmitEmpty("id", id);
        json.fieldOmitEmpty("src", src);
        json.fieldOmitEmpty("env", env);
        json.endObject();
    }
}
