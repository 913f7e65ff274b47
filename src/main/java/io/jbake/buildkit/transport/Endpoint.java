package io.jbake.buildkit.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a BuildKit daemon is and how to reach it: Docker Engine's embedded BuildKit (reached through
 * the engine API's {@code POST /grpc} and {@code POST /session} upgrades) or a standalone buildkitd
 * (plain gRPC), possibly one inside a container of an engine ({@link #inContainer}). Addresses are {@code
 * unix:///path} or {@code tcp://host:port}. An endpoint also carries the buildx builder and node it stands
 * for ({@link #builderNode}, {@link #builderLabel}) and the registry credentials {@link #pushImage} sends.
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

    /** Where {@link #pushImage} gets the {@code X-Registry-Auth} header for an image reference. */
    public interface RegistryAuth {
        /** @throws IOException when the credentials cannot be had (a failing credential helper) */
        String header(String reference) throws IOException;
    }

    /** No credentials: the auth config {@code {}}, what the Docker CLI sends for a registry it has none for. */
    public static final RegistryAuth ANONYMOUS =
            reference -> Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));

    private final Kind kind;
    private final String address;
    private final TlsOptions tls;
    private final Duration connectTimeout;
    /** buildx's driver name, or empty for a daemon that is no buildx builder ({@code BUILDKIT_HOST}). */
    private final String driver;

    private final String builder;
    private final String node;
    /** For a buildkitd inside a container: the container; {@link #address} is then its engine's. */
    private final String container;

    private final RegistryAuth registryAuth;

    private Endpoint(
            Kind kind,
            String address,
            TlsOptions tls,
            Duration connectTimeout,
            String driver,
            String builder,
            String node,
            String container,
            RegistryAuth registryAuth) {
        this.kind = kind;
        this.address = address;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.driver = driver;
        this.builder = builder;
        this.node = node;
        this.container = container;
        this.registryAuth = registryAuth;
        target(); // validates the address now rather than at first use
    }

    /** Docker Engine at {@code address}, e.g. {@code unix:///var/run/docker.sock}; {@code tls} may be null. */
    public static Endpoint docker(String address, TlsOptions tls) {
        return new Endpoint(
                Kind.DOCKER, address, tls, DEFAULT_CONNECT_TIMEOUT, "docker", "default", "default", null, ANONYMOUS);
    }

    /** A standalone buildkitd at {@code address} ({@code BUILDKIT_HOST} style); {@code tls} may be null. */
    public static Endpoint buildkit(String address, TlsOptions tls) {
        return new Endpoint(
                Kind.BUILDKIT, address, tls, DEFAULT_CONNECT_TIMEOUT, "", "remote", "remote0", null, ANONYMOUS);
    }

    /**
     * The buildkitd running in {@code container} on the Docker Engine {@code engine}, reached as buildx's
     * docker-container driver reaches it: each connection is a {@code buildctl dial-stdio} process started
     * with the engine's exec API, its stdin and stdout being the connection.
     */
    static Endpoint inContainer(Endpoint engine, String container) {
        if (engine.kind != Kind.DOCKER) {
            throw new IllegalArgumentException("a container runs on a Docker Engine");
        }
        return new Endpoint(
                Kind.BUILDKIT,
                engine.address,
                engine.tls,
                engine.connectTimeout,
                "docker-container",
                engine.builder,
                engine.node,
                container,
                engine.registryAuth);
    }

    /**
     * The daemon the environment names, as {@link #fromEnvironment(String, Map, Path)} with no builder named
     * by the command line.
     */
    public static Endpoint fromEnvironment(Map<String, String> env, Path home) {
        return fromEnvironment("", env, home);
    }

    /**
     * The daemon to build on: the buildx builder {@code builder} (from {@code --builder}; empty for none),
     * else the one {@code BUILDX_BUILDER} names, else a standalone buildkitd at {@code BUILDKIT_HOST} (jbake's
     * own shortcut, unknown to buildx), else the builder buildx would use: the one {@code docker buildx use}
     * chose for the current Docker endpoint, else the current Docker context's engine ({@code DOCKER_HOST}
     * with {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}, {@code DOCKER_CONTEXT}, {@code config.json}'s
     * {@code currentContext}, the default socket). See {@link BuilderStore} for the store and its drivers. It
     * pushes anonymously until given the command's credentials ({@link #withRegistryAuth}), which only the
     * command can read: credential helpers run in its directory.
     *
     * @param env the environment ({@code System.getenv()})
     * @param home the user's home directory, where {@code .docker} lives unless {@code DOCKER_CONFIG} says otherwise
     * @throws io.jbake.buildkit.transport.BuildKitException for an unknown builder or one jbake cannot reach
     */
    public static Endpoint fromEnvironment(String builder, Map<String, String> env, Path home) {
        String name = builder.isEmpty() ? env.getOrDefault("BUILDX_BUILDER", "") : builder;
        Endpoint endpoint;
        String buildkitHost = env.getOrDefault("BUILDKIT_HOST", "");
        if (name.isEmpty() && !buildkitHost.isEmpty()) {
            endpoint = buildkit(buildkitHost, null);
        } else {
            endpoint = BuilderStore.resolve(name, env, home);
        }
        return endpoint;
    }

    /**
     * The daemons of a builder pool: {@code builders} (from {@code --builder}, repeated or a comma list; empty
     * for none), else {@code BUILDX_BUILDER}'s comma list, each item a buildx builder (every one of its nodes)
     * or a Docker context (any context, the current one or not, once there are several items); with no item,
     * the daemon {@link #fromEnvironment(String, Map, Path)} finds, or every
     * node of the builder buildx would use. A node given twice is one node.
     *
     * @throws io.jbake.buildkit.transport.BuildKitException for an unknown builder or one jbake cannot reach
     */
    public static List<Endpoint> poolFromEnvironment(String builders, Map<String, String> env, Path home) {
        String given = builders.isEmpty() ? env.getOrDefault("BUILDX_BUILDER", "") : builders;
        List<String> names = new ArrayList<>();
        for (String item : given.split(",")) {
            if (!item.strip().isEmpty()) {
                names.add(item.strip());
            }
        }
        if (names.isEmpty() && !env.getOrDefault("BUILDKIT_HOST", "").isEmpty()) {
            return List.of(fromEnvironment("", env, home));
        }
        if (names.isEmpty()) {
            names.add("");
        }
        Map<String, Endpoint> nodes = new LinkedHashMap<>();
        for (String name : names) {
            for (Endpoint node : BuilderStore.resolveNodes(name, env, home, names.size() > 1)) {
                nodes.putIfAbsent(node.builderNode() + " " + node, node);
            }
        }
        return List.copyOf(nodes.values());
    }

    /**
     * The CPUs the daemon's machine has, as Docker Engine's {@code GET /info} reports them ({@code NCPU}); empty
     * for a buildkitd, which does not say, or when the engine does not answer.
     */
    public OptionalInt cpuCount() {
        if (kind != Kind.DOCKER || container != null) {
            return OptionalInt.empty();
        }
        try (ByteConnection connection = dialAddress()) {
            ByteConnection.Answer answer = connection.exchange("GET", "/info", Map.of());
            if (answer.status() != 200) {
                return OptionalInt.empty();
            }
            JsonElement info = JsonParser.parseString(answer.body());
            JsonElement cpus = info.isJsonObject() ? info.getAsJsonObject().get("NCPU") : null;
            return cpus != null && cpus.isJsonPrimitive() && cpus.getAsInt() > 0
                    ? OptionalInt.of(cpus.getAsInt())
                    : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The same daemon with another bound on connecting (tcp connect, TLS handshake, first answer). */
    public Endpoint withConnectTimeout(Duration timeout) {
        return new Endpoint(
                kind, address, tls, Objects.requireNonNull(timeout), driver, builder, node, container, registryAuth);
    }

    /** The same daemon, pushing images with the credentials {@code auth} gives. */
    public Endpoint withRegistryAuth(RegistryAuth auth) {
        return new Endpoint(
                kind, address, tls, connectTimeout, driver, builder, node, container, Objects.requireNonNull(auth));
    }

    /** The same daemon as node {@code node} of the buildx builder {@code builder} with the driver {@code driver}. */
    Endpoint named(String driver, String builder, String node) {
        return new Endpoint(kind, address, tls, connectTimeout, driver, builder, node, container, registryAuth);
    }

    /**
     * {@code <builder>/<node>}, as buildx names the node in {@code buildx.build.ref}: {@code default/default}
     * for the engine of DOCKER_HOST, the context's name twice for a context's engine, {@code remote/remote0}
     * for {@code BUILDKIT_HOST}.
     */
    public String builderNode() {
        return builder + "/" + node;
    }

    /**
     * How buildx's progress display names the builder: {@code <driver>:<builder>}, e.g. {@code docker:default},
     * {@code remote:r1}; empty for a daemon that is no buildx builder ({@code BUILDKIT_HOST}).
     */
    public String builderLabel() {
        return driver.isEmpty() ? "" : driver + ":" + builder;
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
     * connection upgraded by {@code POST /grpc}. For a daemon {@link #direct()} gRPC opens its connections
     * itself, with {@link #socketAddress()} and {@link #handshake()}.
     */
    ByteConnection dialControl() throws IOException {
        ByteConnection raw = dialRaw();
        if (kind == Kind.BUILDKIT) {
            return raw;
        }
        return upgradeOrClose(raw, "/grpc", Map.of());
    }

    /**
     * Whether gRPC connects to the daemon's socket itself (Docker Engine: a unix socket or tcp, TLS, the {@code
     * /grpc} upgrade), rather than through {@link #dialControl()}'s connections and the in-process relay.
     *
     * <p>buildkitd (unix, tcp, or in a container) goes through the relay: with gRPC on the socket itself, one
     * run in three of StandaloneTransportTest hung in a build whose session is tunnelled through
     * Control.Session (the solve waited, all sides idle), which the relay never did in the same runs.
     */
    boolean direct() {
        return container == null && kind == Kind.DOCKER;
    }

    /**
     * The socket a {@link #direct()} daemon listens on: a unix socket's path, or tcp's host (resolved now) and
     * port.
     *
     * @throws UnknownHostException when the host has no address
     */
    SocketAddress socketAddress() throws UnknownHostException {
        URI uri = target();
        if (uri.getScheme().equals("unix")) {
            return UnixDomainSocketAddress.of(uri.getPath());
        }
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port(uri));
        if (address.isUnresolved()) {
            throw new UnknownHostException(uri.getHost());
        }
        return address;
    }

    /**
     * How each gRPC connection to a {@link #direct()} daemon (Docker Engine) starts: TLS on tcp when the endpoint
     * has it, then the {@code POST /grpc} upgrade, all within the connect timeout.
     *
     * @throws IOException when the TLS files cannot be loaded
     */
    DaemonHandshake handshake() throws IOException {
        URI uri = target();
        boolean tcpTls = tls != null && uri.getScheme().equals("tcp");
        return new DaemonHandshake(
                tcpTls ? tls.engines(uri.getHost(), port(uri)) : null, "/grpc", Map.of(), connectTimeout);
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

    /** A unix socket Docker Engine has upgraded, and the bytes of the new protocol read with the 101 answer. */
    record UpgradedSocket(SocketChannel socket, byte[] overRead) {}

    /**
     * Whether {@link #dialDockerSessionSocket} can be used: Docker Engine on a unix socket. (Over tcp, sessions
     * go through {@link #dialDockerSession}'s connections.)
     */
    boolean upgradesUnixSessions() {
        return kind == Kind.DOCKER && direct() && target().getScheme().equals("unix");
    }

    /**
     * Opens Docker's {@code POST /session} as {@link #dialDockerSession} does, on a unix socket the caller then
     * serves HTTP/2 on itself. Only when {@link #upgradesUnixSessions()}.
     */
    UpgradedSocket dialDockerSessionSocket(Map<String, List<String>> headers) throws IOException {
        if (!upgradesUnixSessions()) {
            throw new IllegalStateException("not a Docker Engine on a unix socket: " + this);
        }
        ByteConnection raw = dialAddress();
        try {
            return new UpgradedSocket(raw.unixChannel(), raw.requestUpgrade("/session", "h2c", headers, ""));
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Pushes {@code reference} (an image of the engine's store) to its registry with {@code POST
     * /images/{name}/push}, as buildx's docker driver does after a build with {@code push=true}: the Engine's
     * own image exporter only names the image, it does not push. The registry credentials come from
     * {@link #withRegistryAuth} (for {@link #fromEnvironment}: the Docker CLI configuration), else none. Docker
     * only.
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
        String auth = registryAuth.header(reference);
        ByteConnection.Answer answer;
        try (ByteConnection connection = dialRaw()) {
            answer = connection.exchange("POST", path, Map.of("X-Registry-Auth", auth));
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
        return upgradeOrClose(raw, connection -> connection.upgrade(path, headers));
    }

    private interface Upgrade {
        ByteConnection apply(ByteConnection raw) throws IOException;
    }

    private static ByteConnection upgradeOrClose(ByteConnection raw, Upgrade upgrade) throws IOException {
        try {
            return upgrade.apply(raw);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private ByteConnection dialRaw() throws IOException {
        return container == null ? dialAddress() : dialContainer();
    }

    /**
     * Starts {@code buildctl dial-stdio} in the container ({@code POST /containers/{name}/exec}, then {@code POST
     * /exec/{id}/start} upgraded to a raw stream) and returns its stdin/stdout; its stderr is dropped.
     */
    private ByteConnection dialContainer() throws IOException {
        String create = "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Cmd\":[\"buildctl\",\"dial-stdio\"]}";
        ByteConnection.Answer created;
        try (ByteConnection connection = dialAddress()) {
            created = connection.exchange("POST", "/containers/" + container + "/exec", Map.of(), create);
        }
        if (created.status() != 201) {
            throw new IOException(message(created.body()));
        }
        String id = JsonParser.parseString(created.body())
                .getAsJsonObject()
                .get("Id")
                .getAsString();
        return upgradeOrClose(
                dialAddress(),
                raw -> raw.upgrade("/exec/" + id + "/start", "tcp", Map.of(), "{\"Detach\":false,\"Tty\":false}")
                        .demultiplexed(OutputStream.nullOutputStream()));
    }

    private ByteConnection dialAddress() throws IOException {
        URI uri = target();
        if (uri.getScheme().equals("unix")) {
            return ByteConnection.unix(Path.of(uri.getPath()));
        }
        return ByteConnection.tcp(uri.getHost(), port(uri), connectTimeout, tls);
    }

    /** A tcp address's port; Docker's defaults when it has none. */
    private int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : (tls != null ? 2376 : 2375);
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
        throw new BuildKitException(
                "unsupported daemon address \"" + address + "\": use unix:///path or tcp://host:port");
    }

    @Override
    public String toString() {
        if (container != null) {
            return "buildkitd in container " + container + " of Docker Engine at " + address;
        }
        return (kind == Kind.DOCKER ? "Docker Engine at " : "buildkitd at ") + address;
    }
}
