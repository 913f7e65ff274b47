package io.jbake.go;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text embedded as Go embeds a {@code json.RawMessage} in {@code json.MarshalIndent} output:
 * validated, then re-indented token by token (keys keep their order, strings their escapes, numbers their
 * spelling), with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 in strings escaped as Go does.
 */
public final class RawJson {
    private final String text;
    private int pos;

    private RawJson(String text) {
        this.text = text;
    }

    /** Whether {@code json} is a JSON object with members, or a non-empty array of objects (or nulls). */
    public static boolean isNonEmptyObjectOrObjectArray(String json) {
        RawJson parser = new RawJson(json);
        try {
            parser.skipSpace();
            char first = parser.peek();
            boolean shapeOk;
            if (first == '{') {
                shapeOk = parser.object() > 0;
            } else if (first == '[') {
                shapeOk = parser.arrayOfObjects();
            } else {
                return false;
            }
            parser.skipSpace();
            return shapeOk && parser.pos == json.length();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The members of JSON object {@code json}, each value's JSON text as it stands, sorted by key (a
     * repeated key keeps its last value), as Go reads an object into a {@code map[string]json.RawMessage};
     * null when {@code json} is not a JSON object. Keys are taken as written, escapes included.
     */
    public static Map<String, String> members(String json) {
        RawJson parser = new RawJson(json);
        Map<String, String> members = new TreeMap<>();
        try {
            parser.skipSpace();
            parser.object(members);
            parser.skipSpace();
            return parser.pos == json.length() ? members : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Appends valid JSON {@code json} indented by two spaces per level, its first line continuing the
     * current line and its closing bracket at {@code depth}.
     */
    public static void indent(String json, int depth, StringBuilder out) {
        int level = depth;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case ' ', '\t', '\n', '\r' -> {}
                case '"' -> i = copyString(json, i, out);
                case '{', '[' -> {
                    out.append(c);
                    int next = nextSignificant(json, i + 1);
                    char close = c == '{' ? '}' : ']';
                    if (next < json.length() && json.charAt(next) == close) {
                        out.append(close); // Go writes empty containers as {} and []
                        i = next;
                    } else {
                        level++;
                        newline(out, level);
                    }
                }
                case '}', ']' -> {
                    level--;
                    newline(out, level);
                    out.append(c);
                }
                case ',' -> {
                    out.append(',');
                    newline(out, level);
                }
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
    }

    private static void newline(StringBuilder out, int level) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    private static int nextSignificant(String json, int from) {
        int i = from;
        while (i < json.length() && " \t\n\r".indexOf(json.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Copies the string starting at {@code start}; returns the index of its closing quote. */
    private static int copyString(String json, int start, StringBuilder out) {
        out.append('"');
        int i = start + 1;
        while (true) {
            char c = json.charAt(i);
            if (c == '\\') {
                out.append(c).append(json.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                out.append('"');
                return i;
            }
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
            i++;
        }
    }

    // --- validation: a small recursive-descent JSON parser ---

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        pos++;
    }

    private void skipSpace() {
        pos = nextSignificant(text, pos);
    }

    private void value() {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
        skipSpace();
    }

    /** Parses an object; returns its member count. */
    private int object() {
        return object(null);
    }

    /**
     * Parses an object; returns its member count. With {@code members}, puts each member's key (as written)
     * and value text in it.
     */
    private int object(Map<String, String> members) {
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return 0;
        }
        int count = 0;
        while (true) {
            skipSpace();
            int keyStart = pos;
            string();
            int keyEnd = pos - 1;
            skipSpace();
            expect(':');
            skipSpace();
            int valueStart = pos;
            value();
            if (members != null) {
                members.put(
                        text.substring(keyStart + 1, keyEnd),
                        text.substring(valueStart, pos).strip());
            }
            count++;
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return count;
        }
    }

    private void array() {
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return;
        }
    }

    /** Go's {@code []map[string]any}: elements are objects or null, and there is at least one. */
    private boolean arrayOfObjects() {
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return false;
        }
        while (true) {
            skipSpace();
            if (peek() == '{') {
                object();
            } else {
                literal("null");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return true;
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in string");
            }
            if (c == '\\') {
                char e = peek();
                pos++;
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(peek(), 16) < 0) {
                            throw new IllegalArgumentException("bad \\u escape");
                        }
                        pos++;
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
            }
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("expected " + word);
        }
        pos += word.length();
    }

    private void number() {
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        if (pos == start) {
            throw new IllegalArgumentException("expected a value");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("expected digits");
        }
    }
}
