package io.jbake.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the results and the report write times. */
final class Times {
    private Times() {}

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * RFC 3339 in UTC with the fraction of the second, as Go's {@code time.RFC3339Nano} writes it (trailing zeros
     * dropped, no fraction for a whole second): {@code 2026-12-07T08:12:16.1234Z}.
     */
    static String rfc3339(Instant instant) {
        StringBuilder text = new StringBuilder(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
            text.append('.').append(fraction);
        }
        return text.append('Z').toString();
    }

    /** {@code duration} in seconds with three decimals ({@code 1.250}). */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return String.format("%d.%03d", millis / 1000, millis % 1000);
    }

    /** {@code duration} as the summary table shows it: seconds with one decimal ({@code 1.2s}). */
    static String shortSeconds(Duration duration) {
        long tenths = (duration.toMillis() + 50) / 100;
        return tenths / 10 + "." + tenths % 10 + "s";
    }
}
