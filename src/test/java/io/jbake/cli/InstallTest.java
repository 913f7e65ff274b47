package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code mvn package} makes ({@code target/jbake-VERSION.tar.gz}), unpacked in a temporary directory
 * and run from there as a user installs it: its launcher without Maven or sources, {@code jbake version}, the shell
 * completion sourced in a real bash, and {@code docker jbake} through the docker CLI. Tagged {@code package}: the
 * build runs these after the package phase. The servers the launcher starts live in this test's own runtime
 * directory and are stopped after each test.
 */
@Tag("package")
class InstallTest {
    private static final String DEFINITION = """
      target "app" {
        tags = ["app:${TAG}"]
      }
      variable "TAG" {
        default = "installed"
      }
      """;

    @TempDir
    Path dir;

    private Path installed;
    private Path runtime;
    private Path project;

    @BeforeEach
    void unpack() throws Exception {
        Properties built = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target/classes/io/jbake/cli/version.properties"))) {
            built.load(in);
        }
        Path archive = Path.of("target", "jbake-" + built.getProperty("version") + ".tar.gz")
                .toAbsolutePath();
        assertEquals(
                0,
                run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), dir, Map.of())
                        .code());
        installed = dir.resolve("jbake-" + built.getProperty("version"));
        runtime = Files.createDirectory(
                dir.resolve("runtime"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        project = Files.createDirectory(dir.resolve("project"));
        Files.writeString(project.resolve("docker-bake.hcl"), DEFINITION);
    }

    @AfterEach
    void stopServers() throws IOException {
        Path servers = runtime.resolve("jbake");
        if (!Files.isDirectory(servers)) {
            return;
        }
        try (var pidFiles = Files.newDirectoryStream(servers, "*.pid")) {
            for (Path pidFile : pidFiles) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .ifPresent(server -> {
                            server.destroy();
                            server.onExit().join();
                        });
            }
        }
    }

    @Test
    void theUnpackedArchiveRunsWithoutMavenOrSources() throws Exception {
        assertEquals(
                List.of("README.md", "bake-examples", "jbake", "src", "target"),
                Files.list(installed)
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .toList());
        CommandRun inProcess = CommandRun.of(project, Map.of(), "--print", "app");

        CommandRun version = jbake("--version");
        CommandRun print = jbake("--print", "app");
        CommandRun again = jbake("--print", "app");

        assertEquals(new CommandRun(0, "jbake " + Version.version() + "\n", ""), version);
        assertEquals(inProcess.withoutStepTimes(), print.withoutStepTimes());
        assertEquals(inProcess.withoutStepTimes(), again.withoutStepTimes());
        assertTrue(print.out().contains("\"app:installed\""), print.out());
        assertTrue(Files.size(installed.resolve("target/jbake.jsa")) > 0, "the class-data archive was trained");
    }

    /** The module, the version and the git commit built, which is one of this repository's (HEAD when built). */
    @Test
    void versionPrintsAsBuildxDoes() throws Exception {
        CommandRun version = jbake("version");

        String revision = Version.revision();
        assertEquals(new CommandRun(0, "io.jbake:jbake v" + Version.version() + " " + revision + "\n", ""), version);
        assertTrue(revision.matches("[0-9a-f]{40}"), revision);
        assertEquals(
                new CommandRun(0, "commit\n", ""),
                run(List.of("git", "cat-file", "-t", revision), Path.of("").toAbsolutePath(), Map.of()));
    }

    @Test
    void theBashCompletionCompletesFlags() throws Exception {
        CommandRun script = jbake("completion", "bash");
        assertEquals(0, script.code(), script.err());
        Files.writeString(dir.resolve("jbake.bash"), script.out());

        CommandRun completed = run(
                List.of(
                        "bash",
                        "-c",
                        "source \"$1\" && COMP_WORDS=(jbake --pr) COMP_CWORD=1 COMP_LINE='jbake --pr' && _complete_jbake"
                                + " 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                        "bash",
                        dir.resolve("jbake.bash").toString()),
                project,
                Map.of());

        assertEquals(new CommandRun(0, "--print\n--provenance\n--progress\n", ""), completed);
    }

    /**
     * Installed as a Docker CLI plugin by {@code jbake install-plugin}, run by the docker CLI on PATH (the one of
     * scripts/test-daemon.sh under the suite), which lists it and passes it the command.
     */
    @Test
    @Tag("daemon")
    void dockerJbakeRunsThePlugin() throws Exception {
        Path config = dir.resolve("docker-config");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());

        CommandRun install = run(List.of(installed.resolve("jbake").toString(), "install-plugin"), project, env);
        CommandRun help = run(List.of("docker", "--help"), project, env);
        CommandRun print = run(List.of("docker", "jbake", "--print", "app"), project, env);
        CommandRun version = run(List.of("docker", "jbake", "version"), project, env);

        assertEquals(
                new CommandRun(
                        0,
                        "jbake: installed " + config.resolve("cli-plugins/docker-jbake") + ": run it as docker jbake\n",
                        ""),
                install);
        assertEquals(installed.resolve("jbake"), Files.readSymbolicLink(config.resolve("cli-plugins/docker-jbake")));
        assertTrue(
                help.out().contains("\n  jbake*      Build from a file (docker buildx bake, in Java)\n"), help.out());
        assertEquals(CommandRun.of(project, Map.of(), "--print", "app").withoutStepTimes(), print.withoutStepTimes());
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("io.jbake:jbake v" + Version.version() + " "), version.out());
    }

    private CommandRun jbake(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(installed.resolve("jbake").toString()));
        command.addAll(List.of(args));
        return run(command, project, Map.of());
    }

    /**
     * Runs {@code command} in {@code workDir} with a clean environment: PATH with a failing {@code mvn} first (the
     * launcher must not need Maven), HOME, this test's runtime directory, and {@code env}.
     */
    private CommandRun run(List<String> command, Path workDir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "");
        environment.keySet().retainAll(List.of("HOME"));
        environment.put("PATH", noMaven() + ":" + path);
        if (runtime != null) {
            environment.put("XDG_RUNTIME_DIR", runtime.toString());
        }
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not end: " + command);
        return new CommandRun(process.exitValue(), out, err.join());
    }

    /** A directory whose {@code mvn} fails the command that calls it, first on PATH: the launcher must not. */
    private String noMaven() throws IOException {
        Path bin = dir.resolve("no-maven");
        if (!Files.isDirectory(bin)) {
            Files.createDirectory(bin);
            Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho 'mvn was run' >&2\nexit 97\n");
            mvn.toFile().setExecutable(true);
        }
        return bin.toString();
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
