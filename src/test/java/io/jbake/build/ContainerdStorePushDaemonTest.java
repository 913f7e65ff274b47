package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --push} on a Docker Engine with the containerd image store ({@code JBAKE_TEST_CONTAINERD_DOCKER_HOST}
 * of {@code scripts/test-daemon.sh}): the engine's exporter pushes, so jbake does not push again through
 * the engine API afterwards, as buildx's docker driver does not (its DirectPush feature).
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerdStorePushDaemonTest {

    @TempDir
    Path dir;

    @Test
    void theExporterPushesAndJbakeDoesNotPushAgain() throws Exception {
        String host = System.getenv("JBAKE_TEST_CONTAINERD_DOCKER_HOST");
        Assumptions.assumeTrue(
                host != null && !host.isEmpty(),
                "JBAKE_TEST_CONTAINERD_DOCKER_HOST is not set (an older scripts/test-daemon.sh env)");
        String registry = System.getenv("JBAKE_TEST_REGISTRY");
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        String ref = registry + "/jbake-test/containerd-push:" + tag;
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %s > /marker\\n"
          tags = ["%s"]
        }
        """.formatted(tag, ref));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_HOST", host);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--push", "--progress=plain"},
                env,
                dir,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String progress = err.toString(StandardCharsets.UTF_8);

        assertEquals(0, code, progress);
        // the plain printer leaves the time out of a status that took no measurable time, as buildx's does
        assertTrue(
                Pattern.compile("\n#\\d+ pushing manifest for " + Pattern.quote(ref)
                                + "@sha256:[0-9a-f]{64}( [0-9.]+s)? done\n")
                        .matcher(progress)
                        .find(),
                progress);
        assertFalse(progress.contains("with docker"), progress);
        HttpResponse<String> manifest = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + registry + "/v2/jbake-test/containerd-push/manifests/" + tag))
                                .header(
                                        "Accept",
                                        "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json")
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, manifest.statusCode(), manifest.body());
    }
}
