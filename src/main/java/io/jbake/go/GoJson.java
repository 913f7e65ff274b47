package io.jbake.go;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON writer whose bytes equal Go's {@code json.MarshalIndent(v, "", "  ")}: two-space indent,
 * {@code ": "} after keys, empty objects and arrays written as {@code {}} and {@code []}, and Go's
 * string escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \\uXXXX}). buildx
 * output is compared byte for byte, so nothing here may be "prettier" than Go.
 *
 * <p>Values are written from JDK types: {@link String}, {@link Boolean}, {@link Number} (written
 * with {@code toString()}), {@link Map} (keys in the map's own order; callers pass sorted maps
 * where Go would sort), {@link List}, {@link JsonWritable}, {@link Raw} and {@code null}.
 */
public final class GoJson {
    /** A value that writes itself as one JSON object with fields in a fixed order. */
    public interface JsonWritable {
        void writeJson(GoJson json);
    }

    /**
     * Valid JSON text written as Go writes a {@code json.RawMessage} inside {@code MarshalIndent}: re-indented at
     * its place, as {@link RawJson#indent} does.
     */
    public record Raw(String json) {}

    private final StringBuilder out;
    private int depth;
    /** Whether the current container already holds an element (for the separating comma). */
    private boolean hasElement;

    private GoJson(StringBuilder out) {
        this.out = out;
    }

    /** Writes {@code value} indented as Go's MarshalIndent does, without a trailing newline. */
    public static String indent(Object value) {
        StringBuilder sb = new StringBuilder();
        new GoJson(sb).value(value);
        return sb.toString();
    }

    /** {@code s} as a JSON string literal with Go's escaping. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        new GoJson(sb).string(s);
        return sb.toString();
    }

    /** Opens an object; pair with {@link #endObject()}. */
    public void beginObject() {
        out.append('{');
        depth++;
        hasElement = false;
    }

    public void endObject() {
        close('}');
    }

    /** Writes one field of the current object. */
    public void field(String name, Object value) {
        newElement();
        string(name);
        out.append(": ");
        value(value);
        hasElement = true;
    }

    /**
     * Writes one field as Go writes a field tagged {@code omitempty}: left out when the value is {@code null},
     * {@code false}, zero, or an empty string, list or map.
     */
    public void fieldOmitEmpty(String name, Object value) {
        if (!isEmpty(value)) {
            field(name, value);
        }
    }

    private static boolean isEmpty(Object value) {
        return value == null
                || Boolean.FALSE.equals(value)
                || value instanceof Number n && n.doubleValue() == 0
                || value instanceof String s && s.isEmpty()
                || value instanceof List<?> list && list.isEmpty()
                || value instanceof Map<?, ?> map && map.isEmpty();
    }

    /** Writes {@code fields} as one object, its fields in the map's order (a sorted map where Go sorts). */
    public void object(Map<String, ?> fields) {
        value(fields);
    }

    private void close(char bracket) {
        depth--;
        if (hasElement) {
            newline();
        }
        out.append(bracket);
        hasElement = true;
    }

    private void newElement() {
        if (hasElement) {
            out.append(',');
        }
        newline();
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Raw raw) {
            RawJson.indent(raw.json(), depth, out);
        } else if (value instanceof JsonWritable w) {
            w.writeJson(this);
        } else if (value instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                field((String) e.getKey(), e.getValue());
            }
            endObject();
        } else if (value instanceof List<?> list) {
            out.append('[');
            depth++;
            hasElement = false;
            for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                newElement();
                value(it.next());
                hasElement = true;
            }
            close(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private void string(String s) {
        quote(s, out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Appends {@code s} as a JSON string literal escaped as Go's {@code json.Marshal} (and a default
     * {@code json.Encoder}) does: quote, backslash and the controls b, f, n, r, t by their short escapes, other
     * controls, {@code < > &}, U+2028 and U+2029 by four-hex-digit u escapes, and a lone surrogate (invalid UTF-8
     * in Go) as the escape of U+FFFD.
     */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '<':
                case '>':
                case '&':
                case '\u2028':
                case '\u2029':
                    unicodeEscape(c, sb);
                    break;
                default:
                    if (c < 0x20) {
                        unicodeEscape(c, sb);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c)
                                && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd"); // Go replaces invalid UTF-8
                        }
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder sb) {
        sb.append("\\u")
                .append(HEX[c >> 12 & 0xf])
                .append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
