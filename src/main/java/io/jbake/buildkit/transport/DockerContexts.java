package io.jbake.buildkit.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Docker CLI contexts as stored under the Docker configuration directory: {@code config.json}'s
 * {@code currentContext}, and per context {@code contexts/meta/<sha256(name)>/meta.json} (the
 * {@code Endpoints.docker.Host} address) with TLS files in {@code contexts/tls/<sha256(name)>/docker/}.
 * The context {@code default} is not stored: it is {@code DOCKER_HOST} (with {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH}), else the default socket.
 */
final class DockerContexts {

    static final String DEFAULT_CONTEXT = "default";
    static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

    private DockerContexts() {}

    /** {@code DOCKER_CONFIG}, else {@code ~/.docker}. */
    static Path configDir(Map<String, String> env, Path home) {
        String dir = env.get("DOCKER_CONFIG");
        return dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".docker");
    }

    /**
     * The context the Docker CLI uses, as it resolves it: {@code default} when {@code DOCKER_HOST} is set,
     * else {@code DOCKER_CONTEXT}, else {@code config.json}'s {@code currentContext}, else {@code default}.
     */
    static String currentName(Map<String, String> env, Path home) {
        if (!env.getOrDefault("DOCKER_HOST", "").isEmpty()) {
            return DEFAULT_CONTEXT;
        }
        String name = env.getOrDefault("DOCKER_CONTEXT", "");
        if (name.isEmpty()) {
            JsonObject json = readJson(configDir(env, home).resolve("config.json"), false);
            JsonElement current = json == null ? null : json.get("currentContext");
            name = current != null && current.isJsonPrimitive() ? current.getAsString() : "";
        }
        return name.isEmpty() ? DEFAULT_CONTEXT : name;
    }

    /** The Docker Engine of the current context (see {@link #currentName}). */
    static Endpoint endpoint(Map<String, String> env, Path home) {
        return endpoint(currentName(env, home), env, home);
    }

    /** Whether {@code name} is a context: {@code default} or one stored in the configuration directory. */
    static boolean exists(String name, Map<String, String> env, Path home) {
        return name.equals(DEFAULT_CONTEXT) || Files.isRegularFile(metaFile(configDir(env, home), name));
    }

    /**
     * The Docker Engine of the context {@code name}.
     *
     * @throws BuildKitException when no such context is stored, or it has no docker endpoint
     */
    static Endpoint endpoint(String name, Map<String, String> env, Path home) {
        if (name.equals(DEFAULT_CONTEXT)) {
            return Endpoint.docker(defaultHost(env), defaultTls(env, home));
        }
        Path config = configDir(env, home);
        Path metaFile = metaFile(config, name);
        JsonObject meta = readJson(metaFile, true);
        JsonObject docker = object(object(meta, "Endpoints"), "docker");
        JsonElement host = docker == null ? null : docker.get("Host");
        if (host == null || !host.isJsonPrimitive() || host.getAsString().isEmpty()) {
            throw new BuildKitException("Docker context \"" + name + "\" has no docker endpoint (" + metaFile + ")");
        }
        JsonElement skip = docker.get("SkipTLSVerify");
        boolean skipVerify = skip != null && skip.isJsonPrimitive() && skip.getAsBoolean();
        Path tlsDir =
                config.resolve("contexts").resolve("tls").resolve(sha256(name)).resolve("docker");
        TlsOptions tls =
                Files.isDirectory(tlsDir) || skipVerify ? TlsOptions.fromDockerCertDir(tlsDir, skipVerify) : null;
        return Endpoint.docker(host.getAsString(), tls);
    }

    /** The address of the {@code default} context: {@code DOCKER_HOST} or the default socket. */
    static String defaultHost(Map<String, String> env) {
        String dockerHost = env.getOrDefault("DOCKER_HOST", "");
        return dockerHost.isEmpty() ? DEFAULT_SOCKET : dockerHost;
    }

    private static TlsOptions defaultTls(Map<String, String> env, Path home) {
        if (env.getOrDefault("DOCKER_HOST", "").isEmpty()
                || env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
            return null;
        }
        String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
        return TlsOptions.fromDockerCertDir(certPath.isEmpty() ? configDir(env, home) : Path.of(certPath), false);
    }

    private static Path metaFile(Path config, String name) {
        return config.resolve("contexts").resolve("meta").resolve(sha256(name)).resolve("meta.json");
    }

    static JsonObject object(JsonObject parent, String key) {
        JsonElement e = parent == null ? null : parent.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /**
     * The JSON object in {@code file}; null for a missing file unless {@code required}.
     *
     * @throws BuildKitException when the file cannot be read or is not a JSON object
     */
    static JsonObject readJson(Path file, boolean required) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BuildKitException(file + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            if (required) {
                throw new BuildKitException("Docker context not found: " + file + " does not exist");
            }
            return null;
        } catch (IOException e) {
            throw new BuildKitException("cannot read " + file + ": " + e.getMessage());
        } catch (JsonParseException e) {
            throw new BuildKitException(file + ": invalid JSON: " + e.getMessage());
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
