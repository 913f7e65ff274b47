package io.jbake.bake.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One-record CSV splitting as Go's {@code encoding/csv} reader does it with default settings (the
 * grammar behind buildx's {@code type=...,key=value} flags): fields are separated by the
 * separator, a field that starts with {@code "} is quoted and {@code ""} inside it is one quote.
 */
public final class Csv {
    private Csv() {}

    /** Splits {@code line} on commas. */
    public static List<String> fields(String line) {
        return fields(line, ',');
    }

    /** Splits {@code line} on {@code sep}; throws with Go's wording on a malformed quote. */
    public static List<String> fields(String line, char sep) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new BakeException("parse error on line 1, column " + (n + 1)
                                + ": extraneous or missing \" in quoted-field");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else if (i + 1 >= n || line.charAt(i + 1) == sep) {
                            i++;
                            break;
                        } else {
                            throw new BakeException("parse error on line 1, column " + (i + 2)
                                    + ": extraneous or missing \" in quoted-field");
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
            } else {
                while (i < n && line.charAt(i) != sep) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        throw new BakeException(
                                "parse error on line 1, column " + (i + 1) + ": bare \" in non-quoted-field");
                    }
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // separator
        }
    }

    /**
     * A {@code key=value} field split at its first {@code =}. The key is as written: each flag trims
     * or lowercases it its own way, as buildx's parsers do.
     */
    public record Pair(String key, String value) {}

    /** Splits {@code field} at its first {@code =}; a field without one fails as buildx words it. */
    public static Pair pair(String field) {
        int eq = field.indexOf('=');
        if (eq < 0) {
            throw new BakeException("invalid value " + field);
        }
        return new Pair(field.substring(0, eq), field.substring(eq + 1));
    }

    /**
     * Writes {@code key=value} as buildx's csvBuilder does: the pair is CSV-quoted when it contains a
     * comma or a double quote.
     */
    static void appendPair(StringBuilder sb, String key, String value) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        String pair = key + "=" + value;
        if (pair.indexOf(',') >= 0 || pair.indexOf('"') >= 0) {
            sb.append('"').append(pair.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(pair);
        }
    }
}
