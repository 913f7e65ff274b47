package io.jbake.bake.compose;

import io.jbake.bake.model.BakeException;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's {@code .env} files, read as compose-go's dotenv parser (which buildx uses) reads them:
 * {@code KEY=VALUE} or {@code KEY: VALUE} statements with optional {@code export}, {@code #} comments, a
 * bare {@code KEY} taking its value from the environment, unquoted values up to the end of the line (a
 * {@code " #"} starts a comment), single- and double-quoted values that may span lines (a backslash keeps
 * the quote; double quotes also expand {@code \n}-style escapes), and interpolation of unquoted and
 * double-quoted values from the environment, then earlier statements. Errors name the line as compose-go
 * counts them: an unterminated quote is reported at the last line of the file.
 */
public final class DotEnv {
    private static final Pattern EXPORT = Pattern.compile("^export[\t\n\f\r ]+");
    /** The escapes a double-quoted value expands: Go's simple ones, {@code \$}, and {@code \0} octal. */
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?:[abcfnrtv$\"\\\\]|0[0-9]{0,3})");

    private final String src;
    private int pos;
    private int line = 1;
    /** Whether the statement just read is a bare name (no separator before the end of its line). */
    private boolean bare;

    private DotEnv(String src) {
        this.src = src;
    }

    /** Adds the entries of {@code file} to {@code env} without replacing variables already set. */
    public static void loadInto(Map<String, String> env, Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BakeException("failed to read " + file + ": " + e.getMessage());
        }
        parse(text, env).forEach(env::putIfAbsent);
    }

    /**
     * Parses {@code text}; {@code ${VAR}} references see {@code lookup} first, then earlier statements, and
     * a bare {@code KEY} is set only when {@code lookup} has it.
     *
     * @throws BakeException with compose-go's message ({@code line 3: key cannot contain a space})
     */
    static Map<String, String> parse(String text, Map<String, String> lookup) {
        DotEnv parser = new DotEnv(text.startsWith("\uFEFF") ? text.substring(1) : text);
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, String> scope = new HashMap<>();
        while (parser.toStatement()) {
            String key = parser.key();
            if (parser.bare) {
                String inherited = lookup.get(key);
                if (inherited != null) {
                    result.put(key, inherited);
                }
                continue;
            }
            scope.clear();
            scope.putAll(result);
            scope.putAll(lookup);
            result.put(key, parser.value(new ComposeInterpolation(scope)));
        }
        return result;
    }

    /** Skips blanks and comment lines up to the next statement; false at the end of the text. */
    private boolean toStatement() {
        while (true) {
            while (pos < src.length()) {
                int c = src.codePointAt(pos);
                if (!isGoSpace(c)) {
                    break;
                }
                if (c == '\n') {
                    line++;
                }
                pos += Character.charCount(c);
            }
            if (pos >= src.length()) {
                return false;
            }
            if (src.charAt(pos) != '#') {
                return true;
            }
            int newline = src.indexOf('\n', pos);
            if (newline < 0) {
                pos = src.length();
                return false;
            }
            pos = newline;
        }
    }

    /** Reads a statement's name and its separator ({@code =}, {@code :}, or the end of the line: {@link #bare}). */
    private String key() {
        Matcher export = EXPORT.matcher(src).region(pos, src.length());
        if (export.lookingAt()) {
            pos = skipBlanks(pos + "export".length());
        }
        int end = -1;
        char separator = 0;
        for (int i = pos; i < src.length(); ) {
            int c = src.codePointAt(i);
            if (c == '=' || c == ':' || c == '\n') {
                end = i;
                separator = (char) c;
                break;
            }
            boolean allowed = isBlank(c)
                    || c == '_'
                    || c == '.'
                    || c == '-'
                    || c == '['
                    || c == ']'
                    || Character.isLetter(c)
                    || isGoNumber(c);
            if (!allowed) {
                int lineEnd = src.indexOf('\n', pos);
                throw new BakeException("line " + line + ": unexpected character "
                        + GoLib.quote(new String(Character.toChars(c))) + " in variable name "
                        + GoLib.quote(src.substring(pos, lineEnd < 0 ? src.length() : lineEnd)));
            }
            i += Character.charCount(c);
        }
        // compose-go reads a name that runs to the end of the text as an empty name whose value is the text
        String key = end < 0 ? "" : stripTrailingGoSpace(src.substring(pos, end));
        bare = separator == '\n';
        if (bare && src.substring(pos, end).indexOf(' ') < 0) {
            line++;
        }
        pos = skipBlanks(end < 0 ? pos : end + 1);
        if (key.indexOf(' ') >= 0) {
            throw new BakeException("line " + line + ": key cannot contain a space");
        }
        return key;
    }

    /** Reads the value after a separator and moves past it. */
    private String value(ComposeInterpolation interpolation) {
        char quote = pos < src.length() ? src.charAt(pos) : 0;
        if (quote != '\'' && quote != '"') {
            int newline = src.indexOf('\n', pos);
            String value = src.substring(pos, newline < 0 ? src.length() : newline);
            pos = newline < 0 ? src.length() : newline + 1;
            line++;
            int comment = value.indexOf(" #");
            return interpolation.interpolate(stripTrailingGoSpace(comment < 0 ? value : value.substring(0, comment)));
        }
        StringBuilder chars = new StringBuilder();
        boolean escaped = false;
        for (int i = pos + 1; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c != quote) {
                if (!escaped && c == '\\') {
                    escaped = true;
                    continue;
                }
                if (escaped) {
                    escaped = false;
                    chars.append('\\'); // only a quote loses its backslash here
                }
                chars.append(c);
            } else if (escaped) {
                escaped = false;
                chars.append(c);
            } else {
                pos = i + 1;
                return quote == '"' ? interpolation.interpolate(expandEscapes(chars.toString())) : chars.toString();
            }
        }
        int lineEnd = pos;
        while (lineEnd < src.length() && src.charAt(lineEnd) != '\n' && src.charAt(lineEnd) != '\r') {
            lineEnd++; // the value's line only: a CR ends it too, as the one-line error needs
        }
        throw new BakeException("line " + line + ": unterminated quoted value " + src.substring(pos, lineEnd));
    }

    /**
     * Expands {@code \n}-style escapes as Go's {@code strconv.UnquoteChar} reads them; {@code \$} becomes
     * {@code $$} (a literal dollar for the interpolation), {@code \0} plus three octal digits the byte they
     * name. An escape Go refuses stays as written, less the {@code 0} of an octal one (compose-go's way).
     */
    private static String expandEscapes(String value) {
        return ESCAPE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(escape(m.group())));
    }

    private static String escape(String match) {
        return switch (match.charAt(1)) {
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            case '$' -> "$$";
            case '"' -> "\"";
            case '\\' -> "\\";
            default -> { // \0 and up to three digits: Go reads exactly three octal digits, at most \377
                String digits = match.substring(2);
                yield digits.matches("[0-7]{3}") && Integer.parseInt(digits, 8) <= 0xff
                        ? String.valueOf((char) Integer.parseInt(digits, 8))
                        : "\\" + digits;
            }
        };
    }

    private int skipBlanks(int from) {
        int i = from;
        while (i < src.length() && isBlank(src.codePointAt(i))) {
            i += Character.charCount(src.codePointAt(i));
        }
        return i;
    }

    /** compose-go's space within a line: Go's white space but the line break. */
    private static boolean isBlank(int c) {
        return c == '\t' || c == 0x0b || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xa0;
    }

    /** Go's {@code unicode.IsSpace}. */
    private static boolean isGoSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    /** Go's {@code unicode.IsNumber}: decimal digits, letter numbers and other numbers. */
    private static boolean isGoNumber(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static String stripTrailingGoSpace(String s) {
        int end = s.length();
        while (end > 0) {
            int c = s.codePointBefore(end);
            if (!isGoSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return s.substring(0, end);
    }
}
