package io.jbake.build;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jbake.bake.model.CallFunction;
import io.jbake.buildkit.SourceExcerpt;
import io.jbake.go.GoSort;
import io.jbake.go.TabWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How buildx prints the answer of one frontend method call ({@code printResult} in its build command):
 * the Dockerfile frontend's result metadata ({@code result.json}, {@code result.txt},
 * {@code result.statuscode}, {@code version}) as text tables for {@code outline}, {@code targets} and
 * {@code subrequests.describe}, lint warnings with their Dockerfile excerpts and the {@code Check
 * complete} line for {@code lint}, {@code result.json} as is for {@code format=json}.
 *
 * <p>The tables and warnings are printed from {@code result.json} by the printers of the BuildKit
 * version buildx 0.29.1 carries (v0.25); a result of a newer version than those printers know is
 * printed as the frontend's own {@code result.txt}, as buildx does.
 */
final class FrontendResults {
    /** The result versions buildx's printers know, by method. */
    private static final Map<String, String> PRINTER_VERSIONS =
            Map.of("outline", "1.0.0", "targets", "1.0.0", "subrequests.describe", "1.0.0", "lint", "1.0.0");

    private FrontendResults() {}

    /**
     * What buildx prints for one call's result.
     *
     * @param text the result as printed
     * @param status what the call gives the exit code: the result's {@code result.statuscode} unless
     *     ignored, else 0
     * @param error null, or the error buildx reports after the text (a lint that hit a build error, with
     *     its Dockerfile excerpt; a result it cannot read), which makes the exit code 1
     */
    record Printed(String text, int status, String error) {}

