package io.jbake.hcl.func;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions and constraints with the rules of Masterminds/semver v3, which bake's {@code semvercmp}
 * uses: lenient versions ("v1", "3.22"), constraints joined by "," or spaces (and) and "||" (or), operators
 * {@code = != > < >= <= ~ ~> ^}, wildcards {@code x X *} and hyphen ranges. A prerelease version only satisfies
 * a constraint that names a prerelease itself.
 */
final class Semver {

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private static final Pattern CONSTRAINT = Pattern.compile(
            "(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*(v?(?:[0-9xX*]+)(?:\\.[0-9xX*]+)?(?:\\.[0-9xX*]+)?(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)");
    private static final Pattern HYPHEN = Pattern.compile("\\s*(\\S+)\\s+-\\s+(\\S+)\\s*");

    private Semver() {}

    /** A parsed version; {@code parts} holds how many numeric parts were written (1-3). */
    record Version(BigInteger major, BigInteger minor, BigInteger patch, String pre, int parts)
            implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = major.compareTo(o.major);
            if (c == 0) {
                c = minor.compareTo(o.minor);
            }
            if (c == 0) {
                c = patch.compareTo(o.patch);
            }
            if (c != 0) {
                return c;
            }
            if (pre.isEmpty() || o.pre.isEmpty()) {
                return pre.isEmpty() == o.pre.isEmpty() ? 0 : (pre.isEmpty() ? 1 : -1);
            }
            String[] a = pre.split("\\.");
            String[] b = o.pre.split("\\.");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                boolean an = a[i].chars().allMatch(Character::isDigit);
                boolean bn = b[i].chars().allMatch(Character::isDigit);
                int r = an && bn
                        ? new BigInteger(a[i]).compareTo(new BigInteger(b[i]))
                        : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
                if (r != 0) {
                    return r;
                }
            }
            return Integer.compare(a.length, b.length);
        }
    }

    static Version version(String s) {
        Matcher m = VERSION.matcher(s);
        if (!m.matches()) {
            throw new FunctionException("invalid semantic version");
        }
        int parts = m.group(3) != null ? 3 : m.group(2) != null ? 2 : 1;
        return new Version(
                new BigInteger(m.group(1)),
                num(m.group(2)),
                num(m.group(3)),
                m.group(4) == null ? "" : m.group(4),
                parts);
    }

    private static BigInteger num(String s) {
        return s == null ? BigInteger.ZERO : new BigInteger(s);
    }

    /** Whether {@code v} satisfies {@code constraints}. */
    static boolean check(String constraints, Version v) {
        if (constraints.isBlank()) {
            throw new FunctionException("improper constraint: " + constraints);
        }
        for (String group : constraints.split("\\|\\|")) {
            if (matchesAll(group, v, constraints)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAll(String group, Version v, String whole) {
        Matcher h = HYPHEN.matcher(group);
        if (h.matches()) {
            return matchesAll(">= " + h.group(1) + ", <= " + h.group(2), v, whole);
        }
        List<String[]> items = new ArrayList<>();
        Matcher m = CONSTRAINT.matcher(group);
        int pos = 0;
        String rest = group.trim();
        m = CONSTRAINT.matcher(rest);
        while (pos < rest.length()) {
            if (!m.find(pos)
                    || !rest.substring(pos, m.start()).replace(",", " ").isBlank()) {
                throw new FunctionException("improper constraint: " + whole);
            }
            items.add(new String[] {m.group(1) == null ? "" : m.group(1), m.group(2)});
            pos = m.end();
            while (pos < rest.length() && (rest.charAt(pos) == ',' || rest.charAt(pos) == ' ')) {
                pos++;
            }
        }
        if (items.isEmpty()) {
            throw new FunctionException("improper constraint: " + whole);
        }
        for (String[] it : items) {
            if (!matches(it[0], it[1], v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String op, String ver, Version v) {
        String core = ver.startsWith("v") ? ver.substring(1) : ver;
        String[] split = core.split("[-+]", 2);
        String[] nums = split[0].split("\\.");
        int given = 0;
        BigInteger[] n = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
        for (int i = 0; i < nums.length; i++) {
            if (nums[i].equals("x") || nums[i].equals("X") || nums[i].equals("*")) {
                break;
            }
            n[i] = new BigInteger(nums[i]);
            given = i + 1;
        }
        String pre = "";
        int dash = core.indexOf('-');
        if (dash >= 0) {
            int plus = core.indexOf('+', dash);
            pre = plus < 0 ? core.substring(dash + 1) : core.substring(dash + 1, plus);
        }
        if (!v.pre().isEmpty() && pre.isEmpty()) {
            return false;
        }
        Version c = new Version(n[0], n[1], n[2], pre, Math.max(given, 1));
        int cmp = v.compareTo(c);
        switch (op) {
            case "":
            case "=":
                return given == 3 ? cmp == 0 : inRange(v, c, given);
            case "!=":
                return given == 3 ? cmp != 0 : !inRange(v, c, given);
            case ">":
                return given == 3 ? cmp > 0 : v.compareTo(upper(c, given)) >= 0;
            case ">=":
            case "=>":
                return cmp >= 0;
            case "<":
                return cmp < 0;
            case "<=":
            case "=<":
                return given == 3 ? cmp <= 0 : v.compareTo(upper(c, given)) < 0;
            case "~":
            case "~>":
                return cmp >= 0 && v.compareTo(upper(c, Math.min(Math.max(given, 1), 2))) < 0;
            case "^": {
                int level;
                if (c.major().signum() > 0 || given <= 1) {
                    level = 1;
                } else if (c.minor().signum() > 0 || given == 2) {
                    level = 2;
                } else {
                    level = 3;
                }
                return cmp >= 0 && v.compareTo(upper(c, level)) < 0;
            }
            default:
                throw new FunctionException("improper constraint: " + op + ver);
        }
    }

    /** Whether v lies within the range a partial version denotes (e.g. 1.2 is [1.2.0, 1.3.0)). */
    private static boolean inRange(Version v, Version c, int given) {
        if (given == 0) {
            return true;
        }
        return v.compareTo(c) >= 0 && v.compareTo(upper(c, given)) < 0;
    }

    /** The first version after every version matching the first {@code level} parts of c. */
    private static Version upper(Version c, int level) {
        switch (level) {
            case 0:
                return new Version(BigInteger.valueOf(Long.MAX_VALUE), BigInteger.ZERO, BigInteger.ZERO, "", 3);
            case 1:
                return new Version(c.major().add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, "", 3);
            case 2:
                return new Version(c.major(), c.minor().add(BigInteger.ONE), BigInteger.ZERO, "", 3);
            default:
                return new Version(c.major(), c.minor(), c.patch().add(BigInteger.ONE), "", 3);
        }
    }
}
