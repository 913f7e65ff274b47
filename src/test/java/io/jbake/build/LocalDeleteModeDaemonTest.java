package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A local output with {@code mode=delete} (buildx v0.35): granted with {@code --allow=buildx.local.delete}, it
 * still needs a daemon that sends a multi-platform local export as one tree (BuildKit v0.31); the test daemon's
 * engine does not, and the build fails as buildx 0.36.1's does against it, leaving the destination alone.
 */
@Tag("daemon")
class LocalDeleteModeDaemonTest {
    @TempDir
    Path dir;

    @Test
    void anOlderDaemonIsRefusedAndTheDestinationKept() throws Exception {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
        Files.writeString(
                dir.resolve("docker-bake.hcl"),
                "target \"default\" {\n  output = [\"type=local,dest=out,mode=delete\"]\n}\n");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/stale"), "old");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_BAKE_FILE");

        CommandRun run = CommandRun.of(dir, env, "--progress=plain", "--allow=buildx.local.delete");

        assertEquals(1, run.code(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(
                "ERROR: failed to solve: rpc error: code = Unknown desc = local exporter mode=delete requires a BuildKit"
                        + " daemon with multi-platform local export support",
                lines[lines.length - 1]);
        assertEquals("old", Files.readString(dir.resolve("out/stale")));
    }
}
