package io.jbake.build;

import io.jbake.go.GoJson;
import io.jbake.go.RawJson;
import io.jbake.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code --metadata-file}, byte for byte as buildx writes it: a JSON object from target name to that
 * target's build metadata, keys sorted, indented by two spaces, no final newline, written atomically with
 * mode 0644. A value that is base64 of a non-empty JSON object, or of a non-empty array of objects, is
 * written as that JSON ({@code containerimage.descriptor}); {@code result.json} is JSON already; every
 * other value stays a string. The build's warnings, when given, are the top-level list
 * {@code buildx.build.warnings}, sorted among the target names as Go sorts map keys.
 */
public final class MetadataFile {
    private MetadataFile() {}

    /** The top-level key of the build's warnings. */
    static final String WARNINGS_KEY = "buildx.build.warnings";

    /**
     * Writes {@code file} atomically: a temporary file in the same directory, then renamed.
     *
     * @param warnings the JSON array to write as {@code buildx.build.warnings}, or empty for none
     */
    public static void write(Path file, Map<String, Map<String, String>> byTarget, Optional<String> warnings)
            throws IOException {
        AtomicFile.write(file, render(byTarget, warnings), "rw-r--r--");
    }

    /** The file's contents. */
    static String render(Map<String, Map<String, String>> byTarget, Optional<String> warnings) {
        // Target names have no dots (Definition's name pattern), so the warnings key never meets one.
        Map<String, Object> document = new TreeMap<>();
        byTarget.forEach((target, response) -> {
            Map<String, Object> values = new TreeMap<>();
            response.forEach((key, value) -> {
                String json = asJson(key, value);
                values.put(key, json != null ? new GoJson.Raw(json) : value);
            });
            document.put(target, values);
        });
        warnings.ifPresent(json -> document.put(WARNINGS_KEY, new GoJson.Raw(json)));
        return GoJson.indent(document);
    }

    /** The JSON text to embed for {@code value}, or null to write it as a string (buildx's decodeExporterResponse). */
    private static String asJson(String key, String value) {
        String json;
        if (key.equals("result.json")) {
            json = value;
        } else {
            try {
                // Go's StdEncoding skips line breaks and requires padding, as the JDK's basic decoder does
                json = new String(
                        Base64.getDecoder().decode(value.replace("\r", "").replace("\n", "")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return RawJson.isNonEmptyObjectOrObjectArray(json) ? json : null;
    }
}
