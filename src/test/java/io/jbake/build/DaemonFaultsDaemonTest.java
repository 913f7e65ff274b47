package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.PrivateEngine;
import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.transport.GrpcUpgradeRelay;
import io.jbake.cli.JbakeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the real daemon while jbake builds, each command run through a jbake server as the launcher runs
 * it: the daemon killed mid-build and restarted (on a private engine of {@link PrivateEngine}, never the shared
 * one), the connection cut while a big context uploads (by a proxy in front of the test daemon), Ctrl-C while a
 * context uploads and while a big local output is exported. Each ends in a clear error within a bounded time,
 * leaves nothing of the command in the server, and the server serves the next command.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DaemonFaultsDaemonTest {
    /** The private engine's slot in scripts/test-daemon.sh (its bridge jbk2, 10.231.2.1/24). */
    private static final int ENGINE_SLOT = 2;
    /**
     * The bound on ending after a fault, which tells a prompt end from a hang: an idle machine sees a fault within
     * a second, and one loaded many times over by other test runs took over 10 s, so the bound leaves room for that.
     */
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(60);
    /** The names of the server's threads that belong to one command (Linux shows the first 15 characters). */
    private static final List<String> COMMAND_THREADS =
            List.of("jbake-server-ru", "jbake-server-cl", "jbake-progress", "jbake-step-", "jbake-interrupt");

    @TempDir
    Path dir;

    private Path socket;

    @BeforeEach
    void setUp() {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        socket = dir.resolve("server.sock");
    }

    @AfterEach
    void stopServer() {
        JbakeProcess.stopServer(socket);
    }

    /** Writes docker-bake.hcl with {@code targets} and target "warm", which {@link #warmUp} builds. */
    private void writeBakeFile(String targets) throws IOException {
        write("docker-bake.hcl", targets + """
        target "warm" {
          dockerfile-inline = "FROM busybox:local\\nRUN true\\n"
        }
        """);
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void daemonKilledMidBuildFailsTheBakeNamingATargetAndTheServerServesOn() throws Exception {
        try (PrivateEngine engine = PrivateEngine.start(ENGINE_SLOT)) {
            writeBakeFile("""
          group "default" {
            targets = ["one", "two", "three"]
          }
          target "base" {
            no-cache = true
          }
          target "one" {
            inherits = ["base"]
            args = { NAME = "one" }
          }
          target "two" {
            inherits = ["base"]
            args = { NAME = "two" }
          }
          target "three" {
            inherits = ["base"]
            args = { NAME = "three" }
          }
          """);
            write("Dockerfile", "FROM busybox:local\nARG NAME\nRUN echo started $NAME && sleep 30\n");
            Map<String, String> daemon = Map.of("DOCKER_HOST", engine.host());
            Baseline baseline = warmUp(daemon);

            Command bake = Command.start(socket, dir, daemon, "--progress=plain");
            bake.awaitLines(
                    line -> line.matches("#\\d+ \\d+\\.\\d+ started (one|two|three)"), 3, Duration.ofSeconds(120));
            assertFaultEndsTheBake(
                    bake,
                    engine::kill,
                    1,
                    "ERROR: target (one|two|three): lost the connection to Docker " + "Engine at "
                            + Pattern.quote(engine.host()) + ": the daemon closed the connection",
                    baseline,
                    daemon);
        }
    }

    @Test
    void afterTheDaemonComesBackTheServerBuildsAgain() throws Exception {
        try (PrivateEngine engine = PrivateEngine.start(ENGINE_SLOT)) {
            writeBakeFile("""
          target "app" {
            output = ["type=local,dest=out"]
          }
          """);
            write("Dockerfile", "FROM busybox:local\nRUN echo built > /built\n");
            Map<String, String> daemon = Map.of("DOCKER_HOST", engine.host());
            warmUp(daemon);
            engine.kill();

            Command down = Command.start(socket, dir, daemon, "--progress=plain", "app");
            List<String> output = down.end(ENDS_WITHIN);
            assertEquals(1, down.process.exitValue(), String.join("\n", output));
            assertEquals(
                    "ERROR: cannot connect to Docker Engine at " + engine.host() + ": Connection refused",
                    output.get(output.size() - 1));

            engine.restart();
            Files.deleteIfExists(dir.resolve("out/built"));
            Command up = Command.start(socket, dir, daemon, "--progress=plain", "app");
            output = up.end(Duration.ofSeconds(120));
            assertEquals(0, up.process.exitValue(), String.join("\n", output));
            assertEquals("built\n", Files.readString(dir.resolve("out/built")));
        }
    }

    @Test
    void connectionToDockerEngineCutWhileTheContextUploadsIsAClearError() throws Exception {
        writeBigContext();
        try (GrpcUpgradeRelay proxy = GrpcUpgradeRelay.dockerProxy(TestDaemon.endpoint(), dir.resolve("proxy.sock"))) {
            assertCutWhileTheContextUploadsIsAClearError(
                    proxy, Map.of("DOCKER_HOST", proxy.address()), "Docker Engine at " + proxy.address());
        }
    }

    /** buildkitd's path: gRPC through the in-process relay, the session tunnelled through Control.Session. */
    @Test
    void connectionToBuildkitdCutWhileTheContextUploadsIsAClearError() throws Exception {
        writeBigContext();
        try (GrpcUpgradeRelay buildkitd = GrpcUpgradeRelay.unix(TestDaemon.endpoint(), dir.resolve("buildkitd.sock"))) {
            assertCutWhileTheContextUploadsIsAClearError(
                    buildkitd, Map.of("BUILDKIT_HOST", buildkitd.address()), "buildkitd at " + buildkitd.address());
        }
    }

    private void assertCutWhileTheContextUploadsIsAClearError(
            GrpcUpgradeRelay proxy, Map<String, String> daemon, String daemonName) throws Exception {
        Baseline baseline = warmUp(daemon);
        long warmUpBytes = proxy.bytesToDaemon();

        Command bake = Command.start(socket, dir, daemon, "--progress=plain", "upload");
        awaitUpload(bake, () -> proxy.bytesToDaemon() - warmUpBytes > 64 << 20);
        assertFaultEndsTheBake(
                bake,
                proxy::dropConnections,
                1,
                Pattern.quote("ERROR: lost the connection to " + daemonName + ": the daemon closed the connection"),
                baseline,
                daemon);
    }

    @Test
    void ctrlCWhileTheContextUploadsExits130() throws Exception {
        writeBigContext();
        try (GrpcUpgradeRelay proxy = GrpcUpgradeRelay.dockerProxy(TestDaemon.endpoint(), dir.resolve("proxy.sock"))) {
            Map<String, String> daemon = Map.of("DOCKER_HOST", proxy.address());
            Baseline baseline = warmUp(daemon);
            long warmUpBytes = proxy.bytesToDaemon();

            Command bake = Command.start(socket, dir, daemon, "--progress=plain", "upload");
            awaitUpload(bake, () -> proxy.bytesToDaemon() - warmUpBytes > 64 << 20);
            assertInterruptEndsTheBake(bake, baseline, daemon);
        }
    }

    @Test
    void ctrlCWhileABigLocalOutputIsExportedExits130() throws Exception {
        writeBakeFile("""
        target "export" {
          output = ["type=local,dest=out"]
        }
        """);
        // a sparse file: nothing on the daemon's disk, 2 GiB to send
        write("Dockerfile", "FROM busybox:local\nRUN truncate -s 2G /big\n");
        Map<String, String> daemon = Map.of("DOCKER_HOST", TestDaemon.endpoint().address());
        Baseline baseline = warmUp(daemon);

        Command bake = Command.start(socket, dir, daemon, "--progress=plain", "export");
        Path big = dir.resolve("out/big");
        awaitUpload(bake, () -> {
            try {
                return Files.exists(big) && Files.size(big) > 32 << 20;
            } catch (IOException e) {
                return false; // not written yet
            }
        });
        assertInterruptEndsTheBake(bake, baseline, daemon);
    }

    /** A target "upload" whose context is 1 GiB (a sparse file: quick to make, every byte sent), and "warm". */
    private void writeBigContext() throws IOException {
        writeBakeFile("""
        target "upload" {
          context = "big"
          output = ["type=cacheonly"]
        }
        """);
        write("big/Dockerfile", "FROM scratch\nCOPY data /\n");
        try (RandomAccessFile data =
                new RandomAccessFile(dir.resolve("big/data").toFile(), "rw")) {
            data.setLength(1L << 30);
        }
    }

    /** Waits for {@code going} (an upload under way), failing when the bake ends first. */
    private static void awaitUpload(Command bake, BooleanSupplier going) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!going.getAsBoolean()) {
            assertTrue(bake.process.isAlive(), "the bake ended first:\n" + String.join("\n", bake.lines()));
            assertTrue(System.nanoTime() < deadline, "no upload within 120 s:\n" + String.join("\n", bake.lines()));
            Thread.sleep(10);
        }
    }

    /** Ctrl-C to the client: buildx's exit code and message. */
    private void assertInterruptEndsTheBake(Command bake, Baseline baseline, Map<String, String> daemon)
            throws Exception {
        assertFaultEndsTheBake(
                bake,
                () -> new ProcessBuilder("kill", "-INT", Long.toString(bake.process.pid()))
                        .start()
                        .waitFor(),
                130,
                Pattern.quote("ERROR: failed to solve: Canceled: context canceled"),
                baseline,
                daemon);
    }

    /** Something done to a running bake. */
    private interface Fault {
        void happen() throws Exception;
    }

    /**
     * Does {@code fault} to the running {@code bake}, which must then end within {@link #ENDS_WITHIN} with {@code
     * exitCode} and a last line matching {@code lastLine}, show no stack trace, leave nothing of itself in the
     * server, and the server must serve the next command.
     */
    private void assertFaultEndsTheBake(
            Command bake, Fault fault, int exitCode, String lastLine, Baseline baseline, Map<String, String> daemon)
            throws Exception {
        long start = System.nanoTime();
        fault.happen();
        List<String> output = bake.end(ENDS_WITHIN);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(exitCode, bake.process.exitValue(), String.join("\n", output));
        assertTrue(took.compareTo(ENDS_WITHIN) < 0, "took " + took);
        String last = output.get(output.size() - 1);
        assertTrue(Pattern.matches(lastLine, last), last);
        assertNoStackTrace(output);
        baseline.assertNothingLeftBehind();
        assertServesTheNextCommand(daemon);
    }

    private static void assertNoStackTrace(List<String> output) {
        assertFalse(
                output.stream().anyMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
                String.join("\n", output));
    }

    /**
     * Builds target "warm" through the server (which starts it), so that what the server keeps for its life (its
     * event loops) exists; then its open files are the baseline.
     */
    private Baseline warmUp(Map<String, String> daemon) throws Exception {
        Command warm = Command.start(socket, dir, daemon, "--progress=plain", "warm");
        List<String> output = warm.end(Duration.ofSeconds(120));
        assertEquals(0, warm.process.exitValue(), String.join("\n", output));
        List<ProcessHandle> server = JbakeProcess.servers(socket);
        assertEquals(1, server.size());
        long pid = server.get(0).pid();
        eventually(() -> Baseline.commandThreads(pid).isEmpty());
        return new Baseline(pid);
    }

    private void assertServesTheNextCommand(Map<String, String> daemon) throws Exception {
        List<ProcessHandle> server = JbakeProcess.servers(socket);
        Command next = Command.start(socket, dir, daemon, "--print", "warm");
        List<String> output = next.end(Duration.ofSeconds(60));
        assertEquals(0, next.process.exitValue(), "the server serves the next command:\n" + String.join("\n", output));
        assertEquals(server, JbakeProcess.servers(socket));
    }

    /** Whether {@code condition} holds within {@link #ENDS_WITHIN}. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The server's open files between commands, to compare with after a command. */
    private static final class Baseline {
        private final long pid;
        private final List<String> files;

        Baseline(long pid) {
            this.pid = pid;
            this.files = openFiles();
        }

        /** Within the bound: no thread of a command runs in the server, and it holds no more open files than before. */
        void assertNothingLeftBehind() throws InterruptedException {
            eventually(() -> commandThreads().isEmpty() && openFiles().size() <= files.size());
            assertEquals(List.of(), commandThreads(), "threads of the command left in the server");
            List<String> now = openFiles();
            assertTrue(now.size() <= files.size(), "open files of the server: before " + files + ", after " + now);
        }

        List<String> commandThreads() {
            return commandThreads(pid);
        }

        static List<String> commandThreads(long pid) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                return tasks.map(task -> {
                            try {
                                return Files.readString(task.resolve("comm")).strip();
                            } catch (IOException e) {
                                return ""; // the thread ended
                            }
                        })
                        .filter(name -> COMMAND_THREADS.stream().anyMatch(name::startsWith))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What each open file descriptor of the server points at (sockets, pipes, files). */
        List<String> openFiles() {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                return fds.map(fd -> {
                            try {
                                return Files.readSymbolicLink(fd).toString();
                            } catch (IOException e) {
                                return ""; // closed meanwhile
                            }
                        })
                        .filter(target -> !target.isEmpty())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A jbake command run by the server through the Java client, its output (stdout and stderr) read as it comes. */
    private static final class Command {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Command(Process process) {
            this.process = process;
            this.reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                synchronized (lines) {
                                    lines.add(line);
                                }
                            }
                        } catch (IOException e) {
                            // the process ended
                        }
                    },
                    "test-command-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** @param daemon the variable naming the daemon ({@code DOCKER_HOST} or {@code BUILDKIT_HOST}) and its value */
        static Command start(Path socket, Path dir, Map<String, String> daemon, String... args) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(JbakeProcess.THROUGH_SERVER.command(socket, args))
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.remove("BUILDKIT_HOST");
            env.remove("BUILDX_BUILDER");
            env.putAll(daemon);
            return new Command(builder.start());
        }

        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        /** Waits until {@code count} lines match, failing when the command ends first or the time runs out. */
        void awaitLines(Predicate<String> match, int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (lines().stream().filter(match).count() < count) {
                assertTrue(process.isAlive(), "the command ended first:\n" + String.join("\n", lines()));
                assertTrue(
                        System.nanoTime() < deadline, "not seen within " + within + ":\n" + String.join("\n", lines()));
                Thread.sleep(20);
            }
        }

        /** Everything the command wrote, once it ended; fails (killing it) when it runs longer than {@code within}. */
        List<String> end(Duration within) throws InterruptedException {
            boolean ended = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(ended, "still running after " + within + ":\n" + String.join("\n", lines()));
            return lines();
        }
    }
}
