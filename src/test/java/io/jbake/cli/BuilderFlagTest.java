package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --builder} and {@code BUILDX_BUILDER} on the command line: a builder that does not exist ends the
 * build with buildx's message and exit 1 before any daemon is asked; {@code --print} does not look it up.
 */
class BuilderFlagTest {

    @TempDir
    Path dir;

    private Map<String, String> env() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"a\" {\n}\n");
        return Map.of(
                "HOME",
                dir.toString(),
                "DOCKER_CONFIG",
                dir.resolve("cfg").toString(),
                "DOCKER_HOST",
                "unix://" + dir.resolve("no-daemon.sock"));
    }

    @Test
    void unknownBuilderIsBuildxsError() throws Exception {
        assertEquals(
                new CommandRun(1, "", "ERROR: no builder \"nope\" found\n"),
                CommandRun.of(dir, env(), "--builder", "nope", "--progress=quiet", "a"));
        Map<String, String> viaVariable = new java.util.HashMap<>(env());
        viaVariable.put("BUILDX_BUILDER", "nope");
        assertEquals(
                new CommandRun(1, "", "ERROR: no builder \"nope\" found\n"),
                CommandRun.of(dir, viaVariable, "--progress=quiet", "a"));
    }

    @Test
    void printDoesNotLookTheBuilderUp() throws Exception {
        CommandRun run = CommandRun.of(dir, env(), "--builder", "nope", "--print", "a");
        assertEquals(0, run.code(), run.err());
    }
}
