package io.jbake.affected;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bake-examples/ci/README.md} says of the monorepo example's matrix, run on a copy of the example
 * committed to a repository of its own: a service's file affects that service, {@code libs/shared} all three,
 * one target's attribute that target only.
 */
class CiExampleTest {
    private static final Path EXAMPLE = Path.of("bake-examples/monorepo").toAbsolutePath();
    private static final String FILE = "bake-examples/monorepo/docker-bake.hcl";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private GitFixture repository;

    @BeforeEach
    void copyOfTheExample() throws IOException, InterruptedException {
        env.put("HOME", dir.toString());
        repository = new GitFixture(dir, env);
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                repository.write("bake-examples/monorepo/" + EXAMPLE.relativize(file), Files.readString(file));
            }
        }
        repository.init();
        repository.commitAll("the monorepo example");
    }

    @Test
    void aServiceFileAffectsThatService() throws IOException {
        repository.write("bake-examples/monorepo/services/web/index.html", "<p>v2</p>\n");

        assertEquals("[\n  {\n    \"name\": \"web\"\n  }\n]\n", matrix());
    }

    @Test
    void theSharedLibraryAffectsEveryService() throws IOException {
        repository.write("bake-examples/monorepo/libs/shared/greeting.sh", "#!/bin/sh\necho v2\n");

        assertEquals(
                "[\n  {\n    \"name\": \"api\"\n  },\n  {\n    \"name\": \"web\"\n  },\n  {\n    \"name\": \"worker\"\n  }\n]\n",
                matrix());
    }

    @Test
    void oneTargetsAttributeAffectsThatTarget() throws IOException {
        Path file = dir.resolve(FILE);
        repository.write(FILE, Files.readString(file).replace("WORKERS = \"4\"", "WORKERS = \"8\""));

        assertEquals("[\n  {\n    \"name\": \"worker\"\n  }\n]\n", matrix());
    }

    /** The README's matrix command, which must succeed. */
    private String matrix() {
        CommandRun run =
                CommandRun.of(dir, env, "-f", FILE, "--affected-since", "HEAD", "--list=type=targets,format=json");
        assertEquals(0, run.code(), run.err());
        return run.out();
    }
}
