package io.jbake.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --atomic} against the test registry, built on the Docker Engine with the containerd image store
 * ({@code JBAKE_TEST_CONTAINERD_DOCKER_HOST}), whose BuildKit image exporter pushes by digest; the shared engine
 * (classic image store) cannot, and is refused before anything builds.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AtomicPublishDaemonTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private String registry;
    private String containerdHost;
    /** Makes each test's repositories its own. */
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void daemons() {
        registry = System.getenv("JBAKE_TEST_REGISTRY");
        containerdHost = System.getenv("JBAKE_TEST_CONTAINERD_DOCKER_HOST");
        Assumptions.assumeTrue(registry != null && !registry.isEmpty(), "JBAKE_TEST_REGISTRY is not set");
        Assumptions.assumeTrue(
                containerdHost != null && !containerdHost.isEmpty(), "JBAKE_TEST_CONTAINERD_DOCKER_HOST is not set");
    }

    @Test
    void oneFailedTargetMovesNoTag() throws Exception {
        String ok1 = "atomic/ok1-" + suffix;
        String ok2 = "atomic/ok2-" + suffix;
        String bad = "atomic/bad-" + suffix;
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        group "default" { targets = ["ok1", "ok2", "bad"] }
        target "ok1" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s-ok1 > /marker\\n"
          tags = ["%2$s/%3$s:v1"]
        }
        target "ok2" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s-ok2 > /marker\\n"
          tags = ["%2$s/%4$s:v1"]
        }
        target "bad" {
          dockerfile-inline = "FROM busybox:local\\nRUN sleep 1 && exit 1\\n"
          tags = ["%2$s/%5$s:v1"]
        }
        """.formatted(suffix, registry, ok1, ok2, bad));

        Run run = jbake(containerdHost, "--atomic", "--push", "--jobs", "defer-error", "--progress=plain");

        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("ERROR: target bad: "), run.err());
        assertTrue(run.err().contains("[internal] publish tags"), run.err());
        assertTrue(run.err().contains(" no tag written: a target did not succeed\n"), run.err());
        // defer-error: ok1 and ok2 built and pushed their manifests by digest, and still no tag moved
        assertTrue(run.err().contains("pushing manifest for " + registry + "/" + ok1), run.err());
        for (String repository : List.of(ok1, ok2, bad)) {
            assertEquals(List.of(), tags(repository), repository);
        }
    }

    @Test
    void everyTagPointsAtItsTargetsDigest() throws Exception {
        String base = "atomic/base-" + suffix;
        String app = "atomic/app-" + suffix;
        String extra = "atomic/extra-" + suffix;
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        group "default" { targets = ["base", "app", "tool"] }
        target "base" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s-base > /base\\n"
          tags = ["%2$s/%3$s:v1"]
        }
        target "app" {
          contexts = { base = "target:base" }
          dockerfile-inline = "FROM base\\nRUN echo %1$s-app > /app\\n"
          tags = ["%2$s/%4$s:v1", "%2$s/%4$s:latest", "%2$s/%5$s:app"]
        }
        target "tool" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s-tool > /tool\\n"
          output = ["type=registry,name=%2$s/%5$s:tool"]
        }
        """.formatted(suffix, registry, base, app, extra));

        Run run = jbake(
                containerdHost,
                "--atomic",
                "--push",
                "--jobs",
                "1",
                "--metadata-file",
                "meta.json",
                "--progress=plain");

        assertEquals(0, run.code(), run.err());
        JsonObject metadata = JsonParser.parseString(Files.readString(dir.resolve("meta.json")))
                .getAsJsonObject();
        String baseDigest = digest(metadata, "base");
        String appDigest = digest(metadata, "app");
        String toolDigest = digest(metadata, "tool");
        assertNotEquals(baseDigest, appDigest);
        assertEquals(registry + "/" + base + ":v1", imageName(metadata, "base"));
        assertEquals(
                registry + "/" + app + ":v1," + registry + "/" + app + ":latest," + registry + "/" + extra + ":app",
                imageName(metadata, "app"));
        assertEquals(registry + "/" + extra + ":tool", imageName(metadata, "tool"));
        assertEquals(baseDigest, tagDigest(base, "v1"));
        assertEquals(appDigest, tagDigest(app, "v1"));
        assertEquals(appDigest, tagDigest(app, "latest"));
        assertEquals(appDigest, tagDigest(extra, "app"));
        assertEquals(toolDigest, tagDigest(extra, "tool"));
        assertEquals(List.of("v1"), tags(base));
        assertEquals(List.of("latest", "v1"), tags(app));
        assertEquals(List.of("app", "tool"), tags(extra));
        for (String line : List.of(
                registry + "/" + base + ":v1 -> " + baseDigest,
                registry + "/" + app + ":latest -> " + appDigest,
                registry + "/" + extra + ":tool -> " + toolDigest)) {
            assertTrue(run.err().contains(" " + line + "\n"), line + "\n" + run.err());
        }
    }

    @Test
    void aMultiPlatformImageIsTaggedByItsIndex() throws Exception {
        String repository = "atomic/multi-" + suffix;
        Files.writeString(dir.resolve("marker"), suffix);
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM scratch\\nCOPY marker /marker\\n"
          platforms = ["linux/amd64", "linux/arm64"]
          tags = ["%s/%s:v1"]
        }
        """.formatted(registry, repository));

        Run run = jbake(containerdHost, "--atomic", "--push", "--metadata-file", "meta.json", "--progress=plain");

        assertEquals(0, run.code(), run.err());
        JsonObject metadata = JsonParser.parseString(Files.readString(dir.resolve("meta.json")))
                .getAsJsonObject();
        String digest = digest(metadata, "default");
        assertEquals(digest, tagDigest(repository, "v1"));
        HttpResponse<String> index = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/manifests/v1"))
                        .header("Accept", RegistryClient.MANIFEST_TYPES)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode(), index.body());
        // the index as the exporter pushed it (BuildKit's image exporter writes Docker media types by default)
        String mediaType = metadata.getAsJsonObject("default")
                .getAsJsonObject("containerimage.descriptor")
                .get("mediaType")
                .getAsString();
        assertEquals("application/vnd.docker.distribution.manifest.list.v2+json", mediaType);
        assertEquals(mediaType, index.headers().firstValue("Content-Type").orElseThrow());
        List<String> platforms = new ArrayList<>();
        JsonParser.parseString(index.body())
                .getAsJsonObject()
                .getAsJsonArray("manifests")
                .forEach(manifest -> {
                    JsonObject platform = manifest.getAsJsonObject().getAsJsonObject("platform");
                    if (platform != null
                            && !platform.get("architecture").getAsString().equals("unknown")) {
                        platforms.add(platform.get("os").getAsString() + "/"
                                + platform.get("architecture").getAsString());
                    }
                });
        assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
    }

    @Test
    void aTagTheRegistryRefusesIsReportedWithWhatWasWritten() throws Exception {
        String kept = "atomic/kept-" + suffix;
        String denied = "atomic/denied-" + suffix;
        try (RegistryStandIn standIn = new RegistryStandIn(registry, "/v2/" + denied + "/manifests/")) {
            String host = standIn.address();
            Files.writeString(dir.resolve("docker-bake.hcl"), """
            group "default" { targets = ["kept", "denied"] }
            target "kept" {
              dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s-kept > /kept\\n"
              tags = ["%2$s/%3$s:v1", "%2$s/%3$s:v2"]
            }
            target "denied" {
              contexts = { kept = "target:kept" }
              dockerfile-inline = "FROM kept\\nRUN echo %1$s-denied > /denied\\n"
              tags = ["%2$s/%4$s:v1", "%2$s/%4$s:v2"]
            }
            """.formatted(suffix, host, kept, denied));

            Run run = jbake(containerdHost, "--atomic", "--push", "--progress=plain");

            assertEquals(1, run.code(), run.err());
            String keptDigest = tagDigest(kept, "v1");
            assertEquals(keptDigest, tagDigest(kept, "v2"));
            assertEquals(List.of("v1", "v2"), tags(kept));
            assertEquals(List.of(), tags(denied));
            String errors = run.err().substring(run.err().indexOf("ERROR: target denied"));
            String deniedName = host + "/" + denied;
            assertTrue(
                    errors.startsWith("ERROR: target denied: --atomic: writing tag " + deniedName + ":v1 -> sha256:"),
                    errors);
            assertTrue(
                    errors.contains(" failed: PUT http://" + host + "/v2/" + denied
                            + "/manifests/v1: HTTP 403 DENIED: requested access to the resource is denied\n"),
                    errors);
            assertTrue(
                    errors.contains("\nERROR: tags written (2): " + host + "/" + kept + ":v1 -> " + keptDigest + ", "
                            + host + "/" + kept + ":v2 -> " + keptDigest + "\n"),
                    errors);
            assertTrue(
                    errors.endsWith("\nERROR: tags not written (2): " + deniedName + ":v1, " + deniedName + ":v2\n"),
                    errors);
        }
    }

    @Test
    void theClassicImageStoreIsRefusedBeforeAnythingBuilds() throws Exception {
        String repository = "atomic/classic-" + suffix;
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %1$s > /marker\\n"
          tags = ["%2$s/%3$s:v1"]
        }
        """.formatted(suffix, registry, repository));

        Run run = jbake(System.getenv("DOCKER_HOST"), "--atomic", "--push", "--progress=plain");

        assertEquals(1, run.code(), run.err());
        assertTrue(
                run.err()
                        .endsWith("ERROR: target default: --atomic: this builder cannot push by digest: Docker Engine"
                                + " with the classic image store stores the image under its tags and pushes tags; use Docker"
                                + " Engine with the containerd image store or a BuildKit daemon (docker-container, remote,"
                                + " kubernetes driver)\n"),
                run.err());
        assertTrue(!run.err().contains("RUN echo"), run.err());
        assertEquals(List.of(), tags(repository));
    }

    private record Run(int code, String err) {}

    private Run jbake(String dockerHost, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_HOST", dockerHost);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                dir,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }

    private static String digest(JsonObject metadata, String target) {
        return metadata.getAsJsonObject(target).get("containerimage.digest").getAsString();
    }

    private static String imageName(JsonObject metadata, String target) {
        return metadata.getAsJsonObject(target).get("image.name").getAsString();
    }

    /** The repository's tags, sorted; none for a repository the registry does not know. */
    private List<String> tags(String repository) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/tags/list"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            assertTrue(response.body().contains("NAME_UNKNOWN"), response.body());
            return List.of();
        }
        assertEquals(200, response.statusCode(), response.body());
        JsonElement tags =
                JsonParser.parseString(response.body()).getAsJsonObject().get("tags");
        List<String> names = new ArrayList<>();
        if (tags != null && tags.isJsonArray()) {
            tags.getAsJsonArray().forEach(tag -> names.add(tag.getAsString()));
        }
        names.sort(null);
        return names;
    }

    private String tagDigest(String repository, String tag) throws Exception {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", RegistryClient.MANIFEST_TYPES)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode(), repository + ":" + tag);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /**
     * A registry on loopback that forwards every request to the real one, except a {@code PUT} of a manifest by
     * tag under {@code deniedPrefix}, which it answers {@code 403 DENIED}: pushes by digest pass, tags do not.
     */
    static final class RegistryStandIn implements AutoCloseable {
        private static final Set<String> HOP_HEADERS =
                Set.of("connection", "content-length", "transfer-encoding", "host", "date", "keep-alive");

        private final HttpServer server;
        private final String upstream;
        private final String deniedPrefix;
        private final HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        RegistryStandIn(String upstream, String deniedPrefix) throws IOException {
            this.upstream = upstream;
            this.deniedPrefix = deniedPrefix;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                String method = exchange.getRequestMethod();
                if (method.equals("PUT")
                        && path.startsWith(deniedPrefix)
                        && !path.substring(deniedPrefix.length()).startsWith("sha256:")) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body =
                            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(403, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                byte[] requestBody;
                try (InputStream in = exchange.getRequestBody()) {
                    requestBody = in.readAllBytes();
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create("http://" + upstream + exchange.getRequestURI()))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                method,
                                requestBody.length == 0 && !method.equals("PUT") && !method.equals("PATCH")
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))
                            && !name.equalsIgnoreCase("expect")
                            && !name.equalsIgnoreCase("upgrade")) {
                        values.forEach(value -> forward.header(name, value));
                    }
                });
                // the registry writes its upload locations for the host the client asked
                forward.header("X-Forwarded-Host", address());
                forward.header("X-Forwarded-Proto", "http");
                HttpResponse<byte[]> response;
                try {
                    response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                HttpHeaders headers = response.headers();
                headers.map().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(value -> exchange.getResponseHeaders()
                                .add(name, value.replace("http://" + upstream, "http://" + address())));
                    }
                });
                byte[] body = response.body();
                if (method.equals("HEAD")) {
                    headers.firstValue("Content-Length")
                            .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
                    exchange.sendResponseHeaders(response.statusCode(), -1);
                } else {
                    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
