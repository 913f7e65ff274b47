package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildx.build.provenance} in {@code --metadata-file}, as buildx 0.29.1 writes it for the same bake
 * on the same daemon (the expected text is the reference's file, with the build ref, the image digests and
 * the base image's digest, which vary by machine and run, matched by shape).
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetadataProvenanceDaemonTest {

    @TempDir
    Path dir;

    private record Run(int code, String err) {}

    private Run jbake(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_METADATA_PROVENANCE");
        env.putAll(extraEnv);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                dir,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }

    private void writeProject(String marker) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:local\nARG X=1\nRUN echo " + marker + "-$X > /m\n");
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"a\" {\n  args = { X = \"2\" }\n}\n");
    }

    @Test
    void minimalProvenanceByDefault() throws Exception {
        TestDaemon.endpoint();
        writeProject("p" + UUID.randomUUID().toString().replace("-", ""));
        Run run = jbake(Map.of(), "a", "--progress=plain", "--metadata-file", "m.json");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.err().matches("(?s).*\n(#\\d+) resolving provenance for metadata file\n\\1 DONE [0-9.]+s\n.*"),
                run.err());
        String metadata = Files.readString(dir.resolve("m.json"));
        String expected = """
        {
          "a": {
            "buildx.build.provenance": {
              "builder": {
                "id": ""
              },
              "buildType": "https://mobyproject.org/buildkit@v1",
              "materials": [
                {
                  "uri": "pkg:docker/busybox@local?platform=linux%2Famd64",
                  "digest": {
                    "sha256": "HEX"
                  }
                }
              ],
              "invocation": {
                "configSource": {
                  "entryPoint": "Dockerfile"
                },
                "parameters": {
                  "frontend": "dockerfile.v0",
                  "args": {
                    "build-arg:X": "2"
                  },
                  "locals": [
                    {
                      "name": "context"
                    },
                    {
                      "name": "dockerfile"
                    }
                  ]
                },
                "environment": {
                  "platform": "linux/amd64"
                }
              }
            },
            "buildx.build.ref": "default/default/REF",
            "containerimage.config.digest": "sha256:HEX",
            "containerimage.digest": "sha256:HEX"
          }
        }""";
        Matcher shape = Pattern.compile(Pattern.quote(expected)
                        .replace("HEX", "\\E[0-9a-f]{64}\\Q")
                        .replace("REF", "\\E[0-9a-z]{25}\\Q"))
                .matcher(metadata);
        assertTrue(shape.matches(), metadata);
    }

    @Test
    void maxKeepsBuildConfigAndMetadataAndDisabledLeavesItOut() throws Exception {
        TestDaemon.endpoint();
        writeProject("p" + UUID.randomUUID().toString().replace("-", ""));
        Run max = jbake(Map.of("BUILDX_METADATA_PROVENANCE", "max"), "a", "--metadata-file", "max.json");
        assertEquals(0, max.code(), max.err());
        String full = Files.readString(dir.resolve("max.json"));
        assertTrue(full.contains("\n      \"buildConfig\": {\n        \"llbDefinition\": ["), full);
        assertTrue(full.contains("\n      \"metadata\": {\n        \"buildInvocationID\": "), full);

        Run disabled = jbake(
                Map.of("BUILDX_METADATA_PROVENANCE", "false"), "a", "--progress=plain", "--metadata-file", "off.json");
        assertEquals(0, disabled.code(), disabled.err());
        assertFalse(Files.readString(dir.resolve("off.json")).contains("buildx.build.provenance"));
        assertFalse(disabled.err().contains("resolving provenance"), disabled.err());

        // without --metadata-file there is nothing to resolve
        Run plain = jbake(Map.of(), "a", "--progress=plain");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.err().contains("resolving provenance"), plain.err());
    }
}