    /** A result buildx reports as an error, after what was printed before it. */
    private static final class CallFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailure(String message) {
            super(message);
        }
    }

    /**
     * Prints the result {@code response} (the build's exporter response, which holds the frontend's result
     * metadata) of calling {@code call}.
     *
     * @param dockerfileSource the Dockerfile's name as the user gave it ({@code app/Dockerfile},
     *     {@code inline}), shown in lint excerpts in place of the name the frontend read
     */
    static Printed print(CallFunction call, Map<String, String> response, String dockerfileSource) {
        StringBuilder out = new StringBuilder();
        try {
            switch (call.name()) {
                case "outline" -> printValue(out, call, response, json -> outline(json, out));
                case "targets" -> printValue(out, call, response, json -> targets(json, out));
                case "subrequests.describe" -> printValue(out, call, response, json -> describe(json, out));
                case "lint" -> lint(out, call, response, dockerfileSource);
                default -> {
                    if (response.containsKey("result.json") && call.json()) {
                        out.append(response.get("result.json")).append('\n');
                    } else if (response.containsKey("result.txt")) {
                        out.append(response.get("result.txt"));
                    } else {
                        out.append(goString(call))
                                .append(' ')
                                .append(goString(response))
                                .append('\n');
                    }
                }
            }
        } catch (CallFailure failure) {
            return new Printed(out.toString(), 0, failure.getMessage());
        } catch (IllegalStateException | UnsupportedOperationException | IllegalArgumentException e) {
            // a member of the wrong JSON type, bad base64 data: the result is not what the frontend gives
            return new Printed(out.toString(), 0, "cannot read the frontend's result: " + e.getMessage());
        }
        int status = 0;
        String code = response.get("result.statuscode");
        if (!call.ignoreStatus() && code != null) {
            try {
                status = Integer.parseInt(code);
            } catch (NumberFormatException e) {
                // buildx ignores a status it cannot read
            }
        }
        return new Printed(out.toString(), status, null);
    }

    private interface JsonPrinter {
        void print(String json) throws CallFailure;
    }

    /** buildx's printValue: JSON as is, a result too new for the printer as its text, else the printer. */
    private static void printValue(
            StringBuilder out, CallFunction call, Map<String, String> response, JsonPrinter printer)
            throws CallFailure {
        if (call.json()) {
            out.append(response.getOrDefault("result.json", "")).append('\n');
            return;
        }
        String version = response.getOrDefault("version", "");
        String text = response.getOrDefault("result.txt", "");
        if (!version.isEmpty() && olderThan(PRINTER_VERSIONS.get(call.name()), version) && !text.isEmpty()) {
            out.append(text);
            return;
        }
        printer.print(response.getOrDefault("result.json", ""));
    }

    private static void outline(String json, StringBuilder out) throws CallFailure {
        JsonObject outline = object(json);
        String name = string(outline, "name");
        String description = string(outline, "description");
        if (!name.isEmpty() || !description.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("TARGET:", name.isEmpty() ? "(default)" : name));
            if (!description.isEmpty()) {
                rows.add(List.of("DESCRIPTION:", description));
            }
            table(rows, 1, out);
            out.append('\n');
        }
        List<List<String>> args = new ArrayList<>();
        args.add(List.of("BUILD ARG", "VALUE", "DESCRIPTION"));
        for (JsonObject arg : objects(outline, "args")) {
            args.add(List.of(string(arg, "name"), string(arg, "value"), string(arg, "description")));
        }
        section(args, out);
        section(requirements("SECRET", objects(outline, "secrets")), out);
        section(requirements("SSH", objects(outline, "ssh")), out);
    }

    /** The secrets or ssh table of an outline: name, and {@code true} for those the build requires. */
    private static List<List<String>> requirements(String header, List<JsonObject> entries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(header, "REQUIRED"));
        for (JsonObject entry : entries) {
            boolean required = entry.has("required") && entry.get("required").getAsBoolean();
            rows.add(List.of(string(entry, "name"), required ? "true" : ""));
        }
        return rows;
    }

    /** A table of the outline, with a blank line after it; nothing when it has only its header. */
    private static void section(List<List<String>> rows, StringBuilder out) {
        if (rows.size() > 1) {
            table(rows, 3, out);
            out.append('\n');
        }
    }

    private static void targets(String json, StringBuilder out) throws CallFailure {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TARGET", "DESCRIPTION"));
        for (JsonObject target : objects(object(json), "targets")) {
            String name = string(target, "name");
            boolean isDefault = target.has("default") && target.get("default").getAsBoolean();
            if (isDefault) {
                name = name.isEmpty() ? "(default)" : name + " (default)";
            }
            rows.add(List.of(name, string(target, "description")));
        }
        table(rows, 1, out);
    }

    private static void describe(String json, StringBuilder out) throws CallFailure {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "VERSION", "DESCRIPTION"));
        for (JsonElement request : array(json)) {
            JsonObject r = request.getAsJsonObject();
            String name = string(r, "name");
            rows.add(List.of(
                    name.startsWith("frontend.") ? name.substring("frontend.".length()) : name,
                    string(r, "version"),
                    string(r, "description")));
        }
        table(rows, 1, out);
    }

    /** A lint result: the warning count, each warning with its excerpt, then the error or "no warnings". */
    private static void lint(
            StringBuilder out, CallFunction call, Map<String, String> response, String dockerfileSource)
            throws CallFailure {
        JsonObject results =
                response.containsKey("result.json") ? object(response.get("result.json")) : new JsonObject();
        List<JsonObject> warnings = objects(results, "warnings");
        // the excerpts name the Dockerfile as the user did; the order goes by the names the frontend gave
        List<String> sourceNames = new ArrayList<>();
        List<byte[]> sources = new ArrayList<>();
        for (JsonObject source : objects(results, "sources")) {
            sourceNames.add(string(source, "filename"));
            sources.add(Base64.getDecoder().decode(string(source, "data")));
        }
        if (!call.json() && !warnings.isEmpty()) {
            out.append("Check complete, ")
                    .append(
                            warnings.size() == 1
                                    ? "1 warning has been found!"
                                    : warnings.size() + " warnings have been found!")
                    .append('\n');
        }
        printValue(out, call, response, json -> {
            List<JsonObject> sorted = new ArrayList<>(warnings);
            GoSort.slice(sorted, (x, y) -> printedBefore(x, y, sourceNames));
            for (JsonObject warning : sorted) {
                out.append("\nWARNING: ").append(string(warning, "ruleName"));
                String url = string(warning, "url");
                if (!url.isEmpty()) {
                    out.append(" - ").append(url);
                }
                out.append('\n').append(string(warning, "detail")).append('\n');
                out.append(excerpt(location(warning), sources, dockerfileSource));
            }
        });
        if (results.has("buildError") && !results.get("buildError").isJsonNull()) {
            if (!call.json() && !warnings.isEmpty()) {
                out.append('\n');
            }
            JsonObject error = results.getAsJsonObject("buildError");
            throw new CallFailure(
                    string(error, "message") + "\n" + excerpt(location(error), sources, dockerfileSource));
        }
        if (warnings.isEmpty() && !call.json()) {
            out.append("Check complete, no warnings found.\n");
        }
    }

    /**
     * The order buildx prints warnings in (its comparison, as it is): those without a source first (by
     * rule), then by file name; in a file, those without a location first (by rule), then by first line.
     */
    private static boolean printedBefore(JsonObject x, JsonObject y, List<String> sourceNames) {
        int xi = sourceIndex(location(x));
        int yi = sourceIndex(location(y));
        if (xi < 0 && yi < 0) {
            return string(x, "ruleName").compareTo(string(y, "ruleName")) < 0;
        } else if (xi < 0 || yi < 0) {
            return xi < 0;
        }
        String xFile = xi < sourceNames.size() ? sourceNames.get(xi) : "";
        String yFile = yi < sourceNames.size() ? sourceNames.get(yi) : "";
        if (!xFile.equals(yFile)) {
            return xFile.compareTo(yFile) < 0;
        }
        List<SourceExcerpt.Lines> xRanges = ranges(location(x));
        List<SourceExcerpt.Lines> yRanges = ranges(location(y));
        if (xRanges.isEmpty() && yRanges.isEmpty()) {
            return string(x, "ruleName").compareTo(string(y, "ruleName")) < 0;
        } else if (xRanges.isEmpty() || yRanges.isEmpty()) {
            return xRanges.isEmpty();
        }
        return xRanges.get(0).start() < yRanges.get(0).start();
    }

    /** The excerpt of the source the location names, shown as {@code filename}. */
    private static String excerpt(JsonObject location, List<byte[]> sources, String filename) {
        int index = sourceIndex(location);
        if (index < 0 || index >= sources.size()) {
            return "";
        }
        return SourceExcerpt.of(filename, sources.get(index), ranges(location));
    }

    private static JsonObject location(JsonObject owner) {
        JsonElement location = owner.get("location");
        return location != null && location.isJsonObject() ? location.getAsJsonObject() : new JsonObject();
    }

    private static int sourceIndex(JsonObject location) {
        return location.has("sourceIndex") ? location.get("sourceIndex").getAsInt() : 0;
    }

    private static List<SourceExcerpt.Lines> ranges(JsonObject location) {
        List<SourceExcerpt.Lines> ranges = new ArrayList<>();
        for (JsonObject range : objects(location, "ranges")) {
            ranges.add(new SourceExcerpt.Lines(line(range, "start"), line(range, "end")));
        }
        return ranges;
    }

    /** The line of position {@code key} of {@code range}; 0 when it has none. */
    private static int line(JsonObject range, String key) {
        JsonElement p = range.get(key);
        if (p == null || !p.isJsonObject()) {
            return 0;
        }
        JsonObject position = p.getAsJsonObject();
        if (position.has("character")) {
            position.get("character").getAsInt(); // unused, but one of the wrong type spoils the result, as for buildx
        }
        return position.has("line") ? position.get("line").getAsInt() : 0;
    }

    /**
     * The rows as BuildKit's subrequest printers write them: {@code tabwriter.NewWriter(w, 0, 0, padding, ' ', 0)},
     * one tab-separated line per row.
     */
    private static void table(List<List<String>> rows, int padding, StringBuilder out) {
        out.append(new TabWriter(0, 0, padding, ' ').format(rows));
    }

    /** Whether dotted version {@code a} is older than {@code b}, as Docker's {@code versions.LessThan}. */
    static boolean olderThan(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? leadingNumber(x[i]) : 0;
            int yi = i < y.length ? leadingNumber(y[i]) : 0;
            if (xi != yi) {
                return xi < yi;
            }
        }
        return false;
    }

    private static int leadingNumber(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code %s} of buildx's CallFunc: {@code Name:"x" Format:"json" IgnoreStatus:true}, set fields only. */
    private static String goString(CallFunction call) {
        List<String> parts = new ArrayList<>();
        if (!call.name().isEmpty()) {
            parts.add("Name:" + io.jbake.go.GoLib.quote(call.name()));
        }
        if (!call.format().isEmpty()) {
            parts.add("Format:" + io.jbake.go.GoLib.quote(call.format()));
        }
        if (call.ignoreStatus()) {
            parts.add("IgnoreStatus:true");
        }
        return String.join(" ", parts);
    }

    /** {@code %+v} of a Go {@code map[string]string}: {@code map[k1:v1 k2:v2]}, keys sorted. */
    private static String goString(Map<String, String> map) {
        StringBuilder s = new StringBuilder("map[");
        new TreeMap<>(map)
                .forEach((k, v) -> s.append(s.length() > 4 ? " " : "")
                        .append(k)
                        .append(':')
                        .append(v));
        return s.append(']').toString();
    }

    private static JsonObject object(String json) throws CallFailure {
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new CallFailure("cannot read the frontend's result: not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CallFailure("cannot read the frontend's result: " + e.getMessage());
        }
    }

    private static JsonArray array(String json) throws CallFailure {
        try {
            JsonElement parsed = JsonParser.parseString(json);
            return parsed.isJsonArray() ? parsed.getAsJsonArray() : new JsonArray();
        } catch (JsonParseException e) {
            throw new CallFailure("cannot read the frontend's result: " + e.getMessage());
        }
    }

    private static List<JsonObject> objects(JsonObject owner, String key) {
        List<JsonObject> objects = new ArrayList<>();
        JsonElement value = owner.get(key);
        if (value != null && value.isJsonArray()) {
            for (JsonElement e : value.getAsJsonArray()) {
                if (e.isJsonObject()) {
                    objects.add(e.getAsJsonObject());
                }
            }
        }
        return objects;
    }

    private static String string(JsonObject owner, String key) {
        JsonElement value = owner.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    }
}
