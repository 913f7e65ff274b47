package io.jbake.buildkit.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jbake.buildkit.BuildKitException;
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
 */
final class DockerContexts {

  static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  private DockerContexts() {
  }

  /** {@code DOCKER_CONFIG}, else {@code ~/.docker}. */
  static Path configDir(Map<String, String> env, Path home) {
    String dir = env.get("DOCKER_CONFIG");
    return dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".docker");
  }

  /** The Docker Engine of the context {@code DOCKER_CONTEXT} or {@code currentContext} names; "default" is the default socket. */
  static Endpoint endpoint(Map<String, String> env, Path home) {
    Path config = configDir(env, home);
    String name = env.get("DOCKER_CONTEXT");
    if (name == null || name.isEmpty()) {
      JsonObject json = readJson(config.resolve("config.json"), false);
      JsonElement current = json == null ? null : json.get("currentContext");
      name = current != null && current.isJsonPrimitive() ? current.getAsString() : "";
    }
    if (name.isEmpty() || name.equals("default")) {
      return Endpoint.docker(DEFAULT_SOCKET, null);
    }
    String id = sha256(name);
    Path metaFile = config.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    JsonObject meta = readJson(metaFile, true);
    JsonObject docker = object(object(meta, "Endpoints"), "docker");
    JsonElement host = docker == null ? null : docker.get("Host");
    if (host == null || !host.isJsonPrimitive() || host.getAsString().isEmpty()) {
      throw new BuildKitException("Docker context \"" + name + "\" has no docker endpoint (" + metaFile + ")");
    }
    JsonElement skip = docker.get("SkipTLSVerify");
    boolean skipVerify = skip != null && skip.isJsonPrimitive() && skip.getAsBoolean();
    Path tlsDir = config.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    TlsOptions tls = Files.isDirectory(tlsDir) || skipVerify ? TlsOptions.fromDockerCertDir(tlsDir, skipVerify) : null;
    return Endpoint.docker(host.getAsString(), tls);
  }

  private static JsonObject object(JsonObject parent, String key) {
    JsonElement e = parent == null ? null : parent.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static JsonObject readJson(Path file, boolean required) {
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
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
