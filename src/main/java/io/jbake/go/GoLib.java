package io.jbake.go;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few Go standard-library behaviours bake output depends on ({@code strconv.ParseBool},
 * {@code path.Clean}, {@code path.Match}), reproduced exactly because their results are printed.
 */
public final class GoLib {
    private GoLib() {}

    /** {@code strconv.ParseBool}: empty when {@code s} is not one of Go's accepted spellings. */
    public static Optional<Boolean> parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * The text of the {@code syscall.Errno} Go reports for a failed file operation ({@code no such file or
     * directory}), which buildx's messages end with after the operation and path.
     */
    public static String errorText(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getClass().getSimpleName();
    }

    /**
     * {@code path.Clean}: lexical clean-up of a slash-separated path; {@code ""} becomes {@code "."}.
     */
    public static String cleanPath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(element);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /**
     * {@code path.Match}: shell pattern matching with {@code *}, {@code ?}, {@code [...]} and
     * {@code \\} escapes; {@code *} and {@code ?} do not match {@code /}.
     *
     * @throws IllegalArgumentException for a malformed pattern ({@code path.ErrBadPattern})
     */
    public static boolean pathMatch(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        validateRest(p, pi);
                        return s.indexOf('/', si) < 0;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                        if (k < s.length() && s.charAt(k) == '/') {
                            break;
                        }
                    }
                    validateRest(p, pi);
                    return false;
                }
                case '?' -> {
                    if (si >= s.length() || s.charAt(si) == '/') {
                        validateRest(p, pi + 1);
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int end = classEnd(p, pi);
                    if (si >= s.length() || s.charAt(si) == '/') {
                        validateRest(p, end);
                        return false;
                    }
                    if (!classMatches(p, pi + 1, end - 1, s.charAt(si))) {
                        validateRest(p, end);
                        return false;
                    }
                    pi = end;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 >= p.length()) {
                        throw new IllegalArgumentException("syntax error in pattern");
                    }
                    if (si >= s.length() || s.charAt(si) != p.charAt(pi + 1)) {
                        validateRest(p, pi + 2);
                        return false;
                    }
                    pi += 2;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        validateRest(p, pi + 1);
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    /** Go reports a bad pattern even when the match already failed; so do we. */
    private static void validateRest(String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '[') {
                pi = classEnd(p, pi);
            } else if (c == '\\') {
                if (pi + 1 >= p.length()) {
                    throw new IllegalArgumentException("syntax error in pattern");
                }
                pi += 2;
            } else {
                pi++;
            }
        }
    }

    /** Index just past the {@code ]} closing the class that starts at {@code open}. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        boolean first = true;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']' && !first) {
                return i + 1;
            }
            if (c == '\\') {
                i++;
            }
            if (c == '-' && first) {
                throw new IllegalArgumentException("syntax error in pattern");
            }
            first = false;
            i++;
        }
        throw new IllegalArgumentException("syntax error in pattern");
    }

    private static boolean classMatches(String p, int from, int to, char ch) {
        int i = from;
        boolean negated = false;
        if (i < to && p.charAt(i) == '^') {
            negated = true;
            i++;
        }
        boolean matched = false;
        while (i < to) {
            char lo = p.charAt(i);
            if (lo == '\\') {
                lo = p.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i + 1 < to + 1 && i < to && p.charAt(i) == '-') {
                i++;
                hi = p.charAt(i);
                if (hi == '\\') {
                    hi = p.charAt(++i);
                }
                i++;
            }
            if (lo <= ch && ch <= hi) {
                matched = true;
            }
        }
        return matched != negated;
    }

    /** Go's {@code strconv.Quote}, as hcl's {@link GoStrings#quote} writes it (non-printable characters escaped). */
    public static String quote(String s) {
        return GoStrings.quote(s);
    }
}
