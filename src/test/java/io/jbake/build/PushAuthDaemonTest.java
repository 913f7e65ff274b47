package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.AuthRegistry;
import io.jbake.buildkit.TestDaemon;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --push} through Docker Engine's API to a registry that demands basic auth: jbake sends the
 * credentials of the Docker CLI configuration for the image's registry in {@code X-Registry-Auth}, as
 * buildx's docker driver does; without them the push fails with the engine's error, as with buildx
 * ({@code no basic auth credentials}).
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PushAuthDaemonTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run jbake(Path dockerConfig, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                dir,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int manifestStatus(String registry, String repository, String tag, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                .header(
                        "Accept",
                        "application/vnd.docker.distribution.manifest.v2+json, "
                                + "application/vnd.oci.image.manifest.v1+json")
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void pushUsesTheDockerConfigCredentialsOfTheImageRegistry() throws Exception {
        TestDaemon.endpoint();
        try (AuthRegistry registry = AuthRegistry.start(dir.resolve("registry"))) {
            String tag = "t" + UUID.randomUUID().toString().replace("-", "");
            String ref = registry.address() + "/jbake-auth/push:" + tag;
            Path project = Files.createDirectories(dir);
            Files.writeString(project.resolve("docker-bake.hcl"), """
          target "default" {
            dockerfile-inline = "FROM busybox:local\\nRUN echo %s > /marker\\n"
            tags = ["%s"]
          }
          """.formatted(tag, ref));
            Path anonymous = Files.createDirectories(dir.resolve("no-credentials"));
            Path withCredentials = registry.dockerConfig(dir.resolve("credentials"));
            String basic = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (AuthRegistry.USER + ":" + AuthRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
            try {
                Run refused = jbake(anonymous, "--push", "--progress=plain");
                assertEquals(1, refused.code(), refused.err());
                assertTrue(refused.err().contains(" pushing " + ref + " with docker\n"), refused.err());
                assertTrue(refused.err().matches("(?s).*\n#\\d+ ERROR: no basic auth credentials\n.*"), refused.err());
                assertTrue(
                        refused.err().endsWith("\nERROR: no basic auth credentials\n"),
                        refused.err()); // as buildx 0.29.1
                assertEquals(404, manifestStatus(registry.address(), "jbake-auth/push", tag, basic));

                Run pushed = jbake(withCredentials, "--push", "--progress=plain");
                assertEquals(0, pushed.code(), pushed.err());
                assertTrue(
                        pushed.err()
                                .matches("(?s).*\n(#\\d+) pushing " + java.util.regex.Pattern.quote(ref)
                                        + " with docker\n(?:\\1 .*\n)*\\1 DONE [0-9.]+s\n.*"),
                        pushed.err());
                assertFalse(pushed.err().contains(AuthRegistry.PASSWORD));
                assertEquals(401, manifestStatus(registry.address(), "jbake-auth/push", tag, null));
                assertEquals(200, manifestStatus(registry.address(), "jbake-auth/push", tag, basic));
            } finally {
                TestDaemon.docker("image", "rm", "-f", ref);
            }
        }
    }
}
