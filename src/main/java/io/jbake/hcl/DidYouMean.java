package io.jbake.hcl;

/** HCL's "Did you mean ...?" rule: the first candidate within an edit distance below 3. */
public final class DidYouMean {

    private DidYouMean() {}

    /** The first candidate close to {@code given}, or null. */
    public static String suggest(String given, Iterable<String> candidates) {
        for (String candidate : candidates) {
            if (distance(given, candidate) < 3) {
                return candidate;
            }
        }
        return null;
    }

    /** Levenshtein distance over code points. */
    static int distance(String a, String b) {
        int[] s = a.codePoints().toArray();
        int[] t = b.codePoints().toArray();
        int[] prev = new int[t.length + 1];
        int[] cur = new int[t.length + 1];
        for (int j = 0; j <= t.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= s.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= t.length; j++) {
                int cost = s[i - 1] == t[j - 1] ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[t.length];
    }
}
