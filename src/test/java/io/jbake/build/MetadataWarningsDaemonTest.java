package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildx.build.warnings} in {@code --metadata-file} ({@code BUILDX_METADATA_WARNINGS}), as buildx 0.29.1
 * writes it for the same bake on the same daemon. The expected text is the reference's file; only the
 * vertex digest, which changes from run to run, is matched by shape.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetadataWarningsDaemonTest {

    /** A lower-case {@code as} after an upper-case {@code FROM}: the Dockerfile linter's FromAsCasing warning. */
    private static final String DOCKERFILE = "FROM busybox:local as base\nARG X\nRUN echo $X\n";

    /** The reference's entry for {@link #DOCKERFILE}: bytes in base64, the source without its LLB definition. */
    private static final String WARNINGS = """
        "buildx.build.warnings": [
          {
            "vertex": "sha256:HEX",
            "level": 1,
            "short": "RnJvbUFzQ2FzaW5nOiAnYXMnIGFuZCAnRlJPTScga2V5d29yZHMnIGNhc2luZyBkbyBub3QgbWF0Y2ggKGxpbmUgMSk=",
            "detail": [
              "VGhlICdhcycga2V5d29yZCBzaG91bGQgbWF0Y2ggdGhlIGNhc2Ugb2YgdGhlICdmcm9tJyBrZXl3b3Jk"
            ],
            "url": "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
            "sourceInfo": {
              "filename": "Dockerfile",
              "data": "RlJPTSBidXN5Ym94OmxvY2FsIGFzIGJhc2UKQVJHIFgKUlVOIGVjaG8gJFgK",
              "language": "Dockerfile"
            },
            "range": [
              {
                "start": {
                  "line": 1
                },
                "end": {
                  "line": 1
                }
              }
            ]
          }
        ]
      }""";

    @TempDir
    Path dir;

    private CommandRun jbake(String warnings, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_METADATA_WARNINGS");
        if (warnings != null) {
            env.put("BUILDX_METADATA_WARNINGS", warnings);
        }
        return CommandRun.of(dir, env, args);
    }

    /**
     * The metadata file from its warnings entry on, which Go's key order puts last here ("b" sorts before
     * "buildx..."); empty when there is none.
     */
    private String warningsEntry(String file) throws Exception {
        String metadata = Files.readString(dir.resolve(file));
        int start = metadata.indexOf("\n  \"buildx.build.warnings\"");
        return start < 0 ? "" : metadata.substring(start + 1);
    }

    @Test
    void trueListsEachDistinctWarningOnce() throws Exception {
        TestDaemon.endpoint();
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        // two targets raise the same warning: buildx lists it once
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        group "default" {
          targets = ["a", "b"]
        }
        target "a" {
          args = { X = "1" }
        }
        target "b" {
          args = { X = "2" }
        }
        """);

        CommandRun run = jbake("true", "--progress=quiet", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        String entry = warningsEntry("m.json");
        assertTrue(
                Pattern.compile(Pattern.quote(WARNINGS).replace("HEX", "\\E[0-9a-f]{64}\\Q"))
                        .matcher(entry)
                        .matches(),
                Files.readString(dir.resolve("m.json")));
    }

    @Test
    void onlyGoTrueSpellingsListThemAndNeverWithCall() throws Exception {
        TestDaemon.endpoint();
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"a\" {\n}\n");

        CommandRun one = jbake("1", "a", "--metadata-file", "one.json");
        assertEquals(0, one.code(), one.err());
        assertTrue(
                warningsEntry("one.json").startsWith("  \"buildx.build.warnings\": [\n    {\n      \"vertex\": "),
                Files.readString(dir.resolve("one.json")));
        for (String off : new String[] {null, "false", "yes"}) {
            CommandRun run = jbake(off, "a", "--metadata-file", "off.json");
            assertEquals(0, run.code(), run.err());
            assertEquals("", warningsEntry("off.json"), "BUILDX_METADATA_WARNINGS=" + off);
        }
        // --call=outline raises the same warning (buildx lists it after the result), but the file leaves it out
        CommandRun call = jbake("true", "a", "--call=outline", "--metadata-file", "call.json");
        assertEquals(0, call.code(), call.err());
        assertEquals("", warningsEntry("call.json"));
    }
}
