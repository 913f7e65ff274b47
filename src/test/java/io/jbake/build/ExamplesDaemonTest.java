package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every project under {@code bake-examples/} builds on the test daemon, run as its README says. */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ExamplesDaemonTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final Map<String, String> env = new HashMap<>(System.getenv());

    private CommandRun jbake(Path workDir, String... args) {
        TestDaemon.endpoint();
        return CommandRun.of(workDir, env, args);
    }

    @Test
    void monorepo(@TempDir Path tmp) throws Exception {
        env.put("API_TOKEN", "monorepo-example-token");
        String file = "bake-examples/monorepo/docker-bake.hcl";

        CommandRun graph = jbake(ROOT, "-f", file, "--graph");
        CommandRun build = jbake(
                ROOT,
                "-f",
                file,
                "--progress=plain",
                "--metadata-file",
                tmp.resolve("md.json").toString());

        assertEquals(new CommandRun(0, """
        digraph bake {
          "base" [style=dashed];
          "api";
          "web";
          "worker";
          "base" -> "api" [label="base"];
          "base" -> "web" [label="base"];
          "base" -> "worker" [label="base"];
        }
        """, ""), graph);
        assertEquals(0, build.code(), build.err());
        String metadata = Files.readString(tmp.resolve("md.json"));
        for (String target : List.of("api", "base", "web", "worker")) {
            assertTrue(metadata.contains("\"" + target + "\": {"), metadata);
        }
        assertEquals(
                "hello from api (shared 1.4.2)\n", TestDaemon.docker("run", "--rm", "localhost:5000/monorepo/api:dev"));
        assertEquals(
                "agent forwarded\n",
                TestDaemon.docker("run", "--rm", "localhost:5000/monorepo/web:dev", "cat", "/srv/www/ssh.txt"));
        assertTrue(!build.err().contains("monorepo-example-token"));
    }

    @Test
    void ciMatrix() {
        String file = "bake-examples/ci-matrix/docker-bake.hcl";
        env.put("GIT_SHA", "0123abc");

        CommandRun list = jbake(ROOT, "-f", file, "--list=type=targets,format=json");
        CommandRun print = jbake(ROOT, "-f", file, "--set", "*.args.GIT_SHA", "--print");
        CommandRun build = jbake(ROOT, "-f", file, "--set", "*.args.GIT_SHA", "--progress=plain");

        // the reference buildx 0.29.1 prints exactly this
        assertEquals(new CommandRun(0, """
        [
          {
            "name": "cli",
            "description": "cli-v1-4-amd64, cli-v1-4-arm64, cli-v2-0-amd64, cli-v2-0-arm64",
            "group": true
          },
          {
            "name": "cli-v1-4-amd64",
            "description": "the command-line tool, release 1.4 for linux/amd64"
          },
          {
            "name": "cli-v1-4-arm64",
            "description": "the command-line tool, release 1.4 for linux/arm64"
          },
          {
            "name": "cli-v2-0-amd64",
            "description": "the command-line tool, release 2.0 for linux/amd64"
          },
          {
            "name": "cli-v2-0-arm64",
            "description": "the command-line tool, release 2.0 for linux/arm64"
          },
          {
            "name": "default",
            "description": "cli",
            "group": true
          }
        ]
        """, list.err()), list);
        // and on stderr the reading of the file, as buildx shows it (not piped to the JSON reader)
        assertTrue(
                list.err()
                        .matches(
                                "#1 \\[internal\\] load local bake definitions\n"
                                        + "#1 reading bake-examples/ci-matrix/docker-bake.hcl 1.04kB / 1.04kB done\n#1 DONE \\d+\\.\\ds\n"),
                list.err());
        assertEquals(0, print.code(), print.err());
        assertEquals(4, print.out().split("\"GIT_SHA\": \"0123abc\"", -1).length - 1, print.out());
        assertEquals(0, build.code(), build.err());
        assertTrue(
                build.err()
                        .contains("[cli-v2-0-arm64 build 2/2] RUN mkdir -p /out && printf 'cli %s (%s) for %s\\n' "
                                + "\"2.0\" \"0123abc\" \"linux/arm64\" > /out/VERSION"),
                build.err());
    }

    @Test
    void compose() throws Exception {
        CommandRun build = jbake(ROOT.resolve("bake-examples/compose"), "--load", "--progress=plain");

        assertEquals(0, build.code(), build.err());
        assertEquals("listen 8080\n", TestDaemon.docker("run", "--rm", "compose-example/backend:edge"));
        assertEquals(
                "frontend\n",
                TestDaemon.docker(
                        "image",
                        "inspect",
                        "--format",
                        "{{index .Config.Labels \"com.example.tier\"}}",
                        "compose-example/frontend:latest"));
    }

    @Test
    void outputs(@TempDir Path tmp) throws Exception {
        env.put("OUT", tmp.resolve("out").toString());
        Files.createDirectories(tmp.resolve("out"));

        // The outputs land outside the working directory, which bake lets a build write to only when allowed.
        CommandRun build = jbake(
                ROOT,
                "-f",
                "bake-examples/outputs/docker-bake.hcl",
                "--progress=plain",
                "--allow=fs.write=" + tmp.resolve("out"));

        assertEquals(0, build.code(), build.err());
        assertEquals(
                "<h1>about</h1>\n<p>Outputs are files on the client or images in the engine.</p>\n",
                Files.readString(tmp.resolve("out/site/about.html")));
        assertTrue(Files.size(tmp.resolve("out/site.tar")) > 0);
        assertEquals("about.html\nindex.html\n", TestDaemon.docker("run", "--rm", "outputs-example/site:latest"));
    }

    /**
     * The remote example as its README runs it: {@code serve.sh} serves the repository with git daemon, the
     * definition and the targets' contexts come from it, a local file overrides one target. Run in a
     * temporary directory holding the local file where the README's command names it, so the outputs land there.
     */
    @Test
    void remote(@TempDir Path tmp) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder serve = new ProcessBuilder(
                        ROOT.resolve("bake-examples/remote/serve.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("serve.log").toFile());
        serve.environment().put("PORT", String.valueOf(port));
        serve.environment().put("DIR", tmp.resolve("git").toString());
        Process daemon = serve.start();
        try {
            String url = "git://127.0.0.1:" + port + "/remote.git";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (new ProcessBuilder("git", "ls-remote", url)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    != 0) {
                assertTrue(System.nanoTime() < deadline, Files.readString(tmp.resolve("serve.log")));
                Thread.sleep(100);
            }
            Path local = tmp.resolve("bake-examples/remote/local.hcl");
            Files.createDirectories(local.getParent());
            Files.copy(ROOT.resolve("bake-examples/remote/local.hcl"), local);

            CommandRun list = jbake(tmp, url, "--list=targets");
            CommandRun build = jbake(tmp, url, "--progress=plain");
            CommandRun override = jbake(
                    tmp,
                    url + "#v1",
                    "-f",
                    "docker-bake.hcl",
                    "-f",
                    "cwd://bake-examples/remote/local.hcl",
                    "docs",
                    "--progress=plain");

            // the reference buildx 0.29.1 lists the same
            assertEquals(0, list.code(), list.err());
            assertEquals("TARGET\tDESCRIPTION\napp\t\ndefault\tapp, docs\ndocs\t\n", list.out());
            assertEquals(0, build.code(), build.err());
            assertEquals(0, override.code(), override.err());
            assertEquals("hello from a remote definition\n", Files.readString(tmp.resolve("out/app/greeting.txt")));
            assertEquals(
                    "docs built from a sub-directory of the repository\n",
                    Files.readString(tmp.resolve("out/docs/index.txt")));
            assertEquals(
                    "docs built from a sub-directory of the repository\n",
                    Files.readString(tmp.resolve("out/docs-local/index.txt")));
        } finally {
            daemon.descendants().forEach(ProcessHandle::destroy);
            daemon.destroy();
        }
    }
}
