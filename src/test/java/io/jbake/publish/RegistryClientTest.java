package io.jbake.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jbake.buildkit.auth.AuthService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests of a manifest copied to a tag, against a registry stand-in on loopback that asks for a Bearer
 * token from its own realm, as Docker Hub and most hosted registries do.
 */
class RegistryClientTest {

    private static final byte[] INDEX =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String TOKEN = "tok-123";

    private HttpServer server;
    private String host;
    /** Each request: method, path and query, and the headers the test looks at. */
    private final List<String> requests = new ArrayList<>();

    private byte[] stored;
    private String storedType;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add("GET " + exchange.getRequestURI() + " auth=" + header(exchange, "Authorization"));
            byte[] body = ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private synchronized void registry(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String auth = header(exchange, "Authorization");
            requests.add(method + " " + exchange.getRequestURI() + " auth=" + auth + " accept="
                    + header(exchange, "Accept") + " type=" + header(exchange, "Content-Type"));
            if (!("Bearer " + TOKEN).equals(auth)) {
                exchange.getResponseHeaders()
                        .add(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://" + host + "/token\",service=\"stand-in\","
                                        + "scope=\"repository:team/app:pull\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String digest = RegistryClient.sha256(INDEX);
            if (method.equals("GET") && exchange.getRequestURI().getPath().equals("/v2/team/app/manifests/" + digest)) {
                exchange.getResponseHeaders().add("Content-Type", INDEX_TYPE);
                exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
                exchange.sendResponseHeaders(200, INDEX.length);
                exchange.getResponseBody().write(INDEX);
            } else if (method.equals("PUT")
                    && exchange.getRequestURI().getPath().equals("/v2/team/app/manifests/v1")) {
                stored = body;
                storedType = header(exchange, "Content-Type");
                exchange.getResponseHeaders().add("Docker-Content-Digest", RegistryClient.sha256(body));
                exchange.sendResponseHeaders(201, -1);
            } else {
                byte[] error = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, error.length);
                exchange.getResponseBody().write(error);
            }
        }
    }

    private static String header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).orElse("-");
    }

    @Test
    void aManifestIsCopiedToATagWithATokenForThePushScope() throws IOException {
        RegistryClient client = new RegistryClient(registry -> new AuthService.Credential("user", "pass", false));
        ImageName tag = ImageName.parse(host + "/team/app:v1");
        String digest = RegistryClient.sha256(INDEX);

        RegistryClient.Manifest manifest = client.manifest(tag, digest, true);
        String put = client.putManifest(tag, manifest, true);

        assertEquals(digest, put);
        assertArrayEquals(INDEX, stored);
        assertEquals(INDEX_TYPE, storedType);
        String basic = "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "GET /v2/team/app/manifests/" + digest + " auth=- accept=" + RegistryClient.MANIFEST_TYPES
                                + " type=-",
                        "GET /token?service=stand-in&scope=repository%3Ateam%2Fapp%3Apull%2Cpush auth=" + basic,
                        "GET /v2/team/app/manifests/" + digest + " auth=Bearer " + TOKEN + " accept="
                                + RegistryClient.MANIFEST_TYPES + " type=-",
                        // the token is kept for the repository: no second challenge
                        "PUT /v2/team/app/manifests/v1 auth=Bearer " + TOKEN + " accept=- type=" + INDEX_TYPE),
                requests);
    }

    @Test
    void aRegistryErrorIsReportedWithItsCodeAndMessage() {
        RegistryClient client = new RegistryClient(registry -> AuthService.Credential.ANONYMOUS);
        ImageName tag = ImageName.parse(host + "/team/app:v1");
        String digest = "sha256:" + "d".repeat(64);

        IOException error = assertThrows(IOException.class, () -> client.manifest(tag, digest, true));

        assertEquals(
                "GET http://" + host + "/v2/team/app/manifests/" + digest + ": HTTP 404 MANIFEST_UNKNOWN: manifest"
                        + " unknown",
                error.getMessage());
        assertEquals("GET /token?service=stand-in&scope=repository%3Ateam%2Fapp%3Apull%2Cpush auth=-", requests.get(1));
    }
}
