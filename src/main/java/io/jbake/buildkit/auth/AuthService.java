package io.jbake.buildkit.auth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.auth.AuthGrpc;
import io.jbake.buildkit.proto.auth.CredentialsRequest;
import io.jbake.buildkit.proto.auth.CredentialsResponse;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code moby.filesync.v1.Auth} (sic): gives the daemon the user's registry credentials from the Docker
 * CLI configuration ({@code $DOCKER_CONFIG/config.json}, default {@code ~/.docker/config.json}), so pulls
 * of private images, pushes and registry caches authenticate as with buildx.
 *
 * <p>Only {@code Credentials} is served: a credential helper named by {@code credHelpers} for the host or
 * by {@code credsStore} ({@code docker-credential-<name> get}), else the {@code auths} entry. An unknown
 * host gets an empty answer (anonymous). The token methods are left {@code UNIMPLEMENTED}, which makes the
 * daemon fetch registry tokens itself with these credentials. Credentials never appear in messages.
 */
public final class AuthService extends AuthGrpc.AuthImplBase {
    /** The daemon asks for Docker Hub under its registry host; the CLI stores it under the index URL. */
    private static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    /** What credential helpers return as user name for an identity token (docker/cli). */
    private static final String TOKEN_USERNAME = "<token>";

    private static final long HELPER_TIMEOUT_SECONDS = 30;

    private final JsonObject config;
    private final Map<String, String> environment;
    private final Path workDir;

    private AuthService(JsonObject config, Map<String, String> environment, Path workDir) {
        this.config = config;
        this.environment = environment;
        this.workDir = workDir;
    }

