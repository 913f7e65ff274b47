package io.jbake.bake.compose;

import io.jbake.bake.model.BakeException;
import io.jbake.go.GoLib;
import java.util.Map;

/**
 * Compose variable interpolation in strings: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}} (defaults are interpolated themselves), and {@code $$} for a literal
 * {@code $}. Unset variables become empty strings.
 *
 * <p>Commons Text's {@code StringSubstitutor} knows only the {@code :-} form and no unbraced
 * {@code $VAR}, so compose's grammar is implemented here.
 */
final class ComposeInterpolation {
    private final Map<String, String> env;

    ComposeInterpolation(Map<String, String> env) {
        this.env = env;
    }

    String interpolate(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = matchingBrace(s, i + 2);
                if (end < 0) {
                    throw new BakeException("Invalid template: " + GoLib.quote(s));
                }
                out.append(braced(s.substring(i + 2, end), s));
                i = end + 1;
            } else if (isNameStart(next)) {
                int j = i + 1;
                while (j < s.length() && isNameChar(s.charAt(j))) {
                    j++;
                }
                out.append(env.getOrDefault(s.substring(i + 1, j), ""));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private String braced(String expr, String whole) {
        int j = 0;
        while (j < expr.length() && isNameChar(expr.charAt(j))) {
            j++;
        }
        String name = expr.substring(0, j);
        if (name.isEmpty()) {
            throw new BakeException("Invalid template: " + GoLib.quote(whole));
        }
        String op = expr.substring(j);
        String value = env.get(name);
        if (op.isEmpty()) {
            return value == null ? "" : value;
        }
        boolean colon = op.startsWith(":");
        String rest = colon ? op.substring(1) : op;
        if (rest.isEmpty()) {
            throw new BakeException("Invalid template: " + GoLib.quote(whole));
        }
        char kind = rest.charAt(0);
        String arg = rest.substring(1);
        boolean missing = colon ? value == null || value.isEmpty() : value == null;
        return switch (kind) {
            case '-' -> missing ? interpolate(arg) : value;
            case '?' -> {
                if (missing) {
                    throw new BakeException("required variable " + name + " is missing a value: " + interpolate(arg));
                }
                yield value;
            }
            case '+' -> missing ? "" : interpolate(arg);
            default -> throw new BakeException("Invalid template: " + GoLib.quote(whole));
        };
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
