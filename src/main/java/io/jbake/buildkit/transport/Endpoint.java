package io.jbake.buildkit.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jbake.buildkit.BuildKitException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a BuildKit daemon is and how to reach it: Docker Engine's embedded BuildKit (reached through
 * the engine API's {@code POST /grpc} and {@code POST /session} upgrades) or a standalone buildkitd
 * (plain gRPC). Addresses are {@code unix:///path} or {@code tcp://host:port}.
 */
public final class Endpoint {

  /** What answers at the address. */
  public enum Kind {
    /** Docker Engine API; BuildKit is behind {@code /grpc}. */
    DOCKER,
    /** A standalone buildkitd serving gRPC directly. */
    BUILDKIT
  }

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Kind kind;
  private final String address;
  private final TlsOptions tls;
  private final Duration connectTimeout;

  private Endpoint(Kind kind, String address, TlsOptions tls, Duration connectTimeout) {
    this.kind = kind;
    this.address = address;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    target(); // validates the address now rather than at first use
  }

  /** Docker Engine at {@code address}, e.g. {@code unix:///var/run/docker.sock}; {@code tls} may be null. */
  public static Endpoint docker(String address, TlsOptions tls) {
    return new Endpoint(Kind.DOCKER, address, tls, DEFAULT_CONNECT_TIMEOUT);
  }

  /** A standalone buildkitd at {@code address} ({@code BUILDKIT_HOST} style); {@code tls} may be null. */
  public static Endpoint buildkit(String address, TlsOptions tls) {
    return new Endpoint(Kind.BUILDKIT, address, tls, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * The daemon the environment names, as buildx's default builder finds it: {@code BUILDKIT_HOST} (a
   * standalone buildkitd) first, then the Docker Engine of {@code DOCKER_HOST} (with
   * {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}), then the Docker context named by
   * {@code DOCKER_CONTEXT} or the configuration's {@code currentContext}, then the default socket.
   *
   * @param env the environment ({@code System.getenv()})
   * @param home the user's home directory, where {@code .docker} lives unless {@code DOCKER_CONFIG} says otherwise
   */
  public static Endpoint fromEnvironment(Map<String, String> env, Path home) {
    String buildkitHost = env.get("BUILDKIT_HOST");
    if (buildkitHost != null && !buildkitHost.isEmpty()) {
      return buildkit(buildkitHost, null);
    }
    String dockerHost = env.get("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isEmpty()) {
      String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "");
      TlsOptions tls = null;
      if (!verify.isEmpty()) {
        String certPath = env.get("DOCKER_CERT_PATH");
        Path dir = certPath != null && !certPath.isEmpty() ? Path.of(certPath) : DockerContexts.configDir(env, home);
        tls = TlsOptions.fromDockerCertDir(dir, false);
      }
      return docker(dockerHost, tls);
    }
    return DockerContexts.endpoint(env, home);
  }

  /** The same daemon with another bound on connecting (tcp connect, TLS handshake, first answer). */
  public Endpoint withConnectTimeout(Duration timeout) {
    return new Endpoint(kind, address, tls, Objects.requireNonNull(timeout));
  }

  public Kind kind() {
    return kind;
  }

  /** The address as given, e.g. {@code unix:///var/run/docker.sock}. */
  public String address() {
    return address;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Opens a connection that speaks prior-knowledge HTTP/2 to BuildKit's gRPC server: for Docker, a
   * connection upgraded by {@code POST /grpc}.
   */
  ByteConnection dialControl() throws IOException {
    ByteConnection raw = dialRaw();
    if (kind == Kind.BUILDKIT) {
      return raw;
    }
    return upgradeOrClose(raw, "/grpc", Map.of());
  }

  /**
   * Opens Docker's {@code POST /session}: the returned connection carries HTTP/2 on which the daemon is
   * the client. Docker only; buildkitd takes sessions through {@code Control.Session}.
   */
  ByteConnection dialDockerSession(Map<String, List<String>> headers) throws IOException {
    if (kind != Kind.DOCKER) {
      throw new IllegalStateException("POST /session is Docker Engine's");
    }
    return upgradeOrClose(dialRaw(), "/session", headers);
  }

  /**
   * Pushes {@code reference} (an image of the engine's store) to its registry with {@code POST
   * /images/{name}/push}, as buildx's docker driver does after a build with {@code push=true}: the Engine's
   * own image exporter only names the image, it does not push. Pushes without credentials ({@code
   * X-Registry-Auth} of an empty auth config). Docker only.
   *
   * @throws IOException when the engine refuses the push or reports an error while pushing (the message
   *     is the engine's, without the reference)
   */
  public void pushImage(String reference) throws IOException {
    if (kind != Kind.DOCKER) {
      throw new IllegalStateException("POST /images/{name}/push is Docker Engine's");
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    boolean tagged = colon > slash && !reference.contains("@");
    String name = tagged ? reference.substring(0, colon) : reference;
    String tag = tagged ? reference.substring(colon + 1) : "";
    String path = "/images/" + name + "/push" + (tag.isEmpty() ? "" : "?tag=" + tag);
    String emptyAuth = Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
    ByteConnection.Answer answer;
    try (ByteConnection connection = dialRaw()) {
      answer = connection.exchange("POST", path, Map.of("X-Registry-Auth", emptyAuth));
    }
    if (answer.status() != 200) {
      throw new IOException(answer.statusLine() + ": " + message(answer.body()));
    }
    // 200 and a JSON stream of progress; a failure mid-push is one {"error": ...} message in it
    for (String line : answer.body().split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonElement message = JsonParser.parseString(line);
      if (message.isJsonObject() && message.getAsJsonObject().has("error")) {
        throw new IOException(message.getAsJsonObject().get("error").getAsString());
      }
    }
  }

  /** The {@code message} of an Engine API error body, or the body itself. */
  private static String message(String body) {
    try {
      JsonElement json = JsonParser.parseString(body);
      if (json.isJsonObject() && json.getAsJsonObject().has("message")) {
        return json.getAsJsonObject().get("message").getAsString();
      }
    } catch (RuntimeException e) {
      // not JSON: the body as it came
    }
    return body.strip();
  }

  private static ByteConnection upgradeOrClose(ByteConnection raw, String path, Map<String, List<String>> headers)
      throws IOException {
    try {
      return raw.upgrade(path, headers);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private ByteConnection dialRaw() throws IOException {
    URI uri = target();
    if (uri.getScheme().equals("unix")) {
      return ByteConnection.unix(Path.of(uri.getPath()));
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : (tls != null ? 2376 : 2375);
    return ByteConnection.tcp(uri.getHost(), port, connectTimeout, tls);
  }

  private URI target() {
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw new BuildKitException("invalid daemon address \"" + address + "\": " + e.getReason());
    }
    String scheme = uri.getScheme();
    if ("unix".equals(scheme) && uri.getPath() != null && !uri.getPath().isEmpty()) {
      return uri;
    }
    if ("tcp".equals(scheme) && uri.getHost() != null) {
      return uri;
    }
    throw new BuildKitException("unsupported daemon address \"" + address + "\": use unix:///path or tcp://host:port");
  }

  @Override
  public String toString() {
    return (kind == Kind.DOCKER ? "Docker Engine at " : "buildkitd at ") + address;
  }
}
