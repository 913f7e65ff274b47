package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jobs} modes on the real daemon, with a target that fails at once ({@code bad}), one that builds for
 * a few seconds ({@code slow}) and one that links the failing one ({@code after}).
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobsDaemonTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());

    @BeforeEach
    void definition() throws IOException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["bad", "slow", "after"]
        }
        target "bad" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} && false\\n"
        }
        target "slow" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} && sleep 4 && echo done > /done\\n"
          output = ["type=local,dest=out/slow"]
        }
        target "after" {
          contexts = { bad = "target:bad" }
          dockerfile-inline = "FROM bad\\n"
          output = ["type=local,dest=out/after"]
        }
        """);
        env.put("NONCE", UUID.randomUUID().toString()); // nothing comes from the cache
        env.remove("JBAKE_JOBS");
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    @Test
    void failFastCancelsTheOtherTargetsAtTheFirstFailure() throws IOException {
        CommandRun run = jbake("--progress=plain", "--metadata-file", "metadata.json");

        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("did not complete successfully: exit code: 1\n"), run.err());
        assertFalse(Files.exists(dir.resolve("out/slow/done")), "slow was cancelled:\n" + run.err());
        assertFalse(Files.exists(dir.resolve("metadata.json")));
    }

    @Test
    void deferErrorLetsIndependentTargetsFinishAndWritesTheirMetadata() throws IOException {
        CommandRun run = jbake("--progress=plain", "-j", "defer-error,parallel=2", "--metadata-file", "metadata.json");

        assertEquals(1, run.code(), run.err());
        // bad fails, and after with it (its solve includes bad's): either may be the one named
        assertTrue(run.err().contains("did not complete successfully: exit code: 1\n"), run.err());
        assertEquals("done\n", Files.readString(dir.resolve("out/slow/done")));
        assertFalse(Files.exists(dir.resolve("out/after")), "after links the failed target");
        String metadata = Files.readString(dir.resolve("metadata.json"));
        assertTrue(metadata.contains("\n  \"slow\": {\n"), metadata);
        assertFalse(metadata.contains("\"bad\""), metadata);
        assertFalse(metadata.contains("\"after\""), metadata);
    }

    @Test
    void jbakeJobsGivesTheDefaultMode() throws IOException {
        env.put("JBAKE_JOBS", "mode=defer-error");

        CommandRun run = jbake("--progress=plain");

        assertEquals(1, run.code(), run.err());
        assertEquals("done\n", Files.readString(dir.resolve("out/slow/done")));
    }

    @Test
    void deferOutputIsRejectedWithLinkedTargets() {
        CommandRun run = jbake("--progress=plain", "--jobs=defer-output");

        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("ERROR: defer-output cannot be used with linked targets"), run.err());
    }
}
