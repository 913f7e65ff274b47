package io.jbake.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jbake.buildkit.auth.AuthService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a registry's HTTP API (the OCI distribution spec) that writes a tag: a manifest (or index) read
 * by its digest ({@code GET /v2/<name>/manifests/<digest>}) and put again, the same bytes with the same
 * {@code Content-Type}, under a tag ({@code PUT /v2/<name>/manifests/<tag>}). Authenticates as the Docker CLI
 * would: a {@code 401} with a {@code Bearer} challenge fetches a token from its realm for the repository's
 * {@code pull,push} scope (with the user's name and password, or as a refresh token their identity token), a
 * {@code Basic} challenge sends them directly. Safe for use by concurrent threads.
 */
public final class RegistryClient {
    /** Every manifest kind BuildKit pushes: OCI and Docker, single-platform and index. */
    static final String MANIFEST_TYPES = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Where the credential of a registry comes from ({@link AuthService.Shared#registryCredential}). */
    @FunctionalInterface
    public interface Credentials {
        AuthService.Credential lookup(String registry) throws IOException;
    }

    /** A manifest or index as the registry stores it: its media type and its exact bytes. */
    public record Manifest(String mediaType, byte[] body) {}

    /** The registry answered with an error (or not at all); the message is the registry's, without secrets. */
    public static final class RegistryException extends IOException {
        private static final long serialVersionUID = 1L;

        RegistryException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Credentials credentials;
    /** The {@code Authorization} header that last worked, per API host and repository. */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    public RegistryClient(Credentials credentials) {
        this(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build(),
                credentials);
    }

    RegistryClient(HttpClient http, Credentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    /**
     * The manifest {@code digest} of {@code image}'s repository, checked against its digest.
     *
     * @param plainHttp whether the registry speaks plain HTTP (an insecure registry)
     */
    public Manifest manifest(ImageName image, String digest, boolean plainHttp) throws IOException {
        URI uri = uri(image, digest, plainHttp);
        HttpResponse<byte[]> response = send(
                image,
                () -> HttpRequest.newBuilder(uri)
                        .header("Accept", MANIFEST_TYPES)
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 200, "GET", uri);
        byte[] body = response.body();
        String actual = sha256(body);
        if (digest.startsWith("sha256:") && !actual.equals(digest)) {
            throw new RegistryException("GET " + uri + ": the registry sent a manifest of digest " + actual);
        }
        String mediaType = response.headers()
                .firstValue("Content-Type")
                .map(type -> type.replaceFirst(";.*", "").strip())
                .orElseThrow(() -> new RegistryException("GET " + uri + ": no Content-Type"));
        return new Manifest(mediaType, body);
    }

    /**
     * Puts {@code manifest} under {@code image}'s tag and returns the digest the registry gives it
     * ({@code Docker-Content-Digest}, else the digest of the bytes).
     */
    public String putManifest(ImageName image, Manifest manifest, boolean plainHttp) throws IOException {
        URI uri = uri(image, image.tag(), plainHttp);
        HttpResponse<byte[]> response = send(
                image,
                () -> HttpRequest.newBuilder(uri)
                        .header("Content-Type", manifest.mediaType())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body())),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 201, "PUT", uri);
        return response.headers().firstValue("Docker-Content-Digest").orElse(sha256(manifest.body()));
    }

    /** The digest {@code image}'s tag points at ({@code HEAD}), empty when the tag does not exist. */
    public Optional<String> tagDigest(ImageName image, boolean plainHttp) throws IOException {
        URI uri = uri(image, image.tag(), plainHttp);
        HttpResponse<byte[]> response = send(
                image,
                () -> HttpRequest.newBuilder(uri)
                        .header("Accept", MANIFEST_TYPES)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "HEAD", uri);
        return response.headers().firstValue("Docker-Content-Digest");
    }

    private static URI uri(ImageName image, String reference, boolean plainHttp) {
        return URI.create((plainHttp ? "http" : "https") + "://" + image.apiHost() + "/v2/" + image.repository()
                + "/manifests/" + reference);
    }

    /** Sends the request, answering one authentication challenge; the last authorization is reused. */
    private <T> HttpResponse<T> send(
            ImageName image, Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        String key = image.apiHost() + "/" + image.repository();
        String authorization = authorizations.get(key);
        HttpResponse<T> response = exchange(request, authorization, body);
        if (response.statusCode() != 401) {
            return response;
        }
        Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
        if (challenge.isEmpty()) {
            return response;
        }
        authorization = authorize(image, challenge.get());
        authorizations.put(key, authorization);
        return exchange(request, authorization, body);
    }

    private <T> HttpResponse<T> exchange(
            Supplier<HttpRequest.Builder> request, String authorization, HttpResponse.BodyHandler<T> body)
            throws IOException {
        HttpRequest.Builder builder = request.get().timeout(TIMEOUT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest built = builder.build();
        try {
            return http.send(built, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(built.method() + " " + built.uri() + ": interrupted");
        } catch (IOException e) {
            throw new RegistryException(built.method() + " " + built.uri() + ": " + e);
        }
    }

    /** The {@code Authorization} value that answers {@code challenge} for {@code image}'s repository. */
    String authorize(ImageName image, String challenge) throws IOException {
        AuthService.Credential credential = credentials.lookup(image.registry());
        String scheme = challenge.strip().split("\\s+", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) {
            if (credential.equals(AuthService.Credential.ANONYMOUS) || credential.identityToken()) {
                throw new RegistryException(image.registry() + " asks for a user name and password, and the Docker"
                        + " configuration has none for it");
            }
            return basic(credential);
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
            throw new RegistryException(
                    image.registry() + " asks for an authentication jbake does not speak: " + scheme);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAM.matcher(challenge);
        while (matcher.find()) {
            params.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
        }
        String realm = params.get("realm");
        if (realm == null || realm.isEmpty()) {
            throw new RegistryException(image.registry() + " sent a Bearer challenge without a realm");
        }
        String scope = "repository:" + image.repository() + ":pull,push";
        String service = params.getOrDefault("service", "");
        HttpRequest.Builder token;
        if (credential.identityToken()) {
            // an identity token is an OAuth2 refresh token
            String form = "grant_type=refresh_token&client_id=jbake&service=" + encode(service) + "&scope="
                    + encode(scope) + "&refresh_token=" + encode(credential.secret());
            token = HttpRequest.newBuilder(URI.create(realm))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            String query = (service.isEmpty() ? "" : "service=" + encode(service) + "&") + "scope=" + encode(scope);
            token = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
                    .GET();
            if (!credential.equals(AuthService.Credential.ANONYMOUS)) {
                token.header("Authorization", basic(credential));
            }
        }
        HttpResponse<String> response = exchange(() -> token, null, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new RegistryException("getting a token for " + image.repositoryName() + " from " + realm + ": HTTP "
                    + response.statusCode());
        }
        try {
            JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
            for (String field : new String[] {"token", "access_token"}) {
                JsonElement value = answer.get(field);
                if (value != null
                        && value.isJsonPrimitive()
                        && !value.getAsString().isEmpty()) {
                    return "Bearer " + value.getAsString();
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            // falls through to the error below
        }
        throw new RegistryException(
                "getting a token for " + image.repositoryName() + " from " + realm + ": no token in the answer");
    }

    private static String basic(AuthService.Credential credential) {
        String pair = credential.username() + ":" + credential.secret();
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Fails unless the response has {@code status}, with the registry's own error code and message. */
    private static void expect(HttpResponse<byte[]> response, int status, String method, URI uri)
            throws RegistryException {
        if (response.statusCode() == status) {
            return;
        }
        String detail = "HTTP " + response.statusCode();
        try {
            JsonObject answer = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            JsonObject first = answer.getAsJsonArray("errors").get(0).getAsJsonObject();
            detail += " " + first.get("code").getAsString() + ": "
                    + first.get("message").getAsString();
        } catch (RuntimeException e) {
            // not the spec's error body: the status alone
        }
        throw new RegistryException(method + " " + uri + ": " + detail);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
