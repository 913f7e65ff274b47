package io.jbake.hcl.json;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.DidYouMean;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.syntax.SourceText;
import io.jbake.hcl.value.BigFloat;
import java.util.ArrayList;
import java.util.List;

/**
 * Scanner and recursive-descent parser for JSON, with HCL's JSON diagnostics. As in HCL, a syntax error
 * abandons the enclosing containers (their content is not needed once the file is known to be broken).
 */
final class JsonParser {

    private enum Kind {
        BRACE_O,
        BRACE_C,
        BRACK_O,
        BRACK_C,
        COMMA,
        COLON,
        EQUALS,
        STRING,
        NUMBER,
        KEYWORD,
        INVALID,
        EOF
    }

    private record Tok(Kind kind, int start, int end) {}

    private final SourceText src;
    private final List<Tok> toks = new ArrayList<>();
    private final Diagnostics diags;
    private int next;
    /** Containers enclosing the current point, bounded by {@link Limits#NESTING_DEPTH}. */
    private int depth;

    private JsonParser(SourceText src, Diagnostics diags) {
        this.src = src;
        this.diags = diags;
        scan();
    }

    /** Parses one JSON value that must make up the whole input. */
    static JsonNode parse(SourceText src, Diagnostics diags) {
        JsonParser p = new JsonParser(src, diags);
        int before = diags.size();
        JsonNode node = p.value();
        if (diags.size() == before && p.peek().kind != Kind.EOF) {
            diags.add(Diagnostic.error(
                    "Extraneous data after value", "Extra characters appear after the JSON value.", p.range(p.peek())));
        }
        return node == null ? new JsonNode.InvalidVal(p.range(p.toks.get(0))) : node;
    }

    // --- scanning ---

