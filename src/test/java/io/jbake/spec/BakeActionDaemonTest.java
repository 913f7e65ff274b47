package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker/bake-action's sequence on a remote git definition at a commit ({@code URL#<sha>}, the action's default
 * source): {@code --print}, then the build with {@code --metadata-file} and {@code BUILDX_METADATA_WARNINGS=true}.
 * The expected stdout and file (resources {@code io/jbake/spec/bake-action/}) are buildx 0.29.1's on the
 * reference daemon for the same repository served by {@code git daemon}, with the port, the commit and the
 * digests and build ref (which change from run to run and daemon to daemon) replaced by words.
 */
@Tag("daemon")
class BakeActionDaemonTest {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(180);
    private static final String RESOURCES = "/io/jbake/spec/bake-action/";

    private static Path root;
    private static Process gitDaemon;
    private static int port;
    private static String commit;

    @BeforeAll
    static void serveRepository() throws Exception {
        root = Files.createTempDirectory("jbake-bake-action-").toRealPath();
        Path work = Files.createDirectories(root.resolve("work"));
        Files.writeString(work.resolve("docker-bake.hcl"), """
                target "default" {
                  tags = ["jbake-remote-action:test"]
                  args = { X = "1" }
                }
                """);
        // FromAsCasing: a warning for the metadata file
        Files.writeString(work.resolve("Dockerfile"), "FROM busybox:local as base\nARG X\nRUN echo $X > /x\n");
        git(work, "init", "-q", "-b", "main");
        git(work, "add", "-A");
        git(work, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "init");
        commit = git(work, "rev-parse", "HEAD").strip();
        Path served = Files.createDirectories(root.resolve("served"));
        git(
                root,
                "clone",
                "-q",
                "--bare",
                work.toString(),
                served.resolve("act.git").toString());
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        gitDaemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--export-all",
                        "--listen=127.0.0.1",
                        "--port=" + port,
                        "--base-path=" + served,
                        served.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("git-daemon.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Process probe = new ProcessBuilder("git", "ls-remote", "git://127.0.0.1:" + port + "/act.git")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor() == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("git daemon does not answer on port " + port);
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (gitDaemon != null) {
            gitDaemon.descendants().forEach(ProcessHandle::destroy);
            gitDaemon.destroy();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
        return output;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BakeActionDaemonTest.class.getResourceAsStream(RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The port and commit as words, and digests and the build ref, which differ from run to run. */
    private static String normalized(String text) {
        return text.replace(commit, "COMMIT")
                .replace("127.0.0.1:" + port, "127.0.0.1:PORT")
                .replaceAll("sha256:[0-9a-f]{64}", "sha256:DIGEST")
                .replaceAll("\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"DIGEST\"")
                .replaceAll("default/default/[a-z0-9]+", "default/default/REF");
    }

    private static String[] run(Path workDir, String... args) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        env.put("BUILDX_METADATA_WARNINGS", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = assertTimeoutPreemptively(
                    TIME_LIMIT, () -> Main.run(args, env, workDir, new ByteArrayInputStream(new byte[0]), o, e));
        }
        return new String[] {
            String.valueOf(exit), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void printThenBuildWithMetadataFileAsBuildx() throws Exception {
        Path workDir = Files.createDirectories(root.resolve("run"));
        String source = "git://127.0.0.1:" + port + "/act.git#" + commit;

        String[] print = run(workDir, source, "--print");
        assertEquals("0", print[0], print[2]);
        assertEquals(resource("print.json"), normalized(print[1]));

        String[] build = run(workDir, source, "--metadata-file", "metadata.json", "--progress=plain");
        assertEquals("0", build[0], build[2]);
        assertEquals(resource("metadata.json"), normalized(Files.readString(workDir.resolve("metadata.json"))));
    }
}
