package io.jbake.go;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as buildx's progress output prints them with Go's {@code %.Nf}: the exact binary value of the
 * double rounded to N decimals, ties to even. Java's {@code String.format("%.1f")} rounds the shortest
 * decimal text half up instead, so 0.25 and 0.35 would print as 0.3 and 0.4 where buildx prints 0.2 and 0.3.
 */
public final class GoFloat {

    private GoFloat() {}

    /** {@code value} with {@code places} decimals, as Go's {@code strconv.FormatFloat(value, 'f', places, 64)}. */
    public static String fixed(double value, int places) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String digits =
                new BigDecimal(value).setScale(places, RoundingMode.HALF_EVEN).toPlainString();
        // BigDecimal has no negative zero; Go keeps the sign of a negative value that rounds to zero (-0.0)
        boolean negative = value < 0 || 1 / value < 0;
        return negative && !digits.startsWith("-") ? "-" + digits : digits;
    }
}