    private void scan() {
        int n = src.length();
        int p = 0;
        while (true) {
            while (p < n && isSpace(src.charAt(p))) {
                p++;
            }
            if (p >= n) {
                toks.add(new Tok(Kind.EOF, p, p));
                return;
            }
            char c = src.charAt(p);
            int start = p;
            switch (c) {
                case '{' -> toks.add(new Tok(Kind.BRACE_O, p, ++p));
                case '}' -> toks.add(new Tok(Kind.BRACE_C, p, ++p));
                case '[' -> toks.add(new Tok(Kind.BRACK_O, p, ++p));
                case ']' -> toks.add(new Tok(Kind.BRACK_C, p, ++p));
                case ',' -> toks.add(new Tok(Kind.COMMA, p, ++p));
                case ':' -> toks.add(new Tok(Kind.COLON, p, ++p));
                case '=' -> toks.add(new Tok(Kind.EQUALS, p, ++p));
                case '"' -> {
                    p++;
                    while (p < n && src.charAt(p) != '"') {
                        p += src.charAt(p) == '\\' && p + 1 < n ? 2 : 1;
                    }
                    if (p < n) {
                        p++;
                    }
                    toks.add(new Tok(Kind.STRING, start, p));
                }
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        while (p < n && isNumberChar(src.charAt(p))) {
                            p++;
                        }
                        toks.add(new Tok(Kind.NUMBER, start, p));
                    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                        while (p < n && isKeywordChar(src.charAt(p))) {
                            p++;
                        }
                        toks.add(new Tok(Kind.KEYWORD, start, p));
                    } else {
                        // HCL stops scanning at the first character JSON does not use.
                        p += Character.charCount(Character.codePointAt(src.text(p, Math.min(n, p + 2)), 0));
                        toks.add(new Tok(Kind.INVALID, start, p));
                        toks.add(new Tok(Kind.EOF, p, p));
                        return;
                    }
                }
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    private static boolean isKeywordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    // --- parsing ---

    private Tok peek() {
        return toks.get(Math.min(next, toks.size() - 1));
    }

    private Tok read() {
        Tok t = peek();
        if (next < toks.size()) {
            next++;
        }
        return t;
    }

    private SrcRange range(Tok t) {
        return src.range(t.start, t.end);
    }

    private JsonNode fail(String summary, String detail, SrcRange subject) {
        diags.add(Diagnostic.error(summary, detail, subject));
        return null;
    }

    /** A value, or null after reporting why there is none. */
    private JsonNode value() {
        Tok t = peek();
        String start = "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.";
        if ((t.kind == Kind.BRACE_O || t.kind == Kind.BRACK_O) && depth >= Limits.NESTING_DEPTH) {
            diags.add(LimitErrors.nestingError(range(t)));
            return null;
        }
        return switch (t.kind) {
            case BRACE_O -> nested(this::object);
            case BRACK_O -> nested(this::array);
            case NUMBER -> number();
            case STRING -> string();
            case KEYWORD -> keyword();
            case BRACE_C -> fail("Missing JSON value", start, range(t));
            case BRACK_C -> fail("Missing array element value", start, range(t));
            case EOF -> fail("Missing value", "The JSON data ends prematurely.", range(t));
            default -> fail("Invalid start of value", start, range(t));
        };
    }

    private JsonNode nested(java.util.function.Supplier<JsonNode> container) {
        depth++;
        JsonNode node = container.get();
        depth--;
        return node;
    }

    /** Skips to the brace closing the current container (counting nested ones), starting at {@code tok}. */
    private void recover(Tok tok, Kind open, Kind close) {
        int depth = 1;
        Tok t = tok;
        while (true) {
            if (t.kind == open) {
                depth++;
            } else if (t.kind == close) {
                depth--;
                if (depth <= 1) {
                    return;
                }
            } else if (t.kind == Kind.EOF) {
                return;
            }
            t = read();
        }
    }

    private JsonNode object() {
        Tok open = read();
        List<JsonNode.Attr> attrs = new ArrayList<>();
        while (peek().kind != Kind.BRACE_C) {
            JsonNode key = value();
            if (key == null) {
                return null;
            }
            if (!(key instanceof JsonNode.StringVal name)) {
                return fail(
                        "Invalid object property name",
                        "A JSON object property name must be a string",
                        key.startRange());
            }
            Tok colon = read();
            if (colon.kind != Kind.COLON) {
                recover(colon, Kind.BRACE_O, Kind.BRACE_C);
                if (colon.kind == Kind.BRACE_C || colon.kind == Kind.COMMA) {
                    return fail(
                            "Missing object value",
                            "A JSON object attribute must have a value, introduced by a " + "colon.",
                            range(colon));
                }
                if (colon.kind == Kind.EQUALS) {
                    return fail(
                            "Missing property value colon",
                            "JSON uses a colon as its name/value delimiter, not " + "an equals sign.",
                            range(colon));
                }
                return fail(
                        "Missing property value colon",
                        "A colon must appear between an object property's name " + "and its value.",
                        range(colon));
            }
            JsonNode value = value();
            if (value == null) {
                return null;
            }
            attrs.add(new JsonNode.Attr(name.value, name.range(), value));
            Tok t = peek();
            if (t.kind == Kind.COMMA) {
                if (trailingComma(Kind.BRACE_C, "object", "property in an object")) {
                    return null;
                }
            } else if (t.kind == Kind.EOF) {
                return fail("Unclosed object", "No closing brace was found for this JSON object.", range(open));
            } else if (t.kind == Kind.BRACK_C) {
                read();
                return fail(
                        "Mismatched braces",
                        "A JSON object must be closed with a brace, not a bracket.",
                        range(peek()));
            } else if (t.kind != Kind.BRACE_C) {
                recover(read(), Kind.BRACE_O, Kind.BRACE_C);
                return fail(
                        "Missing attribute seperator comma",
                        "A comma must appear between each property " + "definition in an object.",
                        range(peek()));
            }
        }
        Tok close = read();
        return new JsonNode.ObjectVal(
                List.copyOf(attrs), SrcRange.between(range(open), range(close)), range(open), range(close));
    }

    private JsonNode array() {
        Tok open = read();
        List<JsonNode> values = new ArrayList<>();
        while (peek().kind != Kind.BRACK_C) {
            JsonNode v = value();
            if (v == null) {
                return null;
            }
            values.add(v);
            Tok t = peek();
            if (t.kind == Kind.COMMA) {
                if (trailingComma(Kind.BRACK_C, "array", "value in an array")) {
                    return null;
                }
            } else if (t.kind == Kind.COLON) {
                recover(read(), Kind.BRACK_O, Kind.BRACK_C);
                return fail(
                        "Invalid array value",
                        "A colon is not used to introduce values in a JSON array.",
                        range(peek()));
            } else if (t.kind == Kind.EOF) {
                recover(read(), Kind.BRACK_O, Kind.BRACK_C);
                return fail("Unclosed object", "No closing bracket was found for this JSON array.", range(open));
            } else if (t.kind == Kind.BRACE_C) {
                recover(read(), Kind.BRACK_O, Kind.BRACK_C);
                return fail(
                        "Mismatched brackets",
                        "A JSON array must be closed with a bracket, not a brace.",
                        range(peek()));
            } else if (t.kind != Kind.BRACK_C) {
                recover(read(), Kind.BRACK_O, Kind.BRACK_C);
                return fail(
                        "Missing attribute seperator comma",
                        "A comma must appear between each value in an array.",
                        range(peek()));
            }
        }
        Tok close = read();
        return new JsonNode.ArrayVal(List.copyOf(values), SrcRange.between(range(open), range(close)), range(open));
    }

    /**
     * Reads the comma after an item of an object or array; true, once reported, when the list's {@code close}
     * follows it: JSON has no trailing comma. What else may follow an item, and how the parser recovers from it,
     * differs between the two lists (as in HCL's JSON parser), so only this step is shared.
     */
    private boolean trailingComma(Kind close, String list, String item) {
        Tok comma = read();
        if (peek().kind != close) {
            return false;
        }
        fail(
                "Trailing comma in " + list,
                "JSON does not permit a trailing comma after the final " + item + ".",
                range(comma));
        return true;
    }

    private JsonNode number() {
        Tok t = read();
        String text = src.text(t.start, t.end);
        BigFloat n = isJsonNumber(text) ? BigFloat.parse(text) : null;
        if (n == null) {
            return fail("Invalid JSON number", "There is a syntax error in the given JSON number.", range(t));
        }
        return new JsonNode.NumberVal(n, range(t));
    }

    /** JSON's number grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private static boolean isJsonNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n || !Character.isDigit(s.charAt(i))) {
            return false;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int digits = i;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonNode string() {
        Tok t = read();
        StringBuilder sb = new StringBuilder(t.end - t.start);
        int i = t.start + 1;
        int end = t.end - 1;
        boolean closed = t.end - t.start >= 2 && src.charAt(t.end - 1) == '"' && !escapedQuote(t.start + 1, t.end - 1);
        if (!closed) {
            return badString(t, t.end - 1);
        }
        while (i < end) {
            char c = src.charAt(i);
            if (c < 0x20) {
                return badString(t, i);
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            char e = src.charAt(i + 1);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 6 > end) {
                        return badString(t, i + 2);
                    }
                    int cp = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int d = Character.digit(src.charAt(k), 16);
                        if (d < 0) {
                            return badString(t, k);
                        }
                        cp = cp * 16 + d;
                    }
                    sb.append((char) cp);
                    i += 6;
                    continue;
                }
                default -> {
                    return badString(t, i + 1);
                }
            }
            i += 2;
        }
        return new JsonNode.StringVal(sb.toString(), range(t));
    }

    /** True if the char before {@code closeAt} is an odd run of backslashes, i.e. the quote is escaped. */
    private boolean escapedQuote(int from, int closeAt) {
        int backslashes = 0;
        for (int k = closeAt - 1; k >= from && src.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * Reports a bad string at the character {@code at}. HCL uses Go's error offset, which is just past the
     * offending character, so the one-column subject is the character after it; the string is the context.
     */
    private JsonNode badString(Tok t, int at) {
        SrcRange whole = range(t);
        Pos s = whole.start();
        int offset = Math.min(at, t.end - 1) - t.start + 1;
        Pos p = new Pos(s.line(), s.column() + offset, s.byteOffset() + offset);
        SrcRange subject = new SrcRange(whole.filename(), p, new Pos(p.line(), p.column() + 1, p.byteOffset() + 1));
        diags.add(Diagnostic.error(
                "Invalid JSON string",
                "There is a syntax error in the given JSON string.",
                subject,
                subject.equals(whole) ? null : whole));
        return null;
    }

    private JsonNode keyword() {
        Tok t = read();
        String s = src.text(t.start, t.end);
        switch (s) {
            case "true":
                return new JsonNode.BoolVal(true, range(t));
            case "false":
                return new JsonNode.BoolVal(false, range(t));
            case "null":
                return new JsonNode.NullVal(range(t));
            case "undefined", "NaN", "Infinity":
                return fail(
                        "Invalid JSON keyword",
                        "The JavaScript identifier \"" + s + "\" cannot be used in JSON.",
                        range(t));
            default:
                String suggestion = DidYouMean.suggest(s, List.of("true", "false", "null"));
                return fail(
                        "Invalid JSON keyword",
                        "\"" + s + "\" is not a valid JSON keyword."
                                + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                        range(t));
        }
    }
}
