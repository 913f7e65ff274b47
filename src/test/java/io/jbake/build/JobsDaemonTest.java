package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The lines of the {@code [internal] target results} step in plain progress, without their step number. */
    private static List<String> targetResults(String err) {
        Matcher step =
                Pattern.compile("(?m)^#(\\d+) \\[internal\\] target results$").matcher(err);
        assertTrue(step.find(), err);
        Matcher line =
                Pattern.compile("(?m)^#" + step.group(1) + " \\d+\\.\\d+ (.*)$").matcher(err);
        List<String> lines = new ArrayList<>();
        while (line.find()) {
            lines.add(line.group(1));
        }
        return lines;
    }

    @Test
    void aFailedBakeEndsWithTheTargetResults() throws IOException {
        CommandRun failFast = jbake("--progress=plain");
        assertEquals(1, failFast.code(), failFast.err());
        List<String> results = targetResults(failFast.err());
        // after's solve includes bad's failing step: the first of them to fail fails, the rest are aborted
        assertEquals(2, results.size(), failFast.err());
        assertTrue(
                Set.of("failed: bad", "failed: after", "failed: after, bad").contains(results.get(0)), failFast.err());
        assertTrue(
                Set.of("aborted: slow", "aborted: after, slow", "aborted: bad, slow")
                        .contains(results.get(1)),
                failFast.err());

        CommandRun deferError = jbake("--progress=plain", "-j", "defer-error");
        assertEquals(1, deferError.code(), deferError.err());
        List<String> deferred = targetResults(deferError.err());
        assertEquals("succeeded: slow", deferred.get(0), deferError.err());
        assertTrue(
                deferred.get(1).equals("failed: after, bad") || deferred.get(1).equals("failed: bad"),
                deferError.err());

        CommandRun rawjson = jbake("--progress=rawjson", "-j", "defer-error");
        assertEquals(1, rawjson.code(), rawjson.err());
        String encoded = java.util.Base64.getEncoder()
                .encodeToString("succeeded: slow\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(rawjson.err().contains("\"name\":\"[internal] target results\""), rawjson.err());
        assertTrue(rawjson.err().contains("\"data\":\"" + encoded + "\""), rawjson.err());
    }

    @Test
    void deferOutputExportsNothingWhenATargetFails() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        target "quick" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} > /quick\\n"
          output = ["type=local,dest=out/quick"]
        }
        target "quick2" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} > /quick2\\n"
          output = ["type=local,dest=out/quick2"]
        }
        target "bad" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} && sleep 3 && false\\n"
        }
        """);

        CommandRun failed = jbake("--progress=plain", "--jobs=defer-output", "quick", "bad");

        assertEquals(1, failed.code(), failed.err());
        assertFalse(
                Files.exists(dir.resolve("out/quick")), "quick waited for bad and exported nothing:\n" + failed.err());
        assertEquals(List.of("failed: bad", "aborted: quick"), targetResults(failed.err()));

        CommandRun both = jbake("--progress=plain", "--jobs=defer-output,parallel=2", "quick", "quick2");
        assertEquals(0, both.code(), both.err());
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/quick/quick")));
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/quick2/quick2")));
        assertFalse(both.err().contains("target results"), both.err());
    }

    @Test
    void deferOutputIsRejectedWithLinkedTargets() {
        CommandRun run = jbake("--progress=plain", "--jobs=defer-output");

        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("ERROR: defer-output cannot be used with linked targets"), run.err());
    }
}
