package io.jbake.app;

import io.jbake.go.GoLib;

/**
 * {@code --jobs}/{@code -j} as buildx v0.38 takes it ({@code N} or {@code mode[,parallel=N]}, the mode also
 * as {@code mode=<mode>}): how the targets of a bake run together. {@code parallel} 0 means no limit.
 */
public record Jobs(Mode mode, int parallel) {

    /** What a failing target does to the others. */
    public enum Mode {
        /** The first failure cancels the running targets (buildx's default). */
        FAIL_FAST("fail-fast"),
        /** Independent targets run to completion; the dependents of a failed one fail. */
        DEFER_ERROR("defer-error"),
        /** No export starts before every target has its result (jbake does not do it yet). */
        DEFER_OUTPUT("defer-output");

        final String flag;

        Mode(String flag) {
            this.flag = flag;
        }

        static Mode of(String flag) {
            for (Mode m : values()) {
                if (m.flag.equals(flag)) {
                    return m;
                }
            }
            return null;
        }
    }

    public static final Jobs DEFAULT = new Jobs(Mode.FAIL_FAST, 0);

    /**
     * Parses a {@code --jobs} value; {@code flag} names where it came from in the error ({@code --jobs},
     * {@code JBAKE_JOBS}).
     *
     * @throws InvalidFlagException for a value v0.38 rejects
     */
    public static Jobs parse(String value, String flag) {
        Mode mode = Mode.FAIL_FAST;
        int parallel = 0;
        String[] fields = value.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i].trim();
            int eq = field.indexOf('=');
            String key = eq < 0 ? null : field.substring(0, eq).trim();
            String val = eq < 0 ? field : field.substring(eq + 1).trim();
            if (key == null && i == 0 && !val.isEmpty() && val.chars().allMatch(Character::isDigit)) {
                parallel = count(val, value, flag);
            } else if (key == null && i == 0 || "mode".equals(key)) {
                mode = Mode.of(val);
                if (mode == null) {
                    throw invalid(
                            value,
                            flag,
                            "unknown mode " + GoLib.quote(val) + " (expected fail-fast, defer-error or defer-output)");
                }
            } else if ("parallel".equals(key)) {
                parallel = count(val, value, flag);
            } else {
                throw invalid(
                        value, flag, "unknown field " + GoLib.quote(field) + " (expected N or mode[,parallel=N])");
            }
        }
        return new Jobs(mode, parallel);
    }

    private static int count(String text, String value, String flag) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw invalid(value, flag, "parallel must be a non-negative integer");
    }

    private static InvalidFlagException invalid(String value, String flag, String why) {
        return new InvalidFlagException(
                "invalid argument " + GoLib.quote(value) + " for " + GoLib.quote(flag) + ": " + why);
    }
}
