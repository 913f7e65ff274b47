package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked target's secrets reach its build however the targets linking it share its steps: buildx before v0.37
 * could drop them (buildx#4011, fixed by #4014), on this definition from the report, where {@code vs} links both
 * {@code base} and {@code source-prep}, which uses a secret and links {@code base} too. Every run has new steps
 * (a nonce), so nothing comes from the cache.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LinkedSecretsDaemonTest {
    @TempDir
    Path dir;

    private CommandRun jbake(String... args) {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_BAKE_FILE");
        env.remove("JBAKE_JOBS");
        env.put("NONCE", UUID.randomUUID().toString());
        env.put("SECRET1", "s3cr3t");
        return CommandRun.of(dir, env, args);
    }

    @Test
    void theLinkedTargetsSecretIsServedToItsSteps() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        target "base" {
          output = ["type=cacheonly"]
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} > /nonce\\n"
        }
        target "source-prep" {
          contexts = { base = "target:base" }
          secret = ["id=SECRET1,env=SECRET1"]
          output = ["type=cacheonly"]
          dockerfile-inline = <<EOT
        FROM base
        RUN --mount=type=secret,id=SECRET1,env=SECRET1 [ -n "$SECRET1" ] && echo $SECRET1 > /secret1
        EOT
        }
        target "vs" {
          contexts = { base = "target:base", source-prep = "target:source-prep" }
          output = ["type=local,dest=out"]
          dockerfile-inline = "FROM base\\nCOPY --from=source-prep /secret1 /\\n"
        }
        """);

        for (String[] targets : new String[][] {{"vs"}, {"vs", "source-prep", "base"}, {"vs"}}) {
            String[] args = new String[targets.length + 1];
            args[0] = "--progress=plain";
            System.arraycopy(targets, 0, args, 1, targets.length);
            CommandRun run = jbake(args);
            assertEquals(0, run.code(), run.err());
            assertEquals("s3cr3t\n", Files.readString(dir.resolve("out/secret1")));
            Files.delete(dir.resolve("out/secret1"));
        }
    }
}
