package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A remote git definition over HTTP that needs a token: {@code git http-backend} behind {@link GitHttpServer},
 * which answers 401 without {@code Authorization: basic base64(x-access-token:TOKEN)}, the header buildx 0.29.1
 * and 0.36.1 had the reference daemon send (BuildKit's git writes the scheme in lower case) for
 * {@code BUILDX_BAKE_GIT_AUTH_TOKEN=TOKEN}. The definition's fetch and the build of the targets whose context is
 * on the same host carry it; it shows in no output.
 */
@Tag("daemon")
class GitAuthDaemonTest {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    private static final String TOKEN = "tok-5f3a9c1e7b";
    private static final String HEADER =
            "basic " + Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));

    private static Path root;
    private static GitHttpServer server;

    @BeforeAll
    static void serve() throws Exception {
        root = Files.createTempDirectory("jbake-git-auth-").toRealPath();
        Path work = Files.createDirectories(root.resolve("work"));
        Files.writeString(work.resolve("docker-bake.hcl"), """
                target "default" {
                  context = "."
                }
                target "sub" {
                  context = "sub"
                }
                """);
        Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nCOPY a /\n");
        Files.writeString(work.resolve("a"), "hi\n");
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("sub/Dockerfile"), "FROM scratch\nCOPY b /\n");
        Files.writeString(work.resolve("sub/b"), "b\n");
        Path served = root.resolve("served");
        LocalGit.commitAndClone(work, served, "repo.git");
        server = new GitHttpServer(served, HEADER);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        LocalGit.delete(root);
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/repo.git";
    }

    private static CommandRun jbake(Path workDir, boolean token, String... args) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        if (token) {
            env.put("BUILDX_BAKE_GIT_AUTH_TOKEN", TOKEN);
        }
        CommandRun run = assertTimeoutPreemptively(TIME_LIMIT, () -> CommandRun.of(workDir, env, args));
        String port = String.valueOf(server.port());
        return new CommandRun(
                run.code(), run.out().replace(port, "PORT"), run.err().replace(port, "PORT"));
    }

    /** buildx 0.29.1's and 0.36.1's {@code --print} with the token, the port replaced. */
    @Test
    void printsAsBuildxWithTheToken() throws Exception {
        CommandRun run = jbake(Files.createDirectories(root.resolve("print")), true, url(), "--print");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                {
                  "group": {
                    "default": {
                      "targets": [
                        "default"
                      ]
                    }
                  },
                  "target": {
                    "default": {
                      "context": "http://127.0.0.1:PORT/repo.git",
                      "dockerfile": "Dockerfile"
                    }
                  }
                }
                """, run.out());
        assertFalse((run.out() + run.err()).contains(TOKEN), run.err());
        assertTrue(
                server.authorizations().contains(HEADER),
                server.authorizations().toString());
    }

    /** Without the token the server refuses the fetch: the header above is what let it through. */
    @Test
    void failsWithoutTheToken() throws Exception {
        CommandRun run = jbake(Files.createDirectories(root.resolve("no-token")), false, url(), "--print");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("could not read Username"), run.err());
    }

    /** The targets' builds fetch their contexts from the same host: with the token, and only it. */
    @Test
    void buildsTargetsOnTheSameHostWithTheToken() throws Exception {
        Path work = Files.createDirectories(root.resolve("build"));
        CommandRun run = jbake(
                work,
                true,
                url(),
                "--progress=plain",
                "--metadata-file",
                "metadata.json",
                "--set",
                "default.output=type=local,dest=out-default",
                "--set",
                "sub.output=type=local,dest=out-sub",
                "default",
                "sub");
        assertEquals(0, run.code(), run.err());
        assertEquals("hi\n", Files.readString(work.resolve("out-default/a")));
        assertEquals("b\n", Files.readString(work.resolve("out-sub/b")));
        assertFalse((run.out() + run.err()).contains(TOKEN), run.err());
        assertFalse(Files.readString(work.resolve("metadata.json")).contains(TOKEN));
        List<String> sent = server.authorizations().stream().distinct().toList();
        assertTrue(sent.contains(HEADER), sent.toString());
    }
}
