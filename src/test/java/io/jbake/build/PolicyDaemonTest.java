package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building a target that has a source policy (buildx v0.31's {@code policy} attribute, its default
 * {@code <Dockerfile>.rego}): jbake cannot evaluate Rego, so it refuses before anything is built, unless the
 * policy is turned off with {@code disabled=true} ({@code --policy disabled=true}, or on the target).
 */
@Tag("daemon")
class PolicyDaemonTest {
    @TempDir
    Path dir;

    private CommandRun jbake(String... args) {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_BAKE_FILE");
        env.remove("BUILDKIT_PROGRESS");
        env.remove("BUILDX_DEFAULT_POLICY");
        return CommandRun.of(dir, env, args);
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void policyFilesFailTheBakeBeforeAnyBuild() throws Exception {
        write("Dockerfile", "FROM scratch\nCOPY Dockerfile /\n");
        write("policy.rego", "package docker\n");
        write("docker-bake.hcl", """
                target "plain" {
                  output = ["type=cacheonly"]
                }
                target "app" {
                  output = ["type=cacheonly"]
                  policy = ["filename=policy.rego,strict=true"]
                }
                """);

        CommandRun run = jbake("--progress=plain", "plain", "app");

        assertEquals(1, run.code(), run.toString());
        assertEquals(
                "ERROR: policy is not supported yet: target \"app\" sets policy files policy.rego (jbake cannot"
                        + " evaluate Rego source policies; use --policy disabled=true to build without)",
                lastLine(run.err()));
        assertFalse(run.err().contains("[plain"), run.toString());
    }

    @Test
    void theDockerfilesDefaultPolicyFailsTooUnlessDisabled() throws Exception {
        write("Dockerfile", "FROM scratch\nCOPY Dockerfile /\n");
        write("Dockerfile.rego", "package docker\n");
        write("docker-bake.hcl", "target \"app\" {\n  output = [\"type=cacheonly\"]\n}\n");

        CommandRun refused = jbake("--progress=plain", "app");
        assertEquals(1, refused.code(), refused.toString());
        assertEquals(
                "ERROR: policy is not supported yet: target \"app\" has the default policy file "
                        + dir.resolve("Dockerfile.rego").toRealPath()
                        + " (jbake cannot evaluate Rego source policies; use --policy disabled=true to build without)",
                lastLine(refused.err()));

        CommandRun disabled = jbake("--progress=plain", "--policy", "disabled=true", "app");
        assertEquals(0, disabled.code(), disabled.toString());

        write(
                "docker-bake.hcl",
                "target \"app\" {\n  output = [\"type=cacheonly\"]\n  policy = [\"disabled=true,strict=true\"]\n}\n");
        CommandRun combined = jbake("--progress=plain", "app");
        assertEquals(1, combined.code(), combined.toString());
        assertEquals("ERROR: disabled policy cannot be combined with other policy flags", lastLine(combined.err()));
    }
}
