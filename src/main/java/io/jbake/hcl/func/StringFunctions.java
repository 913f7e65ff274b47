package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.Names;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String functions of go-cty's stdlib (string.go, string_replace.go) and bake's {@code sanitize}. Lengths,
 * offsets and reversal count user-perceived characters (extended grapheme clusters), as cty does; case mapping
 * is Go's per-character simple mapping.
 */
public final class StringFunctions {

    private static final Type STRING_LIST = Type.list(Type.STRING);
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private StringFunctions() {}

    static List<Function> all() {
        return List.of(
                UPPER,
                LOWER,
                TITLE,
                REVERSE,
                STRLEN,
                SUBSTR,
                JOIN,
                SORT,
                SPLIT,
                CHOMP,
                INDENT,
                TRIMSPACE,
                TRIM,
                TRIMPREFIX,
                TRIMSUFFIX,
                REPLACE,
                SANITIZE);
    }

    private static Function unary(String name, java.util.function.UnaryOperator<String> op) {
        return Function.of(
                name,
                List.of(of("str", Type.STRING)),
                args -> Value.string(op.apply(args.get(0).asString())));
    }

    public static final Function UPPER = unary("upper", s -> mapCodePoints(s, true));
    public static final Function LOWER = unary("lower", s -> mapCodePoints(s, false));

