package io.jbake.hcl.func;

import io.jbake.go.GoStrings;

/** Go's {@code time.ParseDuration}: e.g. "1h30m", "-1.5s", "300ms"; units ns us µs μs ms s m h. */
final class GoDuration {

    private GoDuration() {}

    /** The duration in nanoseconds; failures carry Go's message. */
    static long parse(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            int fracStart = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            boolean post = i > fracStart + 1;
            if (!pre && !post) {
                throw invalid(orig);
            }
            double value = Double.parseDouble(s.substring(start, i).equals(".") ? "0" : s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new FunctionException("time: missing unit in duration " + GoStrings.quote(orig));
            }
            String unit = s.substring(unitStart, i);
            double scale;
            switch (unit) {
                case "ns":
                    scale = 1;
                    break;
                case "us":
                case "µs":
                case "μs":
                    scale = 1e3;
                    break;
                case "ms":
                    scale = 1e6;
                    break;
                case "s":
                    scale = 1e9;
                    break;
                case "m":
                    scale = 60e9;
                    break;
                case "h":
                    scale = 3600e9;
                    break;
                default:
                    throw new FunctionException(
                            "time: unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(orig));
            }
            total += value * scale;
            if (total > 9.223372036854775807E18) {
                throw invalid(orig);
            }
        }
        long n = Math.round(total);
        return neg ? -n : n;
    }

    private static FunctionException invalid(String s) {
        return new FunctionException("time: invalid duration " + GoStrings.quote(s));
    }
}
