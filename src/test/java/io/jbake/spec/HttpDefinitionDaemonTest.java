package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remote definitions downloaded over HTTP by the test daemon from a server on 127.0.0.1: a single file (whose
 * {@code --print} is buildx 0.29.1's and 0.36.1's, byte for byte, against the same server) and archives
 * (tar, and tar with gzip, bzip2 and xz), which both buildx versions fail on Docker Engine with "invalid input
 * type *llb.State for copy" and jbake reads and builds as buildx's documentation describes: the definition
 * files read in the unpacked archive, {@code .} the archive's URL (the frontend unpacks it), other relative
 * contexts paths in it.
 */
@Tag("daemon")
class HttpDefinitionDaemonTest {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    private static final String DEFINITION = """
            target "default" {
              context = "."
              args = { A = "1" }
              contexts = { extra = "sub" }
            }
            target "sub" {
              context = "sub"
            }
            """;

    private static Path root;
    private static HttpServer server;

    @BeforeAll
    static void serve() throws Exception {
        root = Files.createTempDirectory("jbake-http-def-").toRealPath();
        Path tree = Files.createDirectories(root.resolve("tree"));
        Files.writeString(tree.resolve("docker-bake.hcl"), DEFINITION);
        Files.writeString(tree.resolve("other.hcl"), "target \"other\" {\n  context = \"sub\"\n}\n");
        Files.writeString(
                tree.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /root-df\nCOPY --from=extra x /extra-x\n");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/Dockerfile"), "FROM scratch\nCOPY x /x\n");
        Files.writeString(tree.resolve("sub/x"), "in sub\n");
        Path served = Files.createDirectories(root.resolve("served"));
        Files.writeString(served.resolve("single.hcl"), DEFINITION);
        // longer than the KiB buildx reads of a single file: the target comes after the padding
        Files.writeString(served.resolve("long.hcl"), "# " + "x".repeat(1500) + "\n" + DEFINITION);
        Files.write(served.resolve("big.hcl"), new byte[2 * 1024 * 1024 + 1]);
        tar(tree, served.resolve("def.tar"), "-cf");
        tar(tree, served.resolve("def.tar.gz"), "-czf");
        tar(tree, served.resolve("def.tar.bz2"), "-cjf");
        tar(tree, served.resolve("def.tar.xz"), "-cJf");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = served.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.stop(0);
        }
        LocalGit.delete(root);
    }

    private static void tar(Path tree, Path archive, String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", mode, archive.toString(), "-C", tree.toString(), ".")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
    }

    private static String url(String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file;
    }

    private static CommandRun jbake(Path workDir, String... args) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        CommandRun run = assertTimeoutPreemptively(TIME_LIMIT, () -> CommandRun.of(workDir, env, args));
        String port = String.valueOf(server.getAddress().getPort());
        return new CommandRun(
                run.code(), run.out().replace(port, "PORT"), run.err().replace(port, "PORT"));
    }

    private static Path workDir(String name) throws IOException {
        return Files.createDirectories(root.resolve("run-" + name));
    }

    /** buildx 0.29.1 and 0.36.1 print this for {@code single.hcl}: a single file's contexts stay local. */
    private static final String SINGLE_PRINT = """
            {
              "group": {
                "default": {
                  "targets": [
                    "default",
                    "sub"
                  ]
                }
              },
              "target": {
                "default": {
                  "context": ".",
                  "contexts": {
                    "extra": "sub"
                  },
                  "dockerfile": "Dockerfile",
                  "args": {
                    "A": "1"
                  }
                },
                "sub": {
                  "context": "sub",
                  "dockerfile": "Dockerfile"
                }
              }
            }
            """;

    @Test
    void singleFilePrintsAsBuildx() throws Exception {
        CommandRun run = jbake(workDir("single"), url("single.hcl"), "--print", "default", "sub");
        assertEquals(0, run.code(), run.err());
        assertEquals(SINGLE_PRINT, run.out());
        assertTrue(run.err().contains("[internal] load remote build context"), run.err());
    }

    /** buildx reads only a single file's first KiB ("failed to find target default"); jbake reads all of it. */
    @Test
    void singleFileLongerThanAKibIsReadWhole() throws Exception {
        CommandRun run = jbake(workDir("long"), url("long.hcl"), "--print", "default", "sub");
        assertEquals(0, run.code(), run.err());
        assertEquals(SINGLE_PRINT, run.out());
    }

    @Test
    void singleFileOverTwoMebibytesFails() throws Exception {
        CommandRun run = jbake(workDir("big"), url("big.hcl"), "--print");
        assertEquals(1, run.code());
        assertTrue(
                run.err().strip().endsWith("ERROR: non-archive definition URL bigger than maximum allowed size (2MiB)"),
                run.err());
    }

    @Test
    void missingDownloadFails() throws Exception {
        CommandRun run = jbake(workDir("missing"), url("nope.hcl"), "--print");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("ERROR: failed to solve: "), run.err());
        assertTrue(run.err().contains("404"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"def.tar", "def.tar.gz", "def.tar.bz2", "def.tar.xz"})
    void archivePrintsItsUrlAsTheContext(String archive) throws Exception {
        CommandRun run = jbake(workDir("print-" + archive), url(archive), "--print", "default", "sub");
        assertEquals(0, run.code(), run.err());
        assertEquals(
                SINGLE_PRINT.replace("\"context\": \".\"", "\"context\": \"http://127.0.0.1:PORT/" + archive + "\""),
                run.out());
    }

    @Test
    void archiveDefinitionFilesAreNamedInIt() throws Exception {
        CommandRun run = jbake(workDir("named"), url("def.tar.gz"), "-f", "other.hcl", "--list=targets");
        assertEquals(0, run.code(), run.err());
        assertEquals("TARGET\tDESCRIPTION\nother\t\n", run.out());
        CommandRun missing = jbake(workDir("named-missing"), url("def.tar.gz"), "-f", "nope.hcl", "--print");
        assertEquals(1, missing.code());
        assertTrue(
                missing.err().strip().endsWith("ERROR: failed to solve: lstat nope.hcl: no such file or directory"),
                missing.err());
    }

    /** The build reads its context, a sub-directory's context and a named context from the archive. */
    @Test
    void archiveBuildsFromItsContents() throws Exception {
        Path work = workDir("build");
        CommandRun run = jbake(
                work,
                url("def.tar.gz"),
                "--progress=plain",
                "--set",
                "default.output=type=local,dest=out-default",
                "--set",
                "sub.output=type=local,dest=out-sub",
                "default",
                "sub");
        assertEquals(0, run.code(), run.err());
        assertEquals(
                "FROM scratch\nCOPY Dockerfile /root-df\nCOPY --from=extra x /extra-x\n",
                Files.readString(work.resolve("out-default/root-df")));
        assertEquals("in sub\n", Files.readString(work.resolve("out-default/extra-x")));
        assertEquals("in sub\n", Files.readString(work.resolve("out-sub/x")));
        try (Stream<Path> files = Files.list(work.resolve("out-sub"))) {
            assertEquals(
                    List.of("x"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
