package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex}, {@code regexall} and {@code regex_replace} (cty regexp.go / string_replace.go). Patterns are
 * RE2 syntax; they are translated to java.util.regex (named groups {@code (?P<name>...)} become plain groups whose
 * names are kept aside, since Java group names cannot hold '_') and cached, as a bake file typically repeats the
 * same few patterns.
 */
public final class RegexFunctions {

    private RegexFunctions() {}

    static List<Function> all() {
        return List.of(REGEX, REGEXALL, REGEX_REPLACE);
    }

    /** A compiled RE2 pattern: the Java pattern and, per capture group (1-based), its name or null. */
    private static final class Compiled {
        final Pattern pattern;
        final List<String> groupNames = new ArrayList<>();
        final Map<String, Integer> indexByName = new HashMap<>();
        int named;

        Compiled(Pattern pattern) {
            this.pattern = pattern;
        }
    }

    private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private static Compiled compile(String re2) {
        Compiled c = CACHE.get(re2);
        if (c != null) {
            return c;
        }
        StringBuilder java = new StringBuilder(re2.length() + 8);
        List<String> names = new ArrayList<>();
        boolean inClass = false;
        for (int i = 0; i < re2.length(); i++) {
            char ch = re2.charAt(i);
            if (ch == '\\' && i + 1 < re2.length()) {
                java.append(ch).append(re2.charAt(++i));
                continue;
            }
            if (inClass) {
                if (ch == ']') {
                    inClass = false;
                } else if (ch == '[' && re2.startsWith("[:", i)) {
                    int end = re2.indexOf(":]", i + 2);
                    if (end > 0) {
                        java.append(posixClass(re2.substring(i + 2, end)));
                        i = end + 1;
                        continue;
                    }
                }
                java.append(ch);
                continue;
            }
            if (ch == '[') {
                inClass = true;
                java.append(ch);
                if (i + 1 < re2.length() && re2.charAt(i + 1) == ']') {
                    java.append("\\]"); // a leading ']' is literal in RE2
                    i++;
                } else if (re2.startsWith("^]", i + 1)) {
                    java.append("^\\]");
                    i += 2;
                }
                continue;
            }
            if (ch == '(') {
                if (re2.startsWith("(?P<", i)
                        || re2.startsWith("(?<", i) && !re2.startsWith("(?<=", i) && !re2.startsWith("(?<!", i)) {
                    int nameStart = re2.indexOf('<', i) + 1;
                    int end = re2.indexOf('>', nameStart);
                    if (end > 0) {
                        names.add(re2.substring(nameStart, end));
                        java.append('(');
                        i = end;
                        continue;
                    }
                } else if (!re2.startsWith("(?", i)) {
                    names.add(null);
                }
            }
            java.append(ch);
        }
        Pattern p;
        try {
            p = Pattern.compile(java.toString());
        } catch (PatternSyntaxException e) {
            throw new FunctionException(0, "invalid regexp pattern: " + describe(e) + " in " + re2);
        }
        c = new Compiled(p);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            c.groupNames.add(n);
            if (n != null) {
                c.named++;
                c.indexByName.putIfAbsent(n, i + 1);
            }
        }
        if (CACHE.size() < 1000) {
            CACHE.put(re2, c);
        }
        return c;
    }

    private static String posixClass(String name) {
        switch (name) {
            case "alpha":
                return "\\p{Alpha}";
            case "digit":
                return "0-9";
            case "alnum":
                return "\\p{Alnum}";
            case "upper":
                return "\\p{Upper}";
            case "lower":
                return "\\p{Lower}";
            case "space":
                return "\\s\\x0B";
            case "punct":
                return "\\p{Punct}";
            case "xdigit":
                return "0-9A-Fa-f";
            case "word":
                return "\\w";
            default:
                return "[:" + name + ":]";
        }
    }

    private static String describe(PatternSyntaxException e) {
        String d = e.getDescription();
        if (d.startsWith("Unclosed group")) {
            return "missing closing )";
        }
        if (d.startsWith("Unclosed character class")) {
            return "missing closing ]";
        }
        if (d.startsWith("Unmatched closing ')'")) {
            return "unexpected )";
        }
        if (d.startsWith("Dangling meta character")) {
            return "missing argument to repetition operator";
        }
        return d;
    }

    /** The result for one match: the whole match, a tuple of groups, or an object of named groups. */
    private static Value matchResult(Compiled c, Matcher m) {
        int groups = c.groupNames.size();
        if (groups == 0) {
            return Value.string(m.group());
        }
        if (c.named == 0) {
            List<Value> vals = new ArrayList<>(groups);
            for (int i = 1; i <= groups; i++) {
                String g = m.group(i);
                vals.add(g == null ? Value.nullOf(Type.STRING) : Value.string(g));
            }
            return Value.tuple(vals);
        }
        Map<String, Value> attrs = Value.newKeyOrderedMap();
        for (int i = 1; i <= groups; i++) {
            String g = m.group(i);
            attrs.put(c.groupNames.get(i - 1), g == null ? Value.nullOf(Type.STRING) : Value.string(g));
        }
        return Value.object(attrs);
    }

    private static Compiled checkedPattern(String pattern) {
        Compiled c = compile(pattern);
        if (c.named > 0 && c.named < c.groupNames.size()) {
            throw new FunctionException(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
        }
        return c;
    }

    public static final Function REGEX =
            Function.of("regex", List.of(of("pattern", Type.STRING), of("string", Type.STRING)), args -> {
                Compiled c = checkedPattern(args.get(0).asString());
                Matcher m = c.pattern.matcher(args.get(1).asString());
                if (!m.find()) {
                    throw new FunctionException("pattern did not match any part of the given string");
                }
                return matchResult(c, m);
            });

    public static final Function REGEXALL =
            Function.of("regexall", List.of(of("pattern", Type.STRING), of("string", Type.STRING)), args -> {
                Compiled c = checkedPattern(args.get(0).asString());
                Matcher m = c.pattern.matcher(args.get(1).asString());
                List<Value> out = new ArrayList<>();
                while (m.find()) {
                    out.add(matchResult(c, m));
                }
                if (out.isEmpty()) {
                    return Value.emptyList(emptyResultType(c));
                }
                return Value.list(out);
            });

    private static Type emptyResultType(Compiled c) {
        if (c.groupNames.isEmpty()) {
            return Type.STRING;
        }
        if (c.named == 0) {
            List<Type> t = new ArrayList<>();
            for (int i = 0; i < c.groupNames.size(); i++) {
                t.add(Type.STRING);
            }
            return Type.tuple(t);
        }
        Map<String, Type> atys = Value.newKeyOrderedMap();
        for (String n : c.groupNames) {
            atys.put(n, Type.STRING);
        }
        return Type.object(atys);
    }

    /** Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    public static final Function REGEX_REPLACE = Function.of(
            "regex_replace",
            List.of(of("str", Type.STRING), of("pattern", Type.STRING), of("replace", Type.STRING)),
            args -> {
                String s = args.get(0).asString();
                Compiled c;
                try {
                    c = compile(args.get(1).asString());
                } catch (FunctionException e) {
                    // regex_replace reports Go's own compile error
                    throw new FunctionException("error parsing regexp: "
                            + e.getMessage()
                                    .substring("invalid regexp pattern: ".length())
                                    .replaceFirst(" in (.*)$", ": `$1`"));
                }
                String template = args.get(2).asString();
                Matcher m = c.pattern.matcher(s);
                StringBuilder out = new StringBuilder(s.length());
                int last = 0;
                int prevEnd = -1;
                while (m.find()) {
                    if (m.start() == m.end() && m.start() == prevEnd) {
                        continue; // Go ignores an empty match abutting the previous match
                    }
                    out.append(s, last, m.start());
                    expand(template, c, m, out);
                    Limits.checkLength(out.length());
                    last = m.end();
                    prevEnd = m.end();
                }
                out.append(s, Math.min(last, s.length()), s.length());
                return Value.string(out.toString());
            });

    private static void expand(String t, Compiled c, Matcher m, StringBuilder out) {
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch != '$' || i + 1 >= t.length()) {
                out.append(ch);
                continue;
            }
            char n = t.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                int close = t.indexOf('}', i + 2);
                if (close < 0 || close == i + 2 || !isName(t, i + 2, close)) {
                    out.append(ch);
                    continue;
                }
                name = t.substring(i + 2, close);
                end = close;
            } else {
                int j = i + 1;
                while (j < t.length() && isNameChar(t.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(ch);
                    continue;
                }
                name = t.substring(i + 1, j);
                end = j - 1;
            }
            Integer group = null;
            if (name.chars().allMatch(Character::isDigit)) {
                try {
                    group = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    group = null;
                }
            } else {
                group = c.indexByName.get(name);
            }
            if (group != null && group <= m.groupCount() && m.group(group) != null) {
                out.append(m.group(group));
            }
            i = end;
        }
    }

    private static boolean isName(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isNameChar(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
