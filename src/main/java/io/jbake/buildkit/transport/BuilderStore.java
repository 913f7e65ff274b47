package io.jbake.buildkit.transport;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * buildx's builder instances, read as buildx 0.29 stores them under {@code $BUILDX_CONFIG}, else
 * {@code <docker config dir>/buildx}: {@code instances/<name>} (JSON: {@code Name}, {@code Driver},
 * {@code Nodes[]} with {@code Name}, {@code Endpoint}, {@code DriverOpts}), {@code current} (the builder
 * {@code docker buildx use} chose, for the Docker endpoint it was chosen on, or for all with
 * {@code Global}) and {@code defaults/<hash of endpoint>} ({@code use --default}). A builder name that is
 * no instance may be a Docker context: its engine with the {@code docker} driver. Read only: jbake never
 * writes the store.
 *
 * <p>Drivers: {@code docker} (the node's endpoint is a context name or an engine address), {@code remote}
 * (a buildkitd at {@code unix://} or {@code tcp://}, TLS from the {@code cacert}, {@code cert}, {@code key},
 * {@code servername} driver options) and {@code docker-container} (the buildkitd in the container
 * {@code buildx_buildkit_<node>}, reached with {@code buildctl dial-stdio} through the engine's exec API;
 * the container must exist and run, jbake does not create it). A builder is its first node for one build
 * ({@link #resolve}), and all its nodes for a pool ({@link #resolveNodes}).
 */
final class BuilderStore {

    /** buildx's store.ValidateName; names are stored lower-cased. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9.\\-_]*");
    /** What buildx prefixes a docker-container node's name with to name its container. */
    private static final String CONTAINER_PREFIX = "buildx_buildkit_";

    private final Map<String, String> env;
    private final Path home;
    private final Path dir;

    private BuilderStore(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
        String buildxConfig = env.getOrDefault("BUILDX_CONFIG", "");
        this.dir =
                buildxConfig.isEmpty() ? DockerContexts.configDir(env, home).resolve("buildx") : Path.of(buildxConfig);
    }

    /**
     * The daemon of the builder {@code name}, or with an empty name of the builder buildx would use: the
     * store's current one for the current Docker endpoint, else the current Docker context's engine.
     *
     * @throws BuildKitException for an unknown builder ({@code no builder "x" found}, as buildx says), a
     *     Docker context other than the current one, an unsupported driver or invalid driver options
     */
    static Endpoint resolve(String name, Map<String, String> env, Path home) {
        BuilderStore store = new BuilderStore(env, home);
        return name.isEmpty() ? store.current() : store.named(name);
    }

    /**
     * Every node of the builder {@code name} (or, with an empty name, of the builder buildx would use), in the
     * store's order: a multi-node {@code remote} builder's nodes are a pool's nodes each; a Docker context is one.
     *
     * @param anyContext whether a Docker context other than the current one is taken (an item of a pool of
     *     several), rather than refused as buildx refuses it
     * @throws BuildKitException as {@link #resolve} does
     */
    static List<Endpoint> resolveNodes(String name, Map<String, String> env, Path home, boolean anyContext) {
        BuilderStore store = new BuilderStore(env, home);
        JsonObject instance = name.isEmpty() ? store.currentInstance() : store.instance(name);
        if (instance == null && anyContext && !name.isEmpty() && DockerContexts.exists(name, env, home)) {
            return List.of(DockerContexts.endpoint(name, env, home).named("docker", name, name));
        }
        if (instance == null) {
            return List.of(resolve(name, env, home));
        }
        List<Endpoint> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount(instance); i++) {
            nodes.add(store.fromInstance(instance, i));
        }
        return nodes;
    }

    private Endpoint named(String name) {
        JsonObject instance = instance(name);
        if (instance != null) {
            return fromInstance(instance, 0);
        }
        if (DockerContexts.exists(name, env, home)) {
            String current = DockerContexts.currentName(env, home);
            if (!name.equals(current)) {
                throw new BuildKitException(
                        "use `docker --context=" + name + " buildx` to switch to context \"" + name + "\"");
            }
            return DockerContexts.endpoint(name, env, home).named("docker", name, name);
        }
        throw new BuildKitException("no builder \"" + name + "\" found");
    }

    /** buildx's txn.Current and then the current context's builder. */
    private Endpoint current() {
        JsonObject instance = currentInstance();
        if (instance != null) {
            return fromInstance(instance, 0);
        }
        String context = DockerContexts.currentName(env, home);
        return DockerContexts.endpoint(context, env, home).named("docker", context, context);
    }

    /** The builder instance buildx's txn.Current finds for the current Docker endpoint, or null for none. */
    private JsonObject currentInstance() {
        String context = DockerContexts.currentName(env, home);
        // buildx keys the choice by the context name, or for "default" by the engine address
        String key = context.equals(DockerContexts.DEFAULT_CONTEXT) ? DockerContexts.defaultHost(env) : context;
        JsonObject current = DockerContexts.readJson(dir.resolve("current"), false);
        String chosen = current == null ? "" : string(current, "Name");
        JsonObject instance = null;
        if (!chosen.isEmpty() && (bool(current, "Global") || key.equals(string(current, "Key")))) {
            instance = instance(chosen);
        } else {
            Path defaults =
                    dir.resolve("defaults").resolve(DockerContexts.sha256(key).substring(0, 20));
            if (Files.isRegularFile(defaults)) {
                try {
                    instance = instance(Files.readString(defaults).strip());
                } catch (java.io.IOException e) {
                    throw new BuildKitException("cannot read " + defaults + ": " + e.getMessage());
                }
            }
        }
        return instance;
    }

    private JsonObject instance(String name) {
        return NAME.matcher(name).matches()
                ? DockerContexts.readJson(dir.resolve("instances").resolve(name.toLowerCase(Locale.ROOT)), false)
                : null;
    }

    private static JsonArray nodes(JsonObject instance) {
        JsonElement nodes = instance.get("Nodes");
        return nodes != null && nodes.isJsonArray() ? nodes.getAsJsonArray() : new JsonArray();
    }

    /** How many nodes the instance has; at least one, the first one failing {@link #fromInstance} when none. */
    private static int nodeCount(JsonObject instance) {
        return Math.max(1, nodes(instance).size());
    }

    /** The instance's node {@code index}. */
    private Endpoint fromInstance(JsonObject instance, int index) {
        String builder = string(instance, "Name");
        String driver = string(instance, "Driver");
        JsonArray list = nodes(instance);
        if (list.size() <= index || !list.get(index).isJsonObject()) {
            throw new BuildKitException("builder \"" + builder + "\" has no nodes");
        }
        JsonObject node = list.get(index).getAsJsonObject();
        String nodeName = string(node, "Name");
        String address = string(node, "Endpoint");
        JsonObject opts = DockerContexts.object(node, "DriverOpts");
        return switch (driver) {
            case "docker", "" -> engine(address).named("docker", builder, nodeName);
            case "remote" ->
                remote(builder + " (" + nodeName + ")", address, opts).named(driver, builder, nodeName);
            case "docker-container" ->
                Endpoint.inContainer(engine(address), CONTAINER_PREFIX + nodeName)
                        .named(driver, builder, nodeName);
            default ->
                throw new BuildKitException("builder \"" + builder + "\" uses the " + driver
                        + " driver, which jbake does not support (it supports docker, docker-container and remote)");
        };
    }

    /** A node's Docker endpoint: a context name, else an engine address (buildx's dockerutil.NewClientAPI). */
    private Endpoint engine(String endpoint) {
        return DockerContexts.exists(endpoint, env, home)
                ? DockerContexts.endpoint(endpoint, env, home)
                : Endpoint.docker(endpoint, null);
    }

    /**
     * The remote driver's options, checked as buildx's remote driver factory checks them; errors start as
     * buildx's: {@code failed to initialize builder <name> (<node>): }.
     */
    private static Endpoint remote(String node, String address, JsonObject opts) {
        String failed = "failed to initialize builder " + node + ": ";
        String caCert = null;
        String cert = null;
        String key = null;
        String serverName = null;
        boolean tls = false;
        if (opts != null) {
            for (Map.Entry<String, JsonElement> opt : opts.entrySet()) {
                String value = opt.getValue().isJsonPrimitive() ? opt.getValue().getAsString() : "";
                switch (opt.getKey()) {
                    case "servername" -> serverName = value;
                    case "cacert" -> caCert = absolute(failed, opt.getKey(), value);
                    case "cert" -> cert = absolute(failed, opt.getKey(), value);
                    case "key" -> key = absolute(failed, opt.getKey(), value);
                    case "default-load" -> {
                        continue; // only decides whether buildx adds a load output; jbake's bake does that itself
                    }
                    default ->
                        throw new BuildKitException(
                                failed + "invalid driver option " + opt.getKey() + " for remote driver");
                }
                tls = true;
            }
        }
        if (!tls) {
            return Endpoint.buildkit(address, null);
        }
        StringBuilder missing = new StringBuilder();
        if (caCert == null) {
            missing.append("cacert");
        }
        if (cert != null && key == null) {
            missing.append(missing.length() > 0 ? ", " : "").append("key");
        }
        if (key != null && cert == null) {
            missing.append(missing.length() > 0 ? ", " : "").append("cert");
        }
        if (missing.length() > 0) {
            throw new BuildKitException(failed + "tls enabled, but missing keys " + missing);
        }
        if (!address.startsWith("tcp://")) {
            throw new BuildKitException(failed + "jbake supports TLS only over tcp://, not " + address);
        }
        // the remote driver verifies the server against its servername, by default the endpoint's host name
        return Endpoint.buildkit(
                address,
                new TlsOptions(
                        Path.of(caCert),
                        cert == null ? null : Path.of(cert),
                        key == null ? null : Path.of(key),
                        serverName == null || serverName.isEmpty() ? null : serverName,
                        false));
    }

    private static String absolute(String failed, String option, String path) {
        if (!Path.of(path).isAbsolute()) {
            throw new BuildKitException(failed + "non-absolute path '" + path + "' provided for " + option);
        }
        return path;
    }

    private static String string(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static boolean bool(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }
}
