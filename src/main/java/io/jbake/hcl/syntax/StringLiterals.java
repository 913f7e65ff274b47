package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;

/** Decoding of template literal text: escapes, {@code $${}/{@code %%{}, and HCL's notion of whitespace. */
final class StringLiterals {

    private StringLiterals() {}

    /**
     * The text of a literal token with its escapes resolved. Backslash escapes exist only in quoted strings
     * ({@code quoted}); {@code $${} and {@code %%{} stand for {@code ${} and {@code %{} everywhere.
     */
    static String decode(Token tok, boolean quoted, Diagnostics diags) {
        SourceText src = tok.source();
        int end = tok.end();
        int i = tok.start();
        StringBuilder sb = null;
        int plainFrom = i;
        while (i < end) {
            char c = src.charAt(i);
            if (c == '\\' && quoted) {
                if (sb == null) {
                    sb = new StringBuilder(tok.length());
                }
                sb.append(src.chars, plainFrom, i - plainFrom);
                i = escape(src, i, end, sb, diags);
                plainFrom = i;
            } else if ((c == '$' || c == '%') && i + 2 < end && src.charAt(i + 1) == c && src.charAt(i + 2) == '{') {
                if (sb == null) {
                    sb = new StringBuilder(tok.length());
                }
                sb.append(src.chars, plainFrom, i - plainFrom).append(c).append('{');
                i += 3;
                plainFrom = i;
            } else {
                i++;
            }
        }
        if (sb == null) {
            return src.text(tok.start(), end);
        }
        sb.append(src.chars, plainFrom, end - plainFrom);
        return sb.toString();
    }

    /** Decodes the escape at {@code i} (a backslash) into {@code sb}; returns the offset after it. */
    private static int escape(SourceText src, int i, int end, StringBuilder sb, Diagnostics diags) {
        if (i + 1 >= end) {
            diags.add(Diagnostic.error(
                    "Invalid escape sequence",
                    "Backslash must be followed by an escape sequence selector character.",
                    src.range(i, i + 1)));
            sb.append('\\');
            return i + 1;
        }
        char sel = src.charAt(i + 1);
        switch (sel) {
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'u', 'U' -> {
                int want = sel == 'u' ? 4 : 8;
                int j = i + 2;
                while (j < end && j - (i + 2) < want && Character.digit(src.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j - (i + 2) != want) {
                    diags.add(Diagnostic.error(
                            "Invalid escape sequence",
                            sel == 'u'
                                    ? "The \\u escape sequence must be followed by four hexadecimal digits."
                                    : "The \\U escape sequence must be followed by eight hexadecimal digits.",
                            src.range(i, j)));
                    sb.append(src.chars, i, j - i);
                    return j;
                }
                long cp = Long.parseLong(src.text(i + 2, j), 16);
                if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    diags.add(Diagnostic.error(
                            "Invalid escape sequence",
                            String.format("Cannot encode character U+%04x in UTF-8.", cp),
                            src.range(i, j)));
                    sb.append(src.chars, i, j - i);
                    return j;
                }
                sb.appendCodePoint((int) cp);
                return j;
            }
            default -> {
                int len = Character.charCount(Character.codePointAt(src.chars, i + 1));
                String symbol = src.text(i + 1, i + 1 + len);
                diags.add(Diagnostic.error(
                        "Invalid escape sequence",
                        "The symbol \"" + symbol + "\" is not a valid escape sequence selector.",
                        src.range(i, i + 1 + len)));
                sb.append(symbol);
                return i + 1 + len;
            }
        }
        return i + 2;
    }

    /** Whitespace as Go's {@code unicode.IsSpace} defines it, which HCL's strip markers use. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || Character.isSpaceChar(c);
    }

    static String trimLeadingSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimTrailingSpace(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
