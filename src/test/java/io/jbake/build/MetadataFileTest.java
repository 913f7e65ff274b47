package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFileTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = MetadataFileTest.class.getResourceAsStream("metadata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The metadata file buildx 0.29.1 wrote for bake-examples/monorepo on the reference daemon, rebuilt
     * from the responses it came from (JSON values base64-encoded, as the daemon and buildx hand them over).
     */
    @Test
    void sameBytesAsBuildxForTheMonorepoExample() throws IOException {
        Map<String, Map<String, String>> responses = new LinkedHashMap<>();
        for (String line : resource("monorepo.response.tsv").split("\n")) {
            String[] fields = line.split("\t", 3);
            responses.computeIfAbsent(fields[0], k -> new LinkedHashMap<>()).put(fields[1], fields[2]);
        }

        assertEquals(resource("monorepo.expected.json"), MetadataFile.render(responses, Optional.empty()));
    }

    @Test
    void onlyBase64OfNonEmptyObjectsOrObjectArraysBecomesJson() {
        Map<String, String> response = new LinkedHashMap<>();
        response.put("containerimage.descriptor", base64("{\"mediaType\":\"x\",\"size\":1.50e3,\"a\":{},\"b\":[]}"));
        response.put("list", base64("[{\"k\":\"<&>\"},null]"));
        response.put("empty", base64("{}"));
        response.put("strings", base64("[\"a\"]"));
        response.put("number", base64("42"));
        response.put("containerimage.digest", "sha256:0123");
        response.put("result.json", "{\"warnings\":[]}");
        response.put("html", "a<b>&c");

        assertEquals("""
        {
          "app": {
            "containerimage.descriptor": {
              "mediaType": "x",
              "size": 1.50e3,
              "a": {},
              "b": []
            },
            "containerimage.digest": "sha256:0123",
            "empty": "e30=",
            "html": "a\\u003cb\\u003e\\u0026c",
            "list": [
              {
                "k": "\\u003c\\u0026\\u003e"
              },
              null
            ],
            "number": "NDI=",
            "result.json": {
              "warnings": []
            },
            "strings": "WyJhIl0="
          }
        }""", MetadataFile.render(Map.of("app", response), Optional.empty()));
    }

    /** Go sorts the top-level keys, the warnings' among the target names. */
    @Test
    void warningsAreTheKeyBuildxBuildWarningsAmongTheTargets() {
        Map<String, Map<String, String>> byTarget = new LinkedHashMap<>();
        byTarget.put("default", Map.of("containerimage.digest", "sha256:01"));
        byTarget.put("app", Map.of("containerimage.digest", "sha256:02"));

        assertEquals(
                """
        {
          "app": {
            "containerimage.digest": "sha256:02"
          },
          "buildx.build.warnings": [
            {
              "level": 1,
              "range": [
                {
                  "start": {
                    "line": 1
                  },
                  "end": {}
                }
              ]
            }
          ],
          "default": {
            "containerimage.digest": "sha256:01"
          }
        }""",
                MetadataFile.render(
                        byTarget, Optional.of("[{\"level\":1,\"range\":[{\"start\":{\"line\":1},\"end\":{}}]}]")));
        assertEquals("""
        {
          "buildx.build.warnings": [
            {
              "level": 1
            }
          ],
          "default": {}
        }""", MetadataFile.render(Map.of("default", Map.of()), Optional.of("[{\"level\":1}]")));
    }

    @Test
    void emptyBake() {
        assertEquals("{}", MetadataFile.render(Map.of(), Optional.empty()));
    }

    @Test
    void writtenAtomicallyWithMode0644(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metadata.json");
        Files.writeString(file, "old");

        MetadataFile.write(file, Map.of("app", Map.of("image.name", "app:1")), Optional.empty());

        assertEquals("{\n  \"app\": {\n    \"image.name\": \"app:1\"\n  }\n}", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
