package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --push} to the test registry of {@code scripts/test-daemon.sh}, and a later build that takes its
 * cache from the pushed image after the builder cache is gone. The docker driver cannot export registry
 * cache, so the push carries inline cache, as buildx users of the docker driver do.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RegistryDaemonTest {
    private static final String MANIFEST_TYPES = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    private static String registry() {
        String registry = System.getenv("JBAKE_TEST_REGISTRY");
        if (registry == null || registry.isEmpty()) {
            throw new IllegalStateException(
                    "JBAKE_TEST_REGISTRY is not set: run eval \"$(scripts/test-daemon.sh start)\"");
        }
        return registry;
    }

    /** The target, its RUN made unique by {@code tag} so no earlier test run's cache can answer it. */
    private void writeBake(String tag, String ref, String cacheAttribute) throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %s > /marker\\n"
          tags = ["%s"]
          %s
        }
        """.formatted(tag, ref, cacheAttribute));
    }

    @Test
    void pushedImageServesAsCacheAfterTheBuilderCacheIsPruned() throws Exception {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        String ref = registry() + "/jbake-test/push:" + tag;
        String runStep = "[2/2] RUN echo " + tag + " > /marker";

        writeBake(tag, ref, "cache-to = [\"type=inline\"]");
        CommandRun push = jbake("--push", "--progress=plain");

        assertEquals(0, push.code(), push.err());
        assertEquals("DONE", stepResult(push.err(), runStep), "a fresh RUN is executed:\n" + push.err());
        // buildx's docker driver pushes through the engine after the build, shown as a step of its own
        assertEquals("DONE", stepResult(push.err(), "pushing " + ref + " with docker"), push.err());
        HttpResponse<String> manifest = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + registry() + "/v2/jbake-test/push/manifests/" + tag))
                                .header("Accept", MANIFEST_TYPES)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, manifest.statusCode(), manifest.body());
        assertTrue(manifest.body().contains("\"layers\""), manifest.body());

        TestDaemon.docker("builder", "prune", "-af");
        TestDaemon.docker("image", "rm", ref);

        writeBake(tag, ref, "cache-from = [\"type=registry,ref=" + ref + "\"]");
        CommandRun cached = jbake("--progress=plain");

        assertEquals(0, cached.code(), cached.err());
        assertTrue(cached.err().contains("importing cache manifest from " + ref + "\n"), cached.err());
        assertEquals("CACHED", stepResult(cached.err(), runStep), "the RUN comes from the registry:\n" + cached.err());
    }

    /**
     * How the step named {@code step} ended in plain progress output: {@code DONE}, {@code CACHED} or
     * {@code ERROR}, from the line {@code #N <word>} of the step's vertex number.
     */
    private static String stepResult(String progress, String step) {
        List<String> lines = progress.lines().toList();
        String vertex = lines.stream()
                .filter(l -> l.endsWith(" " + step))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + step + " in:\n" + progress));
        return lines.stream()
                .filter(l -> l.startsWith(vertex + " "))
                .map(l -> l.substring(vertex.length() + 1))
                .filter(l -> l.equals("CACHED") || l.startsWith("DONE") || l.startsWith("ERROR"))
                .map(l -> l.split(" ")[0])
                .reduce((first, last) -> last)
                .orElse("unfinished");
    }
}
