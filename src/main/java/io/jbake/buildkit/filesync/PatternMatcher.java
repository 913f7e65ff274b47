package io.jbake.buildkit.filesync;

import io.jbake.go.GoLib;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Path patterns with the semantics of moby/patternmatcher, which BuildKit applies to the
 * {@code include-patterns} and {@code exclude-patterns} of a FileSync transfer (the exclude list is the
 * frontend's reading of {@code .dockerignore}).
 *
 * <p>Each pattern is trimmed and cleaned; a leading {@code !} makes it an exception. {@code *} matches any
 * run of characters except '/', {@code ?} one such character, {@code **} any number of path elements
 * ({@code **}{@code /} may match none), {@code [...]} a character class, and '\' escapes the next character.
 * Patterns apply in order and the last one that matches decides. A path also matches a pattern when one of
 * its parent directories does.
 *
 * <p>Public for {@code io.jbake.affected}, which decides with the same matching which changed files a
 * context's {@code .dockerignore} leaves out.
 */
public final class PatternMatcher {

    /** One compiled pattern. */
    static final class Rule {
        private enum Kind {
            EXACT,
            PREFIX,
            SUFFIX,
            REGEX
        }

        private final String cleaned;
        private final boolean exception;
        private final Kind kind;
        private final Pattern regex;

        private Rule(String cleaned, boolean exception) {
            this.cleaned = cleaned;
            this.exception = exception;
            Kind detected = Kind.EXACT;
            StringBuilder re = new StringBuilder("^");
            int[] chars = cleaned.codePoints().toArray();
            for (int i = 0; i < chars.length; i++) {
                int tokenStart = i;
                int ch = chars[i];
                if (ch == '*') {
                    if (i + 1 < chars.length && chars[i + 1] == '*') {
                        i++;
                        if (i + 1 < chars.length && chars[i + 1] == '/') {
                            i++; // "**/" behaves as "**"
                        }
                        if (i + 1 == chars.length) {
                            // trailing "**" accepts everything, as in .gitignore
                            if (detected == Kind.EXACT) {
                                detected = Kind.PREFIX;
                            } else {
                                re.append(".*");
                                detected = Kind.REGEX;
                            }
                        } else {
                            re.append("(.*/)?");
                            detected = Kind.REGEX;
                        }
                        if (tokenStart == 0) {
                            detected = Kind.SUFFIX;
                        }
                    } else {
                        re.append("[^/]*");
                        detected = Kind.REGEX;
                    }
                } else if (ch == '?') {
                    re.append("[^/]");
                    detected = Kind.REGEX;
                } else if (ch == '\\') {
                    if (i + 1 < chars.length) {
                        re.append(Pattern.quote(new String(chars, ++i, 1)));
                        detected = Kind.REGEX;
                    } else {
                        re.append("\\\\");
                    }
                } else if (ch == '[' || ch == ']') {
                    re.appendCodePoint(ch);
                    detected = Kind.REGEX;
                } else if (".+()|{}$".indexOf(ch) >= 0) {
                    re.append('\\').appendCodePoint(ch);
                } else {
                    re.appendCodePoint(ch);
                }
            }
            this.kind = detected;
            this.regex = detected == Kind.REGEX ? Pattern.compile(re.append('$').toString()) : null;
        }

        boolean matches(String path) {
            switch (kind) {
                case EXACT:
                    return path.equals(cleaned);
                case PREFIX:
                    return path.startsWith(cleaned.substring(0, cleaned.length() - 2));
                case SUFFIX: {
                    String suffix = cleaned.substring(2);
                    return path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                default:
                    return regex.matcher(path).matches();
            }
        }

        boolean isException() {
            return exception;
        }

        /** The cleaned pattern without its {@code !}. */
        String text() {
            return cleaned;
        }

        /** The pattern without a trailing {@code /**} or {@code /*}: the literal directory it is rooted at. */
        String withoutTrailingGlob() {
            if (cleaned.endsWith("/**")) {
                return cleaned.substring(0, cleaned.length() - 3);
            }
            if (cleaned.endsWith("/*")) {
                return cleaned.substring(0, cleaned.length() - 2);
            }
            return cleaned;
        }

        /** Whether {@link #withoutTrailingGlob()} is a plain path (no pattern characters). */
        boolean isLiteralPrefix() {
            String prefix = withoutTrailingGlob();
            for (int i = 0; i < prefix.length(); i++) {
                if ("*[]?^\\".indexOf(prefix.charAt(i)) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Rule> rules;
    private final boolean hasExceptions;

    private PatternMatcher(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.hasExceptions = rules.stream().anyMatch(Rule::isException);
    }

    /**
     * Compiles the patterns; blank ones are skipped.
     *
     * @throws IllegalArgumentException for a lone {@code !} or a malformed character class
     */
    public static PatternMatcher compile(List<String> patterns) {
        List<Rule> rules = new ArrayList<>(patterns.size());
        for (String raw : patterns) {
            String pattern = raw.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            pattern = GoLib.cleanPath(pattern);
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                if (pattern.length() == 1) {
                    throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
                }
                pattern = pattern.substring(1);
            }
            try {
                rules.add(new Rule(pattern, exception));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("syntax error in pattern \"" + raw.strip() + "\"", e);
            }
        }
        return new PatternMatcher(rules);
    }

    List<Rule> rules() {
        return rules;
    }

    boolean hasExceptions() {
        return hasExceptions;
    }

    /**
     * Whether the path matches, checking each pattern against the path and its parent directories.
     * Used for a single path when no walk state is at hand.
     */
    public boolean matchesOrParentMatches(String path) {
        return matchesUsingParent(path, null).matched();
    }

    /** The outcome for one path plus, per pattern, whether it matched: the walk hands this to the children. */
    record Match(boolean matched, boolean[] perRule) {}

    /**
     * Matches a path given its parent directory's {@link Match} (null for a top-level path or when unknown,
     * in which case the parent directories are checked explicitly). A pattern that matched the parent counts
     * as matching the child, so a walk checks each path against each pattern once.
     */
    Match matchesUsingParent(String path, Match parent) {
        boolean[] parentMatched = parent == null ? null : parent.perRule();
        boolean[] perRule = new boolean[rules.size()];
        boolean matched = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            boolean match = parentMatched != null && parentMatched[i];
            if (!match) {
                // an inclusion cannot change an already matched path, nor an exception an unmatched one
                if (rule.isException() != matched) {
                    continue;
                }
                match = rule.matches(path);
                if (!match && parentMatched == null) {
                    match = anyParentMatches(rule, path);
                }
            }
            perRule[i] = match;
            if (match) {
                matched = !rule.isException();
            }
        }
        return new Match(matched, perRule);
    }

    private static boolean anyParentMatches(Rule rule, String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (rule.matches(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }
}