    /**
     * Reads the configuration the Docker CLI would use: {@code $DOCKER_CONFIG/config.json}, else
     * {@code <home>/.docker/config.json}. A missing file means no credentials.
     *
     * @param environment the command's environment: {@code DOCKER_CONFIG}, and the {@code PATH} and environment
     *     of credential helpers (which may need more of it: a keychain's session bus, a cloud profile)
     * @param workDir the command's working directory: a relative {@code DOCKER_CONFIG} and relative {@code PATH}
     *     entries resolve against it, and credential helpers run in it, as they would from the Docker CLI
     * @throws IllegalArgumentException when the file exists but is not valid JSON
     */
    public static AuthService fromDockerConfig(Map<String, String> environment, Path home, Path workDir) {
        String configDir = environment.get("DOCKER_CONFIG");
        Path file = (configDir == null || configDir.isEmpty() ? home.resolve(".docker") : workDir.resolve(configDir))
                .resolve("config.json");
        JsonObject config = new JsonObject();
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (parsed.isJsonObject()) {
                config = parsed.getAsJsonObject();
            }
        } catch (NoSuchFileException e) {
            // no configuration: anonymous access
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException(
                    "cannot read docker config " + file + ": " + e.getClass().getSimpleName());
        }
        return new AuthService(config, environment, workDir);
    }

    /**
     * The Docker CLI configuration of one bake, read by {@link #fromDockerConfig} on first use only and then
     * shared by every session and push that needs credentials. A file that cannot be read fails each of them
     * again with the same message, where reading it would have failed: a target's session set-up, a push.
     * Safe for use by concurrent builds.
     */
    public static final class Shared {
        private final Map<String, String> environment;
        private final Path home;
        private final Path workDir;
        private AuthService service;
        private IllegalArgumentException failure;

        /** @param environment {@code home} and {@code workDir} as {@link #fromDockerConfig} takes them */
        public Shared(Map<String, String> environment, Path home, Path workDir) {
            this.environment = environment;
            this.home = home;
            this.workDir = workDir;
        }

        /** @throws IllegalArgumentException when the file exists but is not valid JSON (each time) */
        public synchronized AuthService service() {
            if (service == null && failure == null) {
                try {
                    service = fromDockerConfig(environment, home, workDir);
                } catch (IllegalArgumentException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalArgumentException(failure.getMessage(), failure);
            }
            return service;
        }

        /**
         * The shared service's {@link AuthService#engineAuthHeader}, usable as an endpoint's registry auth.
         *
         * @throws IOException when the configuration cannot be read or a credential helper fails
         */
        public String engineAuthHeader(String reference) throws IOException {
            AuthService auth;
            try {
                auth = service();
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            return auth.engineAuthHeader(reference);
        }

        /**
         * The shared service's {@link AuthService#registryCredential}.
         *
         * @throws IOException when the configuration cannot be read or a credential helper fails
         */
        public Credential registryCredential(String host) throws IOException {
            AuthService auth;
            try {
                auth = service();
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            return auth.registryCredential(host);
        }
    }

    /** A registry user name and secret (password or identity token); both empty for anonymous access. */
    public record Credential(String username, String secret, boolean identityToken) {
        public static final Credential ANONYMOUS = new Credential("", "", false);

        /** Never the secret: a credential may end up in a message. */
        @Override
        public String toString() {
            return "Credential[" + (equals(ANONYMOUS) ? "anonymous" : username) + "]";
        }
    }

    /**
     * The credential for registry {@code host} as an image name writes it ({@code docker.io} for Docker Hub,
     * {@code host:port}), for a client of the registry's own HTTP API; {@link Credential#ANONYMOUS} when the
     * configuration has none.
     *
     * @throws IOException when a credential helper fails (the message names the helper, not a secret)
     */
    public Credential registryCredential(String host) throws IOException {
        try {
            return lookup(host.equals("docker.io") ? DOCKER_HUB_KEY : host);
        } catch (CredentialHelperException e) {
            throw new IOException(e.getMessage());
        }
    }

    @Override
    public void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> response) {
        Credential credential;
        try {
            credential = lookup(request.getHost());
        } catch (CredentialHelperException e) {
            response.onError(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        CredentialsResponse.Builder answer = CredentialsResponse.newBuilder();
        if (credential.identityToken()) {
            answer.setSecret(credential.secret());
        } else {
            answer.setUsername(credential.username()).setSecret(credential.secret());
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    /**
     * The {@code X-Registry-Auth} header value for pushing {@code reference} through Docker Engine's API, as
     * buildx's docker driver sends it: base64url of the Docker CLI's auth config for the reference's registry
     * ({@code username}, {@code password}, {@code serveraddress}, or {@code identitytoken}), {@code {}} when
     * the configuration has nothing for it.
     *
     * @throws java.io.IOException when a credential helper fails (the message names the helper, not a secret)
     */
    public String engineAuthHeader(String reference) throws IOException {
        String host = registryHost(reference);
        String key = host.equals("docker.io") ? DOCKER_HUB_KEY : host;
        Credential credential;
        try {
            credential = lookup(key);
        } catch (CredentialHelperException e) {
            throw new IOException(e.getMessage());
        }
        JsonObject auth = new JsonObject();
        if (!credential.equals(Credential.ANONYMOUS)) {
            if (!credential.identityToken()) {
                auth.addProperty("username", credential.username());
                auth.addProperty("password", credential.secret());
            }
            auth.addProperty("serveraddress", key);
            if (credential.identityToken()) {
                auth.addProperty("identitytoken", credential.secret());
            }
        }
        return Base64.getUrlEncoder().encodeToString(auth.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The registry of an image reference as Docker normalises it: the first path component when it looks
     * like a host ({@code .} or {@code :} in it, {@code localhost}, or upper case), else {@code docker.io}.
     */
    static String registryHost(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = reference.substring(0, slash);
        boolean host = first.contains(".")
                || first.contains(":")
                || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
        return host ? first : "docker.io";
    }

    /** The credential for a registry host as the daemon names it ({@code registry-1.docker.io}, {@code host:port}). */
    Credential lookup(String host) throws CredentialHelperException {
        String key = host.equals(DOCKER_HUB_HOST) ? DOCKER_HUB_KEY : host;
        String helper = stringField(object(config, "credHelpers"), key);
        if (helper == null) {
            helper = stringField(config, "credsStore");
        }
        if (helper != null && !helper.isEmpty()) {
            return fromHelper(helper, key);
        }
        return fromAuths(key);
    }

    private Credential fromAuths(String key) {
        JsonObject auths = object(config, "auths");
        if (auths == null) {
            return Credential.ANONYMOUS;
        }
        JsonObject entry = object(auths, key);
        if (entry == null) {
            // the CLI also finds "https://host/v1/"-style keys by their host name
            for (String candidate : auths.keySet()) {
                if (hostOf(candidate).equals(key)) {
                    entry = object(auths, candidate);
                    break;
                }
            }
        }
        if (entry == null) {
            return Credential.ANONYMOUS;
        }
        String token = stringField(entry, "identitytoken");
        if (token != null && !token.isEmpty()) {
            return new Credential("", token, true);
        }
        String username = stringField(entry, "username");
        String password = stringField(entry, "password");
        String encoded = stringField(entry, "auth");
        if (encoded != null && !encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Credential.ANONYMOUS;
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                username = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
        }
        return new Credential(username == null ? "" : username, password == null ? "" : password, false);
    }

    private Credential fromHelper(String helper, String key) throws CredentialHelperException {
        String program = "docker-credential-" + helper;
        Path executable = findOnPath(program);
        if (executable == null) {
            throw new CredentialHelperException("error getting credentials: " + program + " not found in PATH");
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get")
                    .directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // the command's environment, not this JVM's: they differ when the jbake server runs the command
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(key.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CredentialHelperException("error getting credentials: " + program + " did not answer");
            }
            if (process.exitValue() != 0) {
                if (output.contains("credentials not found")) {
                    return Credential.ANONYMOUS;
                }
                throw new CredentialHelperException(
                        "error getting credentials: " + program + " exited with " + process.exitValue());
            }
            JsonObject answer = JsonParser.parseString(output).getAsJsonObject();
            String username = stringField(answer, "Username");
            String secret = stringField(answer, "Secret");
            if (TOKEN_USERNAME.equals(username)) {
                return new Credential("", secret == null ? "" : secret, true);
            }
            return new Credential(username == null ? "" : username, secret == null ? "" : secret, false);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new CredentialHelperException("error getting credentials: " + program + " gave no usable answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialHelperException("error getting credentials: interrupted");
        }
    }

    private Path findOnPath(String program) {
        String path = environment.get("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = workDir.resolve(dir).resolve(program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The host part of a config key such as {@code https://host:port/v1/}. */
    private static String hostOf(String key) {
        String host = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonElement value = parent == null ? null : parent.get(name);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    private static String stringField(JsonObject parent, String name) {
        JsonElement value = parent == null ? null : parent.get(name);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    /** A credential helper failed; the message names the helper, never a credential. */
    static final class CredentialHelperException extends Exception {
        CredentialHelperException(String message) {
            super(message);
        }
    }
}
