package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import io.jbake.cli.JbakeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole bakes on the real daemon of {@code scripts/test-daemon.sh}: jbake's command run in-process (or,
 * for Ctrl-C, as a real process) on real files.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BakeDaemonTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());

    @BeforeEach
    void daemon() {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    @Test
    void diamondSolvesTheSharedBaseOnceForBothServices() throws IOException {
        // A fresh build arg keeps the base out of the cache; its RUN writes a random id, so two solves of the
        // base would give the two services different ids.
        write("docker-bake.hcl", """
        variable "NONCE" {}
        group "default" {
          targets = ["app1", "app2"]
        }
        target "base" {
          dockerfile = "base.Dockerfile"
          args = { NONCE = NONCE }
        }
        target "app1" {
          dockerfile = "app.Dockerfile"
          contexts = { base = "target:base" }
          output = ["type=local,dest=out/app1"]
        }
        target "app2" {
          dockerfile = "app.Dockerfile"
          contexts = { base = "target:base" }
          output = ["type=local,dest=out/app2"]
        }
        """);
        write("base.Dockerfile", """
        FROM busybox:local
        ARG NONCE
        RUN echo "$NONCE" > /nonce && cat /proc/sys/kernel/random/uuid > /id
        """);
        write("app.Dockerfile", """
        FROM scratch
        COPY --from=base /id /nonce /
        """);
        String nonce = UUID.randomUUID().toString();
        env.put("NONCE", nonce);

        CommandRun run = jbake("--progress=plain", "--metadata-file", "metadata.json");

        assertEquals(0, run.code(), run.err());
        String id1 = Files.readString(dir.resolve("out/app1/id"));
        String id2 = Files.readString(dir.resolve("out/app2/id"));
        assertEquals(36 + 1, id1.length(), "a uuid and a newline: " + id1);
        assertEquals(id1, id2, "both services read the same solve of base");
        assertEquals(nonce + "\n", Files.readString(dir.resolve("out/app1/nonce")));
        String metadata = Files.readString(dir.resolve("metadata.json"));
        for (String target : List.of("app1", "app2", "base")) {
            // buildx writes each build's provenance first (keys sorted), then its build ref
            assertTrue(
                    metadata.contains("  \"" + target + "\": {\n    \"buildx.build.provenance\": {\n"),
                    "metadata entry for " + target + ":\n" + metadata);
            assertTrue(
                    metadata.matches("(?s).*\n  \"" + target
                            + "\": \\{\n(    .*\n)*    \"buildx.build.ref\": \"default/default/.*"),
                    "metadata entry for " + target + ":\n" + metadata);
        }
        // one vertex for the base's RUN (the same number wherever it shows), and never CACHED from elsewhere
        List<String> baseRun = run.err()
                .lines()
                .filter(l -> l.contains("cat /proc/sys/kernel/random/uuid > /id"))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .distinct()
                .toList();
        assertEquals(1, baseRun.size(), run.err());
    }

    @Test
    void aContextTwoTargetsReadIsTransferredOnce() throws IOException {
        write("docker-bake.hcl", """
        group "default" {
          targets = ["one", "two"]
        }
        target "one" {
          context = "app"
          dockerfile = "one.Dockerfile"
          output = ["type=local,dest=out/one"]
        }
        target "two" {
          context = "app"
          dockerfile = "two.Dockerfile"
          output = ["type=local,dest=out/two"]
        }
        """);
        write("app/one.Dockerfile", "FROM scratch\nCOPY data.txt /one.txt\n");
        write("app/two.Dockerfile", "FROM scratch\nCOPY data.txt /two.txt\n");
        String data = "shared " + UUID.randomUUID() + "\n";
        write("app/data.txt", data);

        CommandRun run = jbake("--progress=plain");

        assertEquals(0, run.code(), run.err());
        assertEquals(data, Files.readString(dir.resolve("out/one/one.txt")));
        assertEquals(data, Files.readString(dir.resolve("out/two/two.txt")));
        // one source for both builds (the shared session's), so one step, whichever target it is shown under
        List<String> contextSteps = run.err()
                .lines()
                .filter(l -> l.matches("#\\d+ \\[(one|two) internal\\] load build context"))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .distinct()
                .toList();
        assertEquals(1, contextSteps.size(), run.err());
    }

    @Test
    void aFailingTargetStopsTheBakeWithExitOneAndIsNamed() throws IOException {
        write("docker-bake.hcl", """
        group "default" {
          targets = ["ok", "bad"]
        }
        target "ok" {
          dockerfile = "ok.Dockerfile"
          no-cache = true
        }
        target "bad" {
          dockerfile = "bad.Dockerfile"
          no-cache = true
        }
        """);
        // far longer than the bake takes when the failure cancels it (seconds), even on a loaded machine
        write("ok.Dockerfile", "FROM busybox:local\nRUN sleep 150 && echo fine\n");
        write("bad.Dockerfile", "FROM busybox:local\nRUN echo one\nRUN echo failing && exit 3\nRUN echo never\n");

        long start = System.nanoTime();
        CommandRun run = jbake("--progress=plain");

        assertEquals(1, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(
                "ERROR: target bad: failed to solve: process \"/bin/sh -c echo failing && exit 3\" did not "
                        + "complete successfully: exit code: 3",
                lines.get(lines.size() - 1));
        assertTrue(run.err().contains("   3 | >>> RUN echo failing && exit 3\n"), run.err());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(120)) < 0,
                "the failure cancelled ok's 150 s step instead of waiting for it");
    }

    @Test
    void aMissingContextDirectoryFailsTheBakeBeforeAnyTargetBuilds() throws IOException {
        write("docker-bake.hcl", """
        target "gone" {
          context = "nope"
        }
        target "fine" {
          output = ["type=local,dest=out/fine"]
        }
        """);
        write("Dockerfile", "FROM scratch\nCOPY docker-bake.hcl /\n");

        CommandRun run = jbake("--progress=plain", "fine", "gone");

        assertEquals(1, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        // buildx 0.29.1 on the same files: no target named, nothing built
        assertEquals("ERROR: unable to prepare context: path \"nope\" not found", lines.get(lines.size() - 1));
        assertFalse(Files.exists(dir.resolve("out/fine")));
    }

    @Test
    void severalPlatformsAreRefusedByAnEngineWithTheClassicImageStore() throws IOException {
        write("docker-bake.hcl", """
        target "multi" {
          platforms = ["linux/amd64", "linux/arm64"]
          output = ["type=cacheonly"]
        }
        """);
        write("Dockerfile", "FROM scratch\nCOPY docker-bake.hcl /\n");

        CommandRun run = jbake("--progress=plain", "multi");

        assertEquals(1, run.code(), run.err());
        // buildx 0.29.1 on the same files and daemon
        assertTrue(run.err().endsWith("""
        ERROR: Multi-platform build is not supported for the docker driver.
        Switch to a different driver, or turn on the containerd image store, and try again.
        Learn more at https://docs.docker.com/go/build-multi-platform/
        """), run.err());
    }

    @Test
    void aTargetThatDoesNotDeclareASecretCannotReadIt() throws IOException {
        write("docker-bake.hcl", """
        target "reader" {
          dockerfile = "Dockerfile"
          secret = ["id=token,env=ISOLATION_TOKEN"]
          output = ["type=local,dest=out/reader"]
          no-cache = true # secret values are not part of cache keys: an earlier run's token would be read
        }
        target "intruder" {
          dockerfile = "Dockerfile"
          output = ["type=local,dest=out/intruder"]
          no-cache = true # else the RUN step is a cache hit of reader's, which never asks for the secret
        }
        """);
        write("Dockerfile", """
        FROM busybox:local AS read
        RUN --mount=type=secret,id=token,required=true sha256sum /run/secrets/token | cut -c1-64 > /token.sha
        FROM scratch
        COPY --from=read /token.sha /
        """);
        String token = "isolation-" + UUID.randomUUID();
        env.put("ISOLATION_TOKEN", token);

        CommandRun reader = jbake("--progress=plain", "reader");
        CommandRun intruder = jbake("--progress=plain", "intruder");

        assertEquals(0, reader.code(), reader.err());
        assertEquals(sha256(token) + "\n", Files.readString(dir.resolve("out/reader/token.sha")));
        assertEquals(1, intruder.code(), intruder.err());
        List<String> lines = intruder.err().lines().toList();
        // one target: buildx names none (its text on the same daemon)
        assertEquals("ERROR: failed to solve: secret token: not found", lines.get(lines.size() - 1));
        assertFalse(Files.exists(dir.resolve("out/intruder")));
        assertFalse(reader.err().contains(token) || intruder.err().contains(token), "the value never shows");
    }

    /** In its own JVM, and in a jbake server, which its client (Java or C) tells of the interrupt and which serves on. */
    @ParameterizedTest
    @EnumSource(JbakeProcess.class)
    void ctrlCCancelsTheRunningBuildAndExits130(JbakeProcess how) throws Exception {
        Path socket = dir.resolve("server.sock");
        String marker = "jbake-slow-" + UUID.randomUUID();
        try (SlowBuild build = SlowBuild.start(how, socket, dir, marker)) {
            long interrupted = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(build.jbake.pid()))
                    .start()
                    .waitFor();
            boolean ended = build.jbake.waitFor(15, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - interrupted);
            List<String> output = build.rest();
            assertTrue(ended, "jbake still running 15 s after SIGINT:\n" + String.join("\n", output));
            assertEquals(130, build.jbake.exitValue(), String.join("\n", output));
            // below the client's 10 s grace, after which it would give up instead of the build ending cancelled
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
            assertEquals("ERROR: failed to solve: Canceled: context canceled", output.get(output.size() - 1));
            assertTrue(SlowBuild.stopsRunning(marker), "the RUN step still runs at the daemon");
            if (how != JbakeProcess.IN_PROCESS) {
                assertServerServesOn(socket);
            }
        } finally {
            JbakeProcess.stopServer(socket);
        }
    }

    /** A client that is killed (no Ctrl-C to pass on) ends its connection: the server cancels its build. */
    @Test
    void theBuildOfAKilledClientIsCancelledByTheServer() throws Exception {
        Path socket = dir.resolve("server.sock");
        String marker = "jbake-slow-" + UUID.randomUUID();
        try (SlowBuild build = SlowBuild.start(JbakeProcess.THROUGH_SERVER, socket, dir, marker)) {
            build.jbake.destroyForcibly().waitFor();

            assertTrue(SlowBuild.stopsRunning(marker), "the RUN step still runs at the daemon");
            assertServerServesOn(socket);
        } finally {
            JbakeProcess.stopServer(socket);
        }
    }

    private void assertServerServesOn(Path socket) throws Exception {
        List<ProcessHandle> server = JbakeProcess.servers(socket);
        assertEquals(1, server.size());
        assertEquals(
                0,
                new ProcessBuilder(JbakeProcess.THROUGH_SERVER.command(socket, "--print", "slow"))
                        .directory(dir.toFile())
                        .start()
                        .waitFor(),
                "the server serves the next command");
        assertEquals(server, JbakeProcess.servers(socket));
    }

    /** jbake building a target whose RUN step runs for two minutes, started and read up to that step's start. */
    private record SlowBuild(Process jbake, BufferedReader lines, List<String> output) implements AutoCloseable {

        static SlowBuild start(JbakeProcess how, Path socket, Path dir, String marker) throws Exception {
            Files.writeString(dir.resolve("docker-bake.hcl"), """
          target "slow" {
            dockerfile = "Dockerfile"
            no-cache = true
          }
          """);
            // the marker names the step's shell among the machine's processes
            Files.writeString(
                    dir.resolve("Dockerfile"),
                    "FROM busybox:local\nRUN echo started && sleep 120 && echo " + marker + "\n");
            if (how == JbakeProcess.THROUGH_NATIVE_CLIENT) {
                JbakeProcess.startServer(socket); // else the C client hands the command to the Java client
            }
            Process jbake = new ProcessBuilder(how.command(socket, "--progress=plain", "slow"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            SlowBuild build = new SlowBuild(
                    jbake,
                    new BufferedReader(new InputStreamReader(jbake.getInputStream(), StandardCharsets.UTF_8)),
                    new ArrayList<>());
            String line;
            while ((line = build.lines.readLine()) != null) {
                build.output.add(line);
                if (line.endsWith(" started")) { // the RUN step's log: the build is running at the daemon
                    break;
                }
            }
            assertTrue(jbake.isAlive(), String.join("\n", build.output));
            assertFalse(processesWith(marker).isEmpty(), "the RUN step runs");
            return build;
        }

        /** Everything jbake wrote, once it has ended. */
        List<String> rest() throws IOException {
            if (jbake.isAlive()) {
                jbake.destroyForcibly();
            }
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
            return output;
        }

        /** Whether the step's processes are gone within 10 seconds. */
        static boolean stopsRunning(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!processesWith(marker).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
            return true;
        }

        private static List<ProcessHandle> processesWith(String marker) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info()
                            .commandLine()
                            .map(line -> line.contains(marker))
                            .orElse(false))
                    .toList();
        }

        @Override
        public void close() throws IOException {
            jbake.destroyForcibly();
            lines.close();
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
