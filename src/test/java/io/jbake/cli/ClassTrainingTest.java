package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --class-training}, the launcher's class-data-sharing training run: without any daemon it goes
 * through the --print and build paths of a real example and must print nothing and exit 0.
 */
class ClassTrainingTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String MONOREPO = "bake-examples/monorepo/docker-bake.hcl";

    @Test
    void rehearsesTheMonorepoSilently() {
        // no DOCKER_HOST or BUILDKIT_HOST: nothing may be dialled
        assertEquals(
                List.of(0, "", ""),
                run(Map.of("API_TOKEN", "x", "HOME", REPO.toString()), "-f", MONOREPO, "--class-training"));
    }

    @Test
    void aTargetJbakeCannotBuildDoesNotStopTheTraining(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        group "default" {
          targets = ["lint", "fine"]
        }
        target "lint" {
          context = "%1$s"
          call    = "check"
        }
        target "fine" {
          context = "%1$s"
        }
        """.formatted(dir));
        assertEquals(
                List.of(0, "", ""),
                run(Map.of(), "-f", dir.resolve("docker-bake.hcl").toString(), "--class-training"));
    }

    @Test
    void isHiddenFromHelp() {
        List<Object> help = run(Map.of(), "--help");
        assertEquals(0, help.get(0));
        assertEquals(false, ((String) help.get(1)).contains("training"));
    }

    private static List<Object> run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                REPO,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return List.of(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
