package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.filesync.FileSendService;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.secrets.SecretsService;
import io.jbake.buildkit.ssh.SshAgentService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The session services against the real daemon of scripts/test-daemon.sh, through BuildKitClient. */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SessionServicesDaemonTest {
    private static BuildKitClient client;

    @TempDir
    Path dir;

    private final List<SshAgent> agents = new ArrayList<>();

    @BeforeAll
    static void connect() {
        client = BuildKitClient.connect(TestDaemon.endpoint(), dirs -> new FileSyncService(dirs).bindService());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @org.junit.jupiter.api.AfterEach
    void stopAgents() throws InterruptedException {
        for (SshAgent agent : agents) {
            agent.close();
        }
    }

    /** Builds with plain progress; returns the progress text. */
    private static String build(BuildRequest request) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (ProgressDisplay display =
                ProgressDisplay.create("plain", new PrintStream(progress, true, StandardCharsets.UTF_8), false)) {
            client.build(request, display.forBuild(""));
        }
        return progress.toString(StandardCharsets.UTF_8);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void contextUploadHonoursDockerignoreAndLocalAndTarExportsWriteFiles() throws Exception {
        Path context = Files.createDirectory(dir.resolve("ctx"));
        for (String d : List.of("a/sub", "b/deep", "node_modules/m", "node_modules/keep", "logs", "docs/guide")) {
            Files.createDirectories(context.resolve(d));
        }
        for (String f : List.of(
                "a/x.txt",
                "a/y.go",
                "a/sub/z.go",
                "a.txt",
                "a-b",
                "b/keep.md",
                "b/drop.md",
                "b/deep/keep.md",
                "node_modules/m/index.js",
                "node_modules/keep/this.js",
                "logs/1.log",
                "docs/README.md",
                "docs/guide/intro.md")) {
            Files.writeString(context.resolve(f), "content of " + f);
        }
        Files.createSymbolicLink(context.resolve("link"), Path.of("a/x.txt"));
        Files.writeString(
                context.resolve(".dockerignore"),
                String.join(
                        "\n",
                        "# comment",
                        "**/*.go",
                        "!a/sub/z.go",
                        "/logs",
                        "node_modules",
                        "!node_modules/keep",
                        "b/*.md",
                        "!b/keep.md",
                        "docs/**/*.md",
                        "!docs/README.md",
                        ""));
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local AS x",
                        "COPY . /ctx",
                        "RUN cd /ctx && find . | sort > /list",
                        "FROM scratch",
                        "COPY --from=x /list /",
                        "COPY --from=x /ctx/a /a",
                        ""));
        Path out = dir.resolve("out");
        Path tarball = dir.resolve("out.tar");

        build(BuildRequest.builder()
                .context(context)
                .export(new BuildRequest.Export("local", Map.of()))
                .export(new BuildRequest.Export("tar", Map.of()))
                .sessionService(new FileSendService(Map.of(
                                0, new FileSendService.Target.Directory(out),
                                1, new FileSendService.Target.File(FileSendService.Output.toFile(tarball))))
                        .bindService())
                .build());

        // the same list the reference docker buildx 0.29.1 produced for this tree and .dockerignore
        assertEquals(
                String.join(
                        "\n",
                        ".",
                        "./.dockerignore",
                        "./Dockerfile",
                        "./a",
                        "./a-b",
                        "./a.txt",
                        "./a/sub",
                        "./a/sub/z.go",
                        "./a/x.txt",
                        "./b",
                        "./b/deep",
                        "./b/deep/keep.md",
                        "./b/keep.md",
                        "./docs",
                        "./docs/README.md",
                        "./docs/guide",
                        "./link",
                        "./node_modules",
                        "./node_modules/keep",
                        "./node_modules/keep/this.js",
                        ""),
                Files.readString(out.resolve("list")));
        assertEquals("content of a/x.txt", Files.readString(out.resolve("a/x.txt")));
        assertEquals("content of a/sub/z.go", Files.readString(out.resolve("a/sub/z.go")));
        assertFalse(Files.exists(out.resolve("a/y.go")));
        String tarListing = run(Map.of(), "tar", "-tf", tarball.toString()).output();
        assertEquals(
                List.of("a/", "a/sub/", "a/sub/z.go", "a/x.txt", "list"),
                tarListing.lines().sorted().toList());
    }

    @Test
    void fileAndEnvSecretsReachRunMountsAndNothingElse() throws Exception {
        Path context = Files.createDirectory(dir.resolve("ctx"));
        String fileValue = "file-secret-" + System.nanoTime();
        String envValue = "env-secret-" + System.nanoTime();
        Path secretFile = Files.writeString(dir.resolve("token.txt"), fileValue);
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local",
                        "RUN --mount=type=secret,id=filetok --mount=type=secret,id=envtok \\",
                        "    sha256sum /run/secrets/filetok | cut -d' ' -f1 > /file.sha && \\",
                        "    sha256sum /run/secrets/envtok | cut -d' ' -f1 > /env.sha && \\",
                        "    echo done-hashing",
                        ""));
        String image = "jbake-services-secrets:" + System.nanoTime();
        SecretsService secrets = new SecretsService(
                Map.of(
                        "filetok", new SecretsService.Source.File(secretFile),
                        "envtok", new SecretsService.Source.Env("JBAKE_TEST_SECRET")),
                Map.of("JBAKE_TEST_SECRET", envValue)::get);

        String progress = build(BuildRequest.builder()
                .context(context)
                .noCache()
                .export(new BuildRequest.Export("moby", Map.of("name", image)))
                .sessionService(secrets.bindService())
                .build());

        try {
            assertTrue(progress.contains("done-hashing"), progress);
            assertEquals(
                    sha256(fileValue) + "\n" + sha256(envValue) + "\n",
                    TestDaemon.docker("run", "--rm", image, "cat", "/file.sha", "/env.sha"));
            assertFalse(progress.contains(fileValue) || progress.contains(envValue));
            Process save = new ProcessBuilder("docker", "save", image)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] saved;
            try (InputStream in = save.getInputStream()) {
                saved = in.readAllBytes();
            }
            assertEquals(0, save.waitFor());
            String savedText = new String(saved, StandardCharsets.ISO_8859_1);
            assertTrue(saved.length > 1000);
            assertFalse(savedText.contains(fileValue) || savedText.contains(envValue));
        } finally {
            TestDaemon.docker("rmi", "-f", image);
        }
    }

    @Test
    void dockerfileSpecificIgnoreFileWinsOverTheContextOne() throws Exception {
        Path context = Files.createDirectory(dir.resolve("ctx"));
        Path dockerfiles = Files.createDirectory(dir.resolve("dockerfiles"));
        for (String f : List.of("keep.txt", "drop.txt", "only-context-ignores.txt")) {
            Files.writeString(context.resolve(f), f);
        }
        Files.writeString(context.resolve(".dockerignore"), "only-context-ignores.txt\n");
        Files.writeString(
                dockerfiles.resolve("app.Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local AS x",
                        "COPY . /ctx",
                        "RUN cd /ctx && ls -A | sort > /list",
                        "FROM scratch",
                        "COPY --from=x /list /",
                        ""));
        // <Dockerfile>.dockerignore next to the Dockerfile replaces the context's .dockerignore; the
        // frontend finds it through the followpaths of the dockerfile transfer
        Files.writeString(dockerfiles.resolve("app.Dockerfile.dockerignore"), "drop.txt\n");
        Path out = dir.resolve("out");

        build(BuildRequest.builder()
                .context(context)
                .dockerfile(dockerfiles.resolve("app.Dockerfile"))
                .export(new BuildRequest.Export("local", Map.of()))
                .sessionService(new FileSendService(Map.of(0, new FileSendService.Target.Directory(out))).bindService())
                .build());

        assertEquals(".dockerignore\nkeep.txt\nonly-context-ignores.txt\n", Files.readString(out.resolve("list")));
    }

    @Test
    void requiredSecretThatIsNotConfiguredFailsTheBuild() throws Exception {
        Path context = Files.createDirectory(dir.resolve("ctx"));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM busybox:local\nRUN --mount=type=secret,id=absent,required=true cat /run/secrets/absent\n");
        BuildFailedException e = org.junit.jupiter.api.Assertions.assertThrows(
                BuildFailedException.class,
                () -> build(BuildRequest.builder()
                        .context(context)
                        .noCache()
                        .sessionService(new SecretsService(Map.of(), name -> null).bindService())
                        .build()));
        assertTrue(e.getMessage().contains("secret absent: not found"), e.getMessage());
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Map<String, String> env, String... command) throws Exception {
        return runWithInput(env, "", command);
    }

    private static Result runWithInput(Map<String, String> env, String stdin, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        try (java.io.OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    @Test
    void sshMountsReachTheForwardedAgentAndKeyFiles() throws Exception {
        Path key = SshAgent.keygen(dir.resolve("id_ed25519"), "ed25519", "");
        Path deployKey = SshAgent.keygen(dir.resolve("deploy_rsa"), "rsa", "");
        SshAgent agent = SshAgent.start(dir.resolve("agent.sock"));
        agents.add(agent);
        agent.add(key);
        Map<String, String> agentEnv = Map.of("SSH_AUTH_SOCK", agent.socket().toString());

        Path context = Files.createDirectory(dir.resolve("ctx"));
        String sshAdd = SshAgent.copySshAddInto(context);
        Files.copy(Path.of(key + ".pub"), context.resolve("agent.pub"));
        Files.copy(Path.of(deployKey + ".pub"), context.resolve("deploy.pub"));
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local AS x",
                        "COPY tools /tools",
                        "COPY agent.pub deploy.pub /keys/",
                        "RUN --mount=type=ssh " + sshAdd + " -L > /agent.list && " + sshAdd + " -T /keys/agent.pub",
                        "RUN --mount=type=ssh,id=deploy " + sshAdd + " -L > /deploy.list && " + sshAdd
                                + " -T /keys/deploy.pub",
                        "FROM scratch",
                        "COPY --from=x /agent.list /deploy.list /",
                        ""));
        Path out = dir.resolve("out");
        SshAgentService ssh = SshAgentService.of(List.of(
                new SshAgentService.Spec("default", Path.of(agentEnv.get("SSH_AUTH_SOCK")), List.of()),
                new SshAgentService.Spec("deploy", null, List.of(new SshAgentService.KeyFile("deploy", deployKey)))));

        build(BuildRequest.builder()
                .context(context)
                .noCache()
                .export(new BuildRequest.Export("local", Map.of()))
                .sessionService(ssh.bindService())
                .sessionService(new FileSendService(Map.of(0, new FileSendService.Target.Directory(out))).bindService())
                .build());

        assertEquals(Files.readString(Path.of(key + ".pub")), Files.readString(out.resolve("agent.list")));
        assertEquals(Files.readString(Path.of(deployKey + ".pub")), Files.readString(out.resolve("deploy.list")));
    }

    @Test
    void pullFromAnAuthenticatingRegistryUsesDockerLoginCredentials() throws Exception {
        try (AuthRegistry authRegistry = AuthRegistry.start(dir.resolve("auth-registry"))) {
            String registry = authRegistry.address();
            Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
            Map<String, String> cli = Map.of("DOCKER_CONFIG", dockerConfig.toString());
            String base = registry + "/jbake-auth-base:1";
            Result login = runWithInput(
                    cli,
                    AuthRegistry.PASSWORD,
                    "docker",
                    "login",
                    "-u",
                    AuthRegistry.USER,
                    "--password-stdin",
                    registry);
            assertEquals(0, login.exitCode(), login.output());
            TestDaemon.docker("tag", "busybox:local", base);
            try {
                assertEquals(0, run(cli, "docker", "push", "-q", base).exitCode());
            } finally {
                TestDaemon.docker("rmi", base);
            }
            Path context = Files.createDirectory(dir.resolve("ctx"));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nRUN echo pulled-with-auth\n");

            // without the Auth service the daemon is anonymous and the registry refuses
            BuildFailedException anonymous = org.junit.jupiter.api.Assertions.assertThrows(
                    BuildFailedException.class,
                    () -> build(BuildRequest.builder()
                            .context(context)
                            .imageResolveMode("pull")
                            .noCache()
                            .build()));
            assertTrue(anonymous.getMessage().contains("401 Unauthorized"), anonymous.getMessage());

            String progress = build(BuildRequest.builder()
                    .context(context)
                    .imageResolveMode("pull")
                    .noCache()
                    .sessionService(AuthService.fromDockerConfig(cli, dir, dir).bindService())
                    .build());

            assertTrue(progress.contains("pulled-with-auth"), progress);
            assertFalse(progress.contains(AuthRegistry.PASSWORD));
        }
    }
}
