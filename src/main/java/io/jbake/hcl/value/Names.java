package io.jbake.hcl.value;

import java.util.Comparator;

/** Go's string order, in which object attribute names, map keys and sorted strings come. */
public final class Names {

    /**
     * Go compares strings byte-wise on their UTF-8 encoding, which is code point order. Java's
     * {@link String#compareTo} compares UTF-16 units and differs for supplementary characters, so compare code
     * points wherever a surrogate is involved.
     */
    public static final Comparator<String> ORDER = Names::compare;

    private Names() {}

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs == ys) {
                    return x - y;
                }
                // a surrogate pair encodes a code point above every BMP character
                return xs ? 1 : -1;
            }
        }
        return a.length() - b.length();
    }
}
