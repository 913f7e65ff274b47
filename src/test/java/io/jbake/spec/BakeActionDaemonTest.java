package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private static LocalGit gitDaemon;
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
        commit = LocalGit.commitAndClone(work, root.resolve("served"), "act.git");
        gitDaemon = LocalGit.serve(root.resolve("served"), "act.git");
        port = gitDaemon.port();
    }

    @AfterAll
    static void stop() throws IOException {
        if (gitDaemon != null) {
            gitDaemon.close();
        }
        LocalGit.delete(root);
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

    private static CommandRun run(Path workDir, String... args) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        env.put("BUILDX_METADATA_WARNINGS", "true");
        return assertTimeoutPreemptively(TIME_LIMIT, () -> CommandRun.of(workDir, env, args));
    }

    @Test
    void printThenBuildWithMetadataFileAsBuildx() throws Exception {
        Path workDir = Files.createDirectories(root.resolve("run"));
        String source = "git://127.0.0.1:" + port + "/act.git#" + commit;

        CommandRun print = run(workDir, source, "--print");
        assertEquals(0, print.code(), print.err());
        assertEquals(resource("print.json"), normalized(print.out()));

        CommandRun build = run(workDir, source, "--metadata-file", "metadata.json", "--progress=plain");
        assertEquals(0, build.code(), build.err());
        assertEquals(resource("metadata.json"), normalized(Files.readString(workDir.resolve("metadata.json"))));
    }
}
