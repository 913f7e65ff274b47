package io.jbake.bake.model;

import io.jbake.go.GoLib;

/**
 * A frontend method a target calls instead of building: {@code --call} and the {@code call} attribute,
 * as buildx's {@code ParseCallFunc} reads them: {@code <method>[,format=<fmt>][,ignorestatus=<bool>]}.
 * {@code check} is the name of {@code lint}; {@code build} is no call at all.
 *
 * @param name the method: {@code lint}, {@code outline}, {@code targets}, {@code subrequests.describe}, or
 *     any other name the frontend may know
 * @param format {@code json} for the result as JSON, empty for text
 * @param ignoreStatus whether the result's status code is kept out of the exit code
 */
public record CallFunction(String name, String format, boolean ignoreStatus) {

    /**
     * Reads {@code value}; null when it is empty or names {@code build}.
     *
     * @throws BakeException with buildx's message for a field it does not know or a second method name
     */
    public static CallFunction parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String name = "";
        String format = "";
        boolean ignoreStatus = false;
        for (String field : Csv.fields(value)) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                if (!name.isEmpty()) {
                    throw new BakeException("invalid print value: " + value);
                }
                name = field;
                continue;
            }
            String key = field.substring(0, eq);
            String v = field.substring(eq + 1);
            switch (key) {
                case "format" -> format = v;
                case "ignorestatus" ->
                    ignoreStatus = GoLib.parseBool(v)
                            .orElseThrow(() -> new BakeException("invalid ignorestatus print value: " + v
                                    + ": strconv.ParseBool: parsing " + GoLib.quote(v) + ": invalid syntax"));
                default -> throw new BakeException("invalid print field: " + field);
            }
        }
        if (name.equals("check")) {
            name = "lint";
        }
        return name.equals("build") ? null : new CallFunction(name, format, ignoreStatus);
    }

    /** Whether the result is printed as JSON ({@code format=json}). */
    public boolean json() {
        return format.equals("json");
    }
}
