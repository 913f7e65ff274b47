package io.jbake.affected;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --affected-since} building on the test daemon: of three services on a shared base, only the one a
 * change touches is built (its base with it, as a linked target), each service exporting to {@code out/NAME}.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AffectedDaemonTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());
    private GitFixture repository;

    @BeforeEach
    void monorepo() throws IOException, InterruptedException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        env.remove("JBAKE_JOBS");
        env.put("NONCE", UUID.randomUUID().toString()); // nothing comes from the cache
        repository = new GitFixture(dir, env);
        StringBuilder definition = new StringBuilder("""
                variable "NONCE" {}
                group "default" {
                  targets = ["api", "web", "worker"]
                }
                target "base" {
                  context           = "base"
                  dockerfile-inline = "FROM busybox:local\\nCOPY version /base-version\\nRUN echo ${NONCE}\\n"
                }
                """);
        for (String service : List.of("api", "web", "worker")) {
            definition.append("target \"").append(service).append("\" {\n");
            definition.append("  context  = \"services/").append(service).append("\"\n");
            definition.append("  contexts = { base = \"target:base\" }\n");
            definition.append("  dockerfile-inline = \"FROM base\\nCOPY main.sh /main.sh\\n\"\n");
            definition
                    .append("  output   = [\"type=local,dest=out/")
                    .append(service)
                    .append("\"]\n}\n");
            repository.write("services/" + service + "/main.sh", "echo " + service + "\n");
        }
        repository.write("docker-bake.hcl", definition.toString());
        repository.write("base/version", "1\n");
        repository.write(".gitignore", "out/\n");
        repository.init();
        repository.commitAll("three services on a shared base");
    }

    @Test
    void onlyTheAffectedServiceIsBuiltWithItsBase() throws IOException {
        repository.write("services/web/main.sh", "echo web v2\n");

        CommandRun run = CommandRun.of(dir, env, "--affected-since", "main", "--progress=plain");

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("web"), built());
        assertEquals("echo web v2\n", Files.readString(dir.resolve("out/web/main.sh")));
        assertEquals("1\n", Files.readString(dir.resolve("out/web/base-version")));
    }

    @Test
    void theSharedBaseRebuildsEveryService() throws IOException {
        repository.write("base/version", "2\n");

        CommandRun run = CommandRun.of(dir, env, "--affected-since", "main", "--progress=plain");

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("api", "web", "worker"), built());
        for (String service : List.of("api", "web", "worker")) {
            assertEquals("2\n", Files.readString(dir.resolve("out/" + service + "/base-version")));
        }
    }

    @Test
    void nothingAffectedBuildsNothing() {
        CommandRun run = CommandRun.of(dir, env, "--affected-since", "main", "--progress=plain");

        assertEquals(
                new CommandRun(
                        0, "", "no target affected by the changes since main (checked: api, base, web, worker)\n"),
                run);
        assertTrue(!Files.exists(dir.resolve("out")));
    }

    /** The services that exported, sorted. */
    private List<String> built() throws IOException {
        try (Stream<Path> outputs = Files.list(dir.resolve("out"))) {
            return outputs.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
