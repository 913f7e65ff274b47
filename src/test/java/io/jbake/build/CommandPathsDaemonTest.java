package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.jbake.buildkit.SshAgent;
import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import io.jbake.cli.JbakeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's paths are its own: bakes run through a jbake server (whose working directory is {@code /}) from
 * a working directory of the test's, every input and output named relative to it or by a variable of the
 * command's environment, and each must have taken effect there exactly.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CommandPathsDaemonTest {
    @TempDir
    Path dir;

    private Path work;
    private final List<SshAgent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        work = Files.createDirectory(dir.resolve("work"));
    }

    @AfterEach
    void tearDown() {
        JbakeProcess.stopServer(socket());
        for (SshAgent agent : agents) {
            try {
                agent.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Path socket() {
        return dir.resolve("server.sock");
    }

    private Path write(String path, String content) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** Runs jbake through the server, in {@link #work}, with the test's environment plus {@code env}. */
    private CommandRun jbake(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(JbakeProcess.THROUGH_SERVER.command(socket(), args)).directory(work.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        reader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(240, TimeUnit.SECONDS), "jbake ended");
        return new CommandRun(process.exitValue(), out, err.get());
    }

    /** The server that ran the commands, and that it ran them from a directory other than theirs. */
    private void assertServedFromElsewhere() throws IOException {
        List<ProcessHandle> server = JbakeProcess.servers(socket());
        assertEquals(1, server.size(), "one server ran the commands");
        Path serverDir = Files.readSymbolicLink(Path.of("/proc/" + server.get(0).pid() + "/cwd"));
        assertNotEquals(work, serverDir);
    }

    /** jbake issue 10's example: an id-only secret is the file named by the id in the command's directory. */
    @Test
    void anIdOnlySecretIsTheFileInTheCommandsDirectory() throws Exception {
        String value = UUID.randomUUID().toString();
        write("present", value);
        write("docker-bake.hcl", """
        target "default" {
          args = { NONCE = "%s" }
          dockerfile-inline = "FROM busybox:local\\nARG NONCE\\nRUN --mount=type=secret,id=present,required=true cp /run/secrets/present /value\\nFROM scratch\\nCOPY --from=0 /value /"
          secret = ["id=present"]
          output = ["type=local,dest=out"]
        }
        """.formatted(UUID.randomUUID()));

        CommandRun run = jbake(Map.of(), "--progress=plain");

        assertEquals(0, run.code(), run.err());
        assertEquals(value, Files.readString(work.resolve("out/value")));
        assertServedFromElsewhere();
    }

    /** A relative DOCKER_CONFIG is the command's: its config.json is read there (here, to fail on its JSON). */
    @Test
    void aRelativeDockerConfigIsInTheCommandsDirectory() throws Exception {
        write("relcfg/config.json", "{not json");
        write("docker-bake.hcl", """
        target "default" {
          dockerfile-inline = "FROM scratch"
        }
        """);

        CommandRun run = jbake(Map.of("DOCKER_CONFIG", "relcfg"), "--progress=quiet");

        assertEquals(1, run.code(), run.err());
        assertTrue(
                run.err()
                        .endsWith("ERROR: cannot read docker config " + work.resolve("relcfg/config.json")
                                + ": JsonSyntaxException\n"),
                run.err());
        assertServedFromElsewhere();
    }

    /** A relative unix socket in DOCKER_HOST is the command's: here a link in its directory to the test daemon. */
    @Test
    void aRelativeDaemonSocketIsInTheCommandsDirectory() throws Exception {
        String daemon = System.getenv("DOCKER_HOST");
        assertTrue(daemon != null && daemon.startsWith("unix://"), "the test daemon listens on a unix socket");
        Files.createSymbolicLink(work.resolve("engine.sock"), Path.of(daemon.substring("unix://".length())));
        write("docker-bake.hcl", """
        target "default" {
          dockerfile-inline = "FROM scratch\\nCOPY docker-bake.hcl /"
          output = ["type=local,dest=out"]
        }
        """);

        CommandRun run = jbake(Map.of("DOCKER_HOST", "unix://engine.sock"), "--progress=quiet");

        assertEquals(0, run.code(), run.err());
        assertEquals(
                Files.readString(work.resolve("docker-bake.hcl")),
                Files.readString(work.resolve("out/docker-bake.hcl")));
        assertServedFromElsewhere();
    }

    @Test
    void everyInputAndOutputIsTheCommandsOwn() throws Exception {
        String nonce = UUID.randomUUID().toString();
        String fileSecret = "file-" + UUID.randomUUID();
        String idSecret = "id-" + UUID.randomUUID();
        String envSecret = "env-" + UUID.randomUUID();
        String envFileValue = "env-file-" + UUID.randomUUID();
        String dotEnvValue = "dotenv-" + UUID.randomUUID();
        write("secret.txt", fileSecret);
        write("present", idSecret);
        write("named/named.txt", "named\n");
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/shared.txt"), "shared\n");
        Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(work.resolve("meta"));

        // keys: one served by a running agent whose socket the command's SSH_AUTH_SOCK names relatively, one a file
        Path agentKey = SshAgent.keygen(work.resolve("agent_key"), "ed25519", "");
        Path deployKey =
                SshAgent.keygen(Files.createDirectories(work.resolve("keys")).resolve("deploy"), "ed25519", "");
        SshAgent agent = SshAgent.start(work.resolve("agent.sock"));
        agents.add(agent);
        agent.add(agentKey);

        Path context = Files.createDirectories(work.resolve("ctx"));
        String sshAdd = SshAgent.copySshAddInto(context);
        write(
                "ctx/build.Dockerfile",
                String.join(
                        "\n",
                        "FROM busybox:local AS run",
                        "COPY tools /tools",
                        "ARG NONCE",
                        "RUN --mount=type=secret,id=src,required=true --mount=type=secret,id=present,required=true"
                                + " --mount=type=secret,id=fromenv,required=true mkdir /out && echo $NONCE > /out/nonce"
                                + " && cp /run/secrets/src /run/secrets/present /run/secrets/fromenv /out/",
                        "RUN --mount=type=ssh,required=true " + sshAdd + " -L > /out/agent.list",
                        "RUN --mount=type=ssh,id=deploy,required=true " + sshAdd + " -L > /out/deploy.list",
                        "FROM scratch",
                        "COPY --from=run /out /",
                        "COPY --from=named named.txt /",
                        "COPY --from=shared shared.txt /",
                        ""));
        write("ctx/tarred.txt", "tarred\n");
        write("tar.Dockerfile", "FROM scratch\nCOPY tarred.txt /\n");
        write(
                "ctx/compose.Dockerfile",
                String.join(
                        "\n",
                        "FROM busybox:local AS run",
                        "ARG FROM_ENV_FILE",
                        "ARG FROM_DOTENV",
                        "RUN mkdir /out && echo \"$FROM_ENV_FILE\" > /out/env_file && echo \"$FROM_DOTENV\" > /out/dotenv",
                        "FROM scratch",
                        "COPY --from=run /out /",
                        ""));
        write("defs/bake.hcl", """
        variable "NONCE" {}
        target "inputs" {
          context = "ctx"
          dockerfile = "build.Dockerfile"
          args = { NONCE = NONCE }
          contexts = { named = "named", shared = "../shared" }
          secret = ["id=src,src=secret.txt", "id=present", "id=fromenv,env=SECRET_ENV"]
          ssh = ["default", "deploy=keys/deploy"]
          output = ["type=local,dest=out/local"]
        }
        target "tarred" {
          context = "ctx"
          dockerfile = "cwd://tar.Dockerfile"
          output = ["type=tar,dest=../outside/image.tar"]
        }
        """);
        write("compose.yaml", """
        services:
          composed:
            build:
              context: ctx
              dockerfile: compose.Dockerfile
              args:
                - FROM_ENV_FILE
                - FROM_DOTENV=${DOTENV_VALUE}
            env_file: vars.env
        """);
        write("vars.env", "FROM_ENV_FILE=" + envFileValue + "\n");
        write(".env", "DOTENV_VALUE=" + dotEnvValue + "\n");

        Map<String, String> env = new HashMap<>();
        env.put("NONCE", nonce);
        env.put("SECRET_ENV", envSecret);
        env.put("SSH_AUTH_SOCK", "agent.sock");
        CommandRun run = jbake(
                env,
                "-f",
                "defs/bake.hcl",
                "-f",
                "compose.yaml",
                "--progress=plain",
                "--set",
                "composed.output=type=local,dest=out/compose",
                "--metadata-file",
                "meta/metadata.json",
                "--allow",
                "ssh",
                "--allow",
                "fs.read=../shared",
                "--allow",
                "fs.write=../outside",
                "inputs",
                "tarred",
                "composed");

        assertEquals(0, run.code(), run.err());
        Path local = work.resolve("out/local");
        assertEquals(nonce + "\n", Files.readString(local.resolve("nonce")));
        assertEquals(fileSecret, Files.readString(local.resolve("src")));
        assertEquals(idSecret, Files.readString(local.resolve("present")));
        assertEquals(envSecret, Files.readString(local.resolve("fromenv")));
        assertEquals(Files.readString(Path.of(agentKey + ".pub")), Files.readString(local.resolve("agent.list")));
        assertEquals(Files.readString(Path.of(deployKey + ".pub")), Files.readString(local.resolve("deploy.list")));
        assertEquals("named\n", Files.readString(local.resolve("named.txt")));
        assertEquals("shared\n", Files.readString(local.resolve("shared.txt")));
        assertEquals(List.of("tarred.txt"), tarEntries(dir.resolve("outside/image.tar")));
        assertEquals(envFileValue + "\n", Files.readString(work.resolve("out/compose/env_file")));
        assertEquals(dotEnvValue + "\n", Files.readString(work.resolve("out/compose/dotenv")));
        Set<String> keys = JsonParser.parseString(Files.readString(work.resolve("meta/metadata.json")))
                .getAsJsonObject()
                .keySet();
        assertEquals(Set.of("inputs", "tarred", "composed"), keys);
        assertServedFromElsewhere();
    }

    private static List<String> tarEntries(Path tar) throws Exception {
        Process list = new ProcessBuilder("tar", "-tf", tar.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor(), output);
        return output.lines().toList();
    }
}
