package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remote git definitions, fetched by the test daemon from a {@code git daemon} on 127.0.0.1: each case's
 * stdout, exit code and error line compared with what buildx 0.36.1 gave for the same command against the
 * same repository and local files (resources {@code io/jbake/spec/remote/}: {@code cases.txt} lists name and
 * arguments, {@code URL} standing for the repository's URL; {@code <name>.out} the stdout, {@code <name>.exit}
 * the exit code and last stderr line; the server's port is {@code PORT} in them).
 */
@Tag("daemon")
class RemoteDefinitionDaemonTest {
    private static final String RESOURCES = "/io/jbake/spec/remote/";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);

    private static Path root;
    private static LocalGit gitDaemon;
    private static int port;

    @BeforeAll
    static void serveRepository() throws Exception {
        root = Files.createTempDirectory("jbake-remote-").toRealPath();
        Path work = root.resolve("work");
        Files.createDirectories(work.resolve("bar"));
        Files.writeString(work.resolve("docker-bake.hcl"), """
                target "default" {
                  context = "."
                  dockerfile = "Dockerfile"
                }
                target "sub" {
                  context = "bar"
                  args = { A = "1" }
                }
                """);
        Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nCOPY a /\n");
        Files.writeString(work.resolve("a"), "hi\n");
        Files.writeString(work.resolve("bar/Dockerfile"), "FROM scratch\n");
        LocalGit.commitAndClone(work, root.resolve("served"), "repo.git", "v1");
        gitDaemon = LocalGit.serve(root.resolve("served"), "repo.git");
        port = gitDaemon.port();
    }

    @AfterAll
    static void stop() throws IOException {
        if (gitDaemon != null) {
            gitDaemon.close();
        }
        LocalGit.delete(root);
    }

    private static String url() {
        return "git://127.0.0.1:" + port + "/repo.git";
    }

    static Stream<String> cases() throws IOException {
        return resource("cases.txt").lines().filter(l -> !l.isBlank());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RemoteDefinitionDaemonTest.class.getResourceAsStream(RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(String line) throws Exception {
        String name = line.substring(0, line.indexOf('\t'));
        List<String> args = new ArrayList<>();
        for (String arg : line.substring(line.indexOf('\t') + 1).split(" ")) {
            args.add(arg.replace("URL", url()));
        }
        args.add("--progress=quiet");
        Path workDir = Files.createDirectories(root.resolve("run-" + name));
        Files.createDirectories(workDir.resolve("loc"));
        Files.createDirectories(workDir.resolve("loc2"));
        Files.writeString(workDir.resolve("loc2/Dockerfile"), "FROM scratch\n");
        Files.writeString(workDir.resolve("local.hcl"), """
                target "default" {
                  context = "cwd://loc"
                  tags = ["x:${BAKE_CMD_CONTEXT}"]
                }
                target "named" {
                  contexts = { a = ".", b = "bar", c = "cwd://loc" }
                }
                """);
        Files.writeString(workDir.resolve("local2.hcl"), """
                target "default" {
                  context = "cwd://loc2"
                }
                """);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        CommandRun run =
                assertTimeoutPreemptively(TIME_LIMIT, () -> CommandRun.of(workDir, env, args.toArray(String[]::new)));
        String stderr = run.err().replace(String.valueOf(port), "PORT");
        String expectedExit = resource(name + ".exit").strip();
        String expectedError = expectedExit.contains(" ") ? expectedExit.substring(expectedExit.indexOf(' ') + 1) : "";
        assertEquals(
                resource(name + ".out"),
                run.out().replace("127.0.0.1:" + port, "127.0.0.1:PORT"),
                "stdout\n--- stderr ---\n" + stderr);
        assertEquals(Integer.parseInt(expectedExit.split(" ")[0]), run.code(), "exit code\n--- stderr ---\n" + stderr);
        assertTrue(stderr.strip().endsWith(expectedError), "last stderr line\n--- stderr ---\n" + stderr);
    }

    /**
     * A remote definition's {@code cwd://} context outside the working directory needs {@code --allow} unless
     * {@code BAKE_ALLOW_REMOTE_FS_ACCESS} is true and {@code BUILDX_BAKE_ENTITLEMENTS_FS} unset; exit codes and
     * errors as buildx 0.29.1's (which prints the report also where it does not enforce it, jbake does not).
     */
    @org.junit.jupiter.api.Test
    void remoteFsAccess() throws Exception {
        Path workDir = Files.createDirectories(root.resolve("fs-access/w"));
        Files.createDirectories(root.resolve("fs-access/outside"));
        Files.writeString(workDir.resolve("escape.hcl"), """
                target "default" {
                  context = "cwd://../outside"
                  dockerfile-inline = "FROM scratch"
                }
                """);
        String[] args = {url(), "-f", "cwd://escape.hcl", "--progress=quiet", "default"};
        String refused = "Your build is requesting privileges for following possibly insecure capabilities:\n\n"
                + " - Read access to path ../outside\n\n"
                + "Pass \"--allow=fs.read=../outside\" to grant requested privileges.\n\n"
                + "To disable filesystem entitlements checks, you can set BUILDX_BAKE_ENTITLEMENTS_FS=0 .\n\n"
                + "ERROR: additional privileges requested\n";
        assertEquals(List.of(1, refused), run(workDir, Map.of(), args));
        assertEquals(List.of(0, ""), run(workDir, Map.of("BAKE_ALLOW_REMOTE_FS_ACCESS", "1"), args));
        assertEquals(
                List.of(
                        1,
                        refused.replace(
                                "\nTo disable filesystem entitlements checks, you can set "
                                        + "BUILDX_BAKE_ENTITLEMENTS_FS=0 .\n",
                                "")),
                run(workDir, Map.of("BAKE_ALLOW_REMOTE_FS_ACCESS", "1", "BUILDX_BAKE_ENTITLEMENTS_FS", "1"), args));
        assertEquals(
                List.of(
                        1,
                        "ERROR: failed to parse BAKE_ALLOW_REMOTE_FS_ACCESS value \"maybe\": strconv.ParseBool: "
                                + "parsing \"maybe\": invalid syntax\n"),
                run(workDir, Map.of("BAKE_ALLOW_REMOTE_FS_ACCESS", "maybe"), args));
        // a local definition's checks do not hear it
        Files.copy(workDir.resolve("escape.hcl"), workDir.resolve("local.hcl"));
        assertEquals(
                List.of(1, refused),
                run(
                        workDir,
                        Map.of("BAKE_ALLOW_REMOTE_FS_ACCESS", "1"),
                        "-f",
                        "local.hcl",
                        "--progress=quiet",
                        "default"));
    }

    /**
     * The definition's fetch and the build of a target whose context is the same repository are one vertex at
     * the daemon, as buildx's are (its op is buildx's), so the display numbers both {@code #1} (jbake's own op
     * was another vertex, shown as {@code #2} again).
     */
    @org.junit.jupiter.api.Test
    void fetchAndBuildShareTheSourceStep() throws Exception {
        Path workDir = Files.createDirectories(root.resolve("shared-step"));
        List<Object> run =
                run(workDir, Map.of(), url(), "--progress=plain", "--set", "default.output=type=cacheonly", "default");
        String stderr = (String) run.get(1);
        assertEquals(0, run.get(0), stderr);
        List<String> steps = stderr.lines()
                .filter(l -> l.matches("#\\d+ \\[internal\\] load git source .*"))
                .toList();
        // the block shows again when the build's logs come after the fetch's were printed, or not (as buildx's)
        assertTrue(!steps.isEmpty(), stderr);
        assertEquals(
                List.of("#1 [internal] load git source " + url()),
                steps.stream().distinct().toList(),
                stderr);
    }

    /** The exit code and stderr of a command in {@code workDir} with {@code extraEnv}. */
    private static List<Object> run(Path workDir, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        CommandRun run = assertTimeoutPreemptively(TIME_LIMIT, () -> CommandRun.of(workDir, env, args));
        return List.of(run.code(), run.err());
    }
}