    /** Go's {@code strings.ToUpper/ToLower}: simple one-to-one mappings, no locale, no special casing. */
    private static String mapCodePoints(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** Go's deprecated {@code strings.Title}: title-cases the first letter of each word. */
    public static final Function TITLE = unary("title", s -> {
        StringBuilder sb = new StringBuilder(s.length());
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(c) : c);
            prev = c;
        }
        return sb.toString();
    });

    private static boolean isSeparator(int c) {
        if (c <= 0x7F) {
            return !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_');
        }
        if (Character.isLetterOrDigit(c)) {
            return false;
        }
        return isGoSpace(c);
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isGoSpace(int c) {
        switch (c) {
            case '\t':
            case '\n':
            case 0x0B:
            case '\f':
            case '\r':
            case ' ':
            case 0x85:
            case 0xA0:
                return true;
            default:
                return c > 0xFF && Character.getType(c) == Character.SPACE_SEPARATOR || c == 0x2028 || c == 0x2029;
        }
    }

    /** Splits into extended grapheme clusters. */
    static List<String> graphemes(String s) {
        List<String> out = new ArrayList<>(s.length());
        Matcher m = GRAPHEME.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static int graphemeCount(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            char c = s.charAt(i);
            ascii = c < 0x80 && c != '\r';
        }
        if (ascii) {
            return s.length();
        }
        int n = 0;
        Matcher m = GRAPHEME.matcher(s);
        while (m.find()) {
            n++;
        }
        return n;
    }

    public static final Function REVERSE = unary("reverse", s -> {
        List<String> g = graphemes(s);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = g.size() - 1; i >= 0; i--) {
            sb.append(g.get(i));
        }
        return sb.toString();
    });

    public static final Function STRLEN = Function.of(
            "strlen",
            List.of(of("str", Type.STRING)),
            args -> Value.number(graphemeCount(args.get(0).asString())));

    public static final Function SUBSTR = Function.of(
            "substr", List.of(of("str", Type.STRING), of("offset", Type.NUMBER), of("length", Type.NUMBER)), args -> {
                String s = args.get(0).asString();
                long offset = Args.toLong(args.get(1), -1, "");
                long length = Args.toLong(args.get(2), -1, "");
                List<String> g = graphemes(s);
                if (offset < 0) {
                    offset += g.size();
                } else if (length == 0) {
                    return Value.EMPTY_STRING;
                }
                // cty walks clusters from the start: a still-negative offset behaves as 0, one past the end gives ""
                int from = (int) Math.max(0, offset);
                if (from >= g.size()) {
                    return Value.EMPTY_STRING;
                }
                // a length of 0 here (only with a negative offset) never stops cty's walk, so it means "to the end"
                int to = length <= 0 ? g.size() : (int) Math.min(g.size(), from + length);
                return Value.string(String.join("", g.subList(from, to)));
            });

    public static final Function JOIN =
            Function.variadic("join", List.of(of("separator", Type.STRING)), of("lists", STRING_LIST), args -> {
                String sep = args.get(0).asString();
                if (args.size() < 2) {
                    throw new FunctionException("at least one list is required");
                }
                long length = 0;
                long count = 0;
                for (int ai = 1; ai < args.size(); ai++) {
                    for (Value v : args.get(ai).elements()) {
                        length += v.isNull() ? 0 : v.asString().length();
                        count++;
                    }
                }
                Limits.checkString(length + Math.max(0, count - 1) * sep.length());
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                for (int ai = 1; ai < args.size(); ai++) {
                    List<Value> elems = args.get(ai).elements();
                    for (int ei = 0; ei < elems.size(); ei++) {
                        Value v = elems.get(ei);
                        if (v.isNull()) {
                            throw new FunctionException(
                                    ai,
                                    args.size() > 2
                                            ? "element " + ei + " of list " + ai
                                                    + " is null; cannot concatenate null values"
                                            : "element " + ei + " is null; cannot concatenate null values");
                        }
                        if (!first) {
                            sb.append(sep);
                        }
                        sb.append(v.asString());
                        first = false;
                    }
                }
                return Value.string(sb.toString());
            });

    public static final Function SORT = Function.of("sort", List.of(of("list", STRING_LIST)), args -> {
        List<Value> elems = args.get(0).elements();
        List<String> strings = new ArrayList<>(elems.size());
        for (int i = 0; i < elems.size(); i++) {
            if (elems.get(i).isNull()) {
                throw new FunctionException("given list element " + i + " is null; a null string cannot be sorted");
            }
            strings.add(elems.get(i).asString());
        }
        strings.sort(Names.ORDER);
        return Args.stringList(strings);
    });

    public static final Function SPLIT =
            Function.of("split", List.of(of("separator", Type.STRING), of("str", Type.STRING)), args -> {
                String sep = args.get(0).asString();
                String s = args.get(1).asString();
                List<String> parts = new ArrayList<>();
                if (sep.isEmpty()) {
                    for (int i = 0; i < s.length(); ) {
                        int c = s.codePointAt(i);
                        parts.add(new String(Character.toChars(c)));
                        i += Character.charCount(c);
                    }
                } else {
                    int from = 0;
                    int at;
                    while ((at = s.indexOf(sep, from)) >= 0) {
                        parts.add(s.substring(from, at));
                        from = at + sep.length();
                    }
                    parts.add(s.substring(from));
                }
                return Args.stringList(parts);
            });

    public static final Function CHOMP = unary("chomp", s -> {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    });

    public static final Function INDENT =
            Function.of("indent", List.of(of("spaces", Type.NUMBER), of("str", Type.STRING)), args -> {
                long spaces = Args.toLong(args.get(0), -1, "");
                if (spaces < 0) {
                    throw Args.panic("strings: negative Repeat count");
                }
                String s = args.get(1).asString();
                Limits.checkString(s.length() + s.chars().filter(c -> c == '\n').count() * spaces);
                return Value.string(s.replace("\n", "\n" + " ".repeat((int) spaces)));
            });

    public static final Function TRIMSPACE = unary("trimspace", s -> {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isGoSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    });

    public static final Function TRIM =
            Function.of("trim", List.of(of("str", Type.STRING), of("cutset", Type.STRING)), args -> {
                String s = args.get(0).asString();
                String cut = args.get(1).asString();
                int start = 0;
                int end = s.length();
                while (start < end && cut.indexOf(s.codePointAt(start)) >= 0) {
                    start += Character.charCount(s.codePointAt(start));
                }
                while (end > start && cut.indexOf(s.codePointBefore(end)) >= 0) {
                    end -= Character.charCount(s.codePointBefore(end));
                }
                return Value.string(s.substring(start, end));
            });

    public static final Function TRIMPREFIX =
            Function.of("trimprefix", List.of(of("str", Type.STRING), of("prefix", Type.STRING)), args -> {
                String s = args.get(0).asString();
                String p = args.get(1).asString();
                return Value.string(s.startsWith(p) ? s.substring(p.length()) : s);
            });

    public static final Function TRIMSUFFIX =
            Function.of("trimsuffix", List.of(of("str", Type.STRING), of("suffix", Type.STRING)), args -> {
                String s = args.get(0).asString();
                String p = args.get(1).asString();
                return Value.string(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
            });

    /** Plain substring replacement (Go's {@code strings.Replace(s, old, new, -1)}), not a regex. */
    public static final Function REPLACE = Function.of(
            "replace", List.of(of("str", Type.STRING), of("substr", Type.STRING), of("replace", Type.STRING)), args -> {
                String s = args.get(0).asString();
                String old = args.get(1).asString();
                String rep = args.get(2).asString();
                long matches = old.isEmpty() ? s.codePointCount(0, s.length()) + 1L : occurrences(s, old);
                Limits.checkString(s.length() + matches * (rep.length() - old.length()));
                if (old.isEmpty()) {
                    // Go inserts the replacement before every character and at the end
                    StringBuilder sb = new StringBuilder(rep);
                    for (int i = 0; i < s.length(); ) {
                        int c = s.codePointAt(i);
                        sb.appendCodePoint(c).append(rep);
                        i += Character.charCount(c);
                    }
                    return Value.string(sb.toString());
                }
                return Value.string(s.replace(old, rep));
            });

    /** How many times {@code part} (not empty) occurs in {@code s}, without overlapping, as replace finds them. */
    private static long occurrences(String s, String part) {
        long count = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    /** bake's {@code sanitize}: every rune outside {@code [a-zA-Z0-9_-]} becomes '_'. */
    public static final Function SANITIZE = Function.of("sanitize", List.of(of("name", Type.STRING)), args -> {
        String s = args.get(0).asString();
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean keep = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            sb.append(keep ? (char) c : '_');
        }
        return Value.string(sb.toString());
    });
}
