package io.jbake.build;

import io.jbake.bake.Bake;
import io.jbake.bake.RemoteDefinition;
import io.jbake.bake.RemoteUrls;
import io.jbake.bake.model.CallFunction;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.bake.model.Target;
import io.jbake.buildkit.BuildFailedException;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildProvenance;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.LinkedResult;
import io.jbake.buildkit.SharedLocalDirs;
import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.progress.TerminalDevice;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.go.GoLib;
import io.jbake.graph.BuildGraph;
import io.jbake.graph.Execution;
import io.jbake.graph.GraphEvent;
import io.jbake.graph.GraphException;
import io.jbake.graph.NodeContext;
import io.jbake.graph.NodeOutcome;
import io.jbake.graph.Scheduler;
import io.jbake.pool.BuilderPool;
import io.jbake.pool.NodeAffinity;
import io.jbake.pool.Placement;
import io.jbake.publish.AtomicPublish;
import io.jbake.publish.RegistryClient;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds a bake's targets on one BuildKit daemon, as {@code docker buildx bake} does: every target is one
 * build with its own session (so only its own secrets and SSH agents; a directory several targets read is
 * served by one more session, shared, so it is transferred once), independent targets build at once, and
 * a target linked by {@code target:} contexts is built through the frontend gateway so its dependents read
 * its result directly: it is solved once however many use it, and its session stays open until they are
 * done. Unlike buildx, a dependent does not wait for that result to start: its session opens at once and
 * its solve goes out as soon as the result is published. All builds report to one progress display.
 *
 * <p>Given several nodes ({@link BuilderPool}), each target takes a node as it starts ({@link Placement}: a
 * linked chain on one, since a dependent reads its base's result at that daemon) and holds one of its slots
 * until its export starts; a node that goes down mid-bake fails its running targets, naming it, and takes no more.
 * With a registry for the pool ({@link #poolRegistry}), each target is placed on its own instead: a base is built in
 * full and pushed there ({@link PoolRegistry}), and its dependents, on any node, start once it has and pull it.
 *
 * <p>{@link #cancel()} (Ctrl-C) cancels every running build at the daemon; the first failure cancels the
 * others, and targets that already finished keep their outputs.
 */
public final class BakeBuild implements AutoCloseable {
    /** buildx's words when the docker driver is asked for several platforms at once. */
    private static final String MULTI_PLATFORM_UNSUPPORTED = """
      Multi-platform build is not supported for the docker driver.
      Switch to a different driver, or turn on the containerd image store, and try again.
      Learn more at https://docs.docker.com/go/build-multi-platform/""";
    /**
     * buildx names a linked target's frontend input {@code <node index>-<target>}; jbake builds a linked chain on
     * one node, so the index is always its first.
     */
    private static final String INPUT_KEY_PREFIX = "0-";

    /** The first node's client: the one a remote definition is fetched on. */
    private final BuildKitClient client;

    private final BuilderPool pool;
    /** Per node of {@link #pool}, the requests for its daemon (Docker Engine's differ). */
    private final List<TargetRequests> requests;

    private final ProgressDisplay display;
    /** The command's environment and directory, for a remote definition's fetch. */
    private final Map<String, String> env;

    private final Path workDir;
    private final int parallelism;
    private final boolean failFast;
    private final BuildProvenance.Mode metadataProvenance;
    /** {@code BUILDX_METADATA_WARNINGS}: whether the metadata file lists the build's warnings. */
    private final boolean metadataWarnings;

    private final AuthService.Shared registryCredentials;
    /** {@code --atomic}: the tags held back until every target has succeeded; null without it. */
    private AtomicPublish atomic;

    private final AtomicReference<Execution<Target, TargetResult>> execution = new AtomicReference<>();
    private volatile boolean cancelled;
    /** {@code --retries}: how many times a target is built again after a transient failure ({@link Retries}). */
    private int retries;
    /**
     * {@code --pool-registry}: the repository a pool's linked targets cross nodes through; null without it (a
     * linked chain then builds on one node).
     */
    private PoolRegistry poolRegistry;
    /** Each node's live client: a node whose daemon restarted is connected again ({@link Retries}). */
    private final NodeConnections connections = new NodeConnections(BuildKitClient::connect);

    /**
     * In a pool with {@code --pool-registry}, how linked targets cross nodes in this run: the registry and the bake's
     * id, which makes the tags of this run's bases.
     */
    private record CrossNodes(PoolRegistry registry, String bakeId) {}

    /** What a target's node carries: first the frontend result its dependents link, then its build result. */
    record TargetResult(LinkedResult linked, BuildResult build) {}

    /** The {@code --metadata-file} key that names, in a pool, the node that built the target. */
    public static final String NODE_METADATA_KEY = "jbake.build.node";

    /**
     * Connects to the daemon of the buildx builder {@code builder}, or with an empty name to the one the
     * environment names ({@code BUILDX_BUILDER}, {@code BUILDKIT_HOST}, buildx's current builder,
     * {@code DOCKER_HOST}, the docker context: {@link Endpoint#fromEnvironment(String, Map, Path)}), and opens
     * the progress display. A comma list of builders (or one builder of several nodes) is a pool: every node
     * ({@link Endpoint#poolFromEnvironment}), connected at once ({@link BuilderPool#connect}).
     *
     * @param workDir what relative paths in the targets are relative to
     * @param env the environment, for the daemon's address, secrets given by variable and the SSH agent
     * @param stdout where an output with {@code dest=-} writes
     * @param progress where the progress display writes ({@code --progress} mode {@code progressMode})
     * @param terminal the terminal {@code progress} writes to, if it is one ({@code auto} mode then draws the live
     *     view)
     * @param parallelism the most targets building at once, or {@link Scheduler#UNBOUNDED}
     * @param failFast whether the first failure cancels the other targets ({@code --jobs} fail-fast), or only the
     *     targets that link the failed one fail (defer-error)
     * @param nodeJobs {@code --node-jobs}: the most targets one node builds at once, or 0 for its default
     *     ({@link BuilderPool#connect})
     * @throws IllegalArgumentException for an unknown progress mode
     * @throws io.jbake.buildkit.transport.BuildKitException when the daemon cannot be reached
     */
    public static BakeBuild connect(
            String builder,
            Path workDir,
            Map<String, String> env,
            OutputStream stdout,
            PrintStream progress,
            String progressMode,
            Optional<TerminalDevice> terminal,
            int parallelism,
            boolean failFast,
            int nodeJobs) {
        Path home = home(env);
        Map<String, String> configEnv = withConfigDirs(env, workDir);
        // the Docker CLI configuration is read once per bake, for every target's session and every push
        AuthService.Shared registryCredentials = new AuthService.Shared(configEnv, home, workDir);
        List<Endpoint> endpoints = Endpoint.poolFromEnvironment(builder, configEnv, home).stream()
                .map(endpoint -> endpoint.withRegistryAuth(registryCredentials::engineAuthHeader))
                .toList();
        // a pool is no one buildx builder: its steps name their nodes instead
        String label = endpoints.size() > 1 ? "" : endpoints.get(0).builderLabel();
        ProgressDisplay display = ProgressDisplay.create(progressMode, progress, terminal, env, label);
        try {
            BuilderPool pool = BuilderPool.connect(
                    endpoints,
                    nodeJobs,
                    endpoint -> BuildKitClient.connect(endpoint, dirs -> new FileSyncService(dirs).bindService()));
            for (BuilderPool.Unreachable node : pool.unreachable()) {
                Instant now = Instant.now();
                display.localStep(
                        "[internal] node " + node.node() + " is unreachable, its targets go to the other nodes",
                        now,
                        now,
                        List.of(new ProgressDisplay.LocalProgress(node.message(), 0, 0)));
            }
            return new BakeBuild(
                    pool,
                    display,
                    workDir,
                    env,
                    stdout,
                    parallelism,
                    failFast,
                    BuildProvenance.Mode.parse(env.get("BUILDX_METADATA_PROVENANCE")),
                    GoLib.parseBool(env.getOrDefault("BUILDX_METADATA_WARNINGS", ""))
                            .orElse(false),
                    registryCredentials);
        } catch (RuntimeException e) {
            display.close();
            throw e;
        }
    }

    private BakeBuild(
            BuilderPool pool,
            ProgressDisplay display,
            Path workDir,
            Map<String, String> env,
            OutputStream stdout,
            int parallelism,
            boolean failFast,
            BuildProvenance.Mode metadataProvenance,
            boolean metadataWarnings,
            AuthService.Shared registryCredentials) {
        this.pool = pool;
        this.client = pool.node(0).client();
        this.metadataProvenance = metadataProvenance;
        this.metadataWarnings = metadataWarnings;
        this.display = display;
        this.env = env;
        this.workDir = workDir;
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.registryCredentials = registryCredentials;
        this.requests = pool.nodes().stream()
                .map(node -> new TargetRequests(
                        env::get,
                        node.client().endpoint().kind() == Endpoint.Kind.DOCKER,
                        node.client()::buildsMultiPlatform,
                        stdout,
                        registryCredentials))
                .toList();
    }

    /**
     * {@code --atomic}: the runs that follow push each image by digest only, and write the tags once every target
     * has succeeded ({@link AtomicPublish}).
     */
    public void publishAtomically() {
        atomic = new AtomicPublish(new RegistryClient(registryCredentials::registryCredential));
    }

    /** The variables that name the Docker CLI's and buildx's directories, which may be relative. */
    private static final List<String> CONFIG_DIR_VARIABLES =
            List.of("DOCKER_CONFIG", "BUILDX_CONFIG", "DOCKER_CERT_PATH");
    /** The variables that name a daemon's address, whose unix socket path may be relative. */
    private static final List<String> DAEMON_ADDRESS_VARIABLES = List.of("DOCKER_HOST", "BUILDKIT_HOST");

    private static final String UNIX_SCHEME = "unix://";

    /**
     * The command's environment with the Docker CLI's and buildx's configuration directories, and a daemon's
     * unix socket, made absolute against its working directory, as its own process would find them: read by the
     * daemon's address, the builder store and registry credentials, which know no working directory.
     */
    static Map<String, String> withConfigDirs(Map<String, String> env, Path workDir) {
        Map<String, String> resolved = new HashMap<>(env);
        for (String variable : CONFIG_DIR_VARIABLES) {
            String dir = env.get(variable);
            if (dir != null && !dir.isEmpty()) {
                resolved.put(variable, workDir.resolve(dir).toString());
            }
        }
        for (String variable : DAEMON_ADDRESS_VARIABLES) {
            String address = env.getOrDefault(variable, "");
            if (address.startsWith(UNIX_SCHEME) && address.length() > UNIX_SCHEME.length()) {
                resolved.put(variable, UNIX_SCHEME + workDir.resolve(address.substring(UNIX_SCHEME.length())));
            }
        }
        return resolved;
    }

    /**
     * The user's home directory: {@code HOME}, else (unset or empty) Java's {@code user.home}, which is the
     * user's home of the password database, as Docker's {@code homedir.Get()} falls back to (the jbake server
     * serves its own user only).
     */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }

    /**
     * Checks a {@code --pool-registry} value before anything connects.
     *
     * @throws IllegalArgumentException when it is no repository (a tag, a digest or a scheme in it)
     */
    public static void checkPoolRegistry(String repository) {
        PoolRegistry.parse(repository);
    }

    /**
     * Sets {@code --pool-registry}: in a pool, a target that others link is pushed to {@code repository} as its
     * build returns and its dependents, on any node, read it from there; empty for none. On one builder it changes
     * nothing.
     */
    public void poolRegistry(String repository) {
        this.poolRegistry = repository.isEmpty() ? null : PoolRegistry.parse(repository);
    }

    /** Sets {@code --retries}: how many times a target is built again after a transient failure (0, once). */
    public void retries(int retries) {
        this.retries = retries;
    }

    /**
     * Builds every target of {@code graph} and waits for the end.
     *
     * @param forMetadataFile whether the results go into {@code --metadata-file}: each build then also fetches
     *     its provenance ({@code BUILDX_METADATA_PROVENANCE}), as buildx does
     * @param events receives the scheduler's events (target started, finished)
     * @throws GraphException when a target's local context directory does not exist, or a target has several
     *     platforms and the daemon cannot build them at once (nothing is built)
     */
    public Report run(BuildGraph<Target> graph, boolean forMetadataFile, Consumer<GraphEvent> events) {
        return run(graph, forMetadataFile, false, events);
    }

    /**
     * As {@link #run(BuildGraph, boolean, Consumer)}; with {@code deferOutput} ({@code --jobs defer-output}),
     * no target exports before every target has its result built: a target that fails before then fails the
     * others without their outputs. The caller has checked that no target links another and that every target
     * can run at once.
     */
    public Report run(
            BuildGraph<Target> graph, boolean forMetadataFile, boolean deferOutput, Consumer<GraphEvent> events) {
        ExportBarrier barrier = deferOutput ? new ExportBarrier(graph.size()) : null;
        boolean prefixed = graph.size() > 1;
        // All requests first, so that a directory several targets read is served once, by a shared session;
        // an option BuildKit cannot take fails its target when that target starts.
        BuildProvenance.Mode provenance = forMetadataFile ? metadataProvenance : BuildProvenance.Mode.DISABLED;
        // in a pool, a target goes back to the node that built it last while that node has a free slot
        NodeAffinity affinity = new NodeAffinity(NodeAffinity.file(env, home(env)), workDir);
        // with a registry for the pool, each target is placed on its own: its bases reach it through the registry
        // (not for --call, which exports nothing for a dependent to pull)
        boolean calls = graph.topologicalOrder().stream()
                .anyMatch(name -> CallFunction.parse(graph.node(name).call()) != null);
        CrossNodes crossing = pool.isPool() && poolRegistry != null && !calls
                ? new CrossNodes(poolRegistry, PoolRegistry.newBakeId())
                : null;
        Placement placement = pool.placement(
                placementItems(graph, crossing == null), pool.isPool() ? affinity.lastNodes() : Map.of());
        // Each node's requests for every target, since a target takes its node as it starts
        List<Map<String, BuildRequest.Builder>> requests = new ArrayList<>();
        List<Map<String, RuntimeException>> invalid = new ArrayList<>();
        for (int node = 0; node < pool.nodes().size(); node++) {
            requests.add(new LinkedHashMap<>());
            invalid.add(new HashMap<>());
        }
        for (String name : graph.topologicalOrder()) {
            Target target = graph.node(name);
            // buildx prepares every target's inputs before any build starts: these fail the whole bake
            this.requests.get(0).checkContext(target);
            this.requests.get(0).checkPolicy(target);
            List<String> platforms = target.platforms();
            if (platforms != null
                    && platforms.size() > 1
                    && pool.nodes().stream().noneMatch(n -> n.client().buildsMultiPlatform())) {
                throw new GraphException(MULTI_PLATFORM_UNSUPPORTED);
            }
            for (int node = 0; node < pool.nodes().size(); node++) {
                try {
                    // a base of the pool's registry pushes there too: that export first, so its own keep their keys
                    List<BuildRequest.Export> leading =
                            crossing != null && !graph.dependents(name).isEmpty()
                                    ? List.of(poolExport(crossing, name))
                                    : List.of();
                    BuildRequest.Builder request =
                            this.requests.get(node).of(target, leading).metadataProvenance(provenance);
                    if (barrier != null) {
                        request.exportBarrier(Retries.once(barrier::arrive));
                    }
                    requests.get(node).put(name, request);
                } catch (RuntimeException e) {
                    invalid.get(node).put(name, e);
                }
                if (atomic != null && requests.get(node).containsKey(name)) {
                    holdBackTags(
                            name,
                            requests.get(node).get(name),
                            pool.node(node).client(),
                            crossing != null && !graph.dependents(name).isEmpty() ? 1 : 0);
                }
            }
        }
        Map<String, CompletableFuture<Void>> running = new HashMap<>();
        graph.topologicalOrder().forEach(name -> running.put(name, new CompletableFuture<>()));
        RunRecorder recorder = recorder(graph);
        Retries retrying = new Retries(retries, display, connections);
        try (SharedDirsPerNode shared = shareLocalDirs(requests)) {
            // Every build starts at once: a target linking others opens its session while they build and sends
            // its solve the moment their results are published.
            recorder.begin();
            Execution<Target, TargetResult> run = new Scheduler(parallelism, failFast)
                    .startingEarly()
                    .start(
                            graph,
                            ctx -> {
                                recorder.target(ctx.name()).stepStarted();
                                try {
                                    return CompletableFuture.completedFuture(build(
                                            graph,
                                            ctx,
                                            requests,
                                            invalid,
                                            placement,
                                            running,
                                            prefixed,
                                            recorder.target(ctx.name()),
                                            retrying,
                                            crossing));
                                } catch (RuntimeException e) {
                                    if (barrier != null) {
                                        barrier.fail(ctx.name());
                                    }
                                    throw e;
                                } finally {
                                    recorder.target(ctx.name()).ended();
                                    running.get(ctx.name()).complete(null);
                                }
                            },
                            events);
            execution.set(run);
            if (cancelled) {
                run.cancel();
            }
            List<NodeOutcome<TargetResult>> outcomes = run.completion().join();
            if (barrier != null) {
                barrier.fail(null); // a target cancelled before its barrier leaves none waiting
            }
            Optional<String> warnings = metadataWarnings ? display.warningsJson() : Optional.empty();
            Map<String, String> nodes = new HashMap<>();
            if (pool.isPool()) {
                placement
                        .placed()
                        .forEach((name, node) ->
                                nodes.put(name, pool.node(node).spec().name()));
                Map<String, String> built = new HashMap<>();
                outcomes.stream()
                        .filter(NodeOutcome::succeeded)
                        .forEach(outcome -> built.put(outcome.node(), nodes.get(outcome.node())));
                affinity.remember(built);
            }
            if (run.firstFailure().isPresent() && !cancelled && outcomes.size() > 1) {
                Instant now = Instant.now();
                display.localStep(TARGET_RESULTS_STEP, now, now, List.of(), targetResults(outcomes));
            }
            // a Ctrl-C during --atomic's tag phase does not stop it (a few requests): the tags written are reported
            boolean cancelledBuilds = cancelled;
            Optional<AtomicPublish.Outcome> published = Optional.empty();
            Map<String, String> imageNames = new HashMap<>();
            if (atomic != null && !cancelledBuilds) {
                published = publishTags(graph, outcomes, run.firstFailure().isEmpty());
                if (published.filter(AtomicPublish.Outcome::succeeded).isPresent()) {
                    graph.topologicalOrder()
                            .forEach(name -> atomic.imageNames(name).ifPresent(names -> imageNames.put(name, names)));
                }
            }
            BakeRun bakeRun = recorder.finish(
                    outcomes,
                    cancelledBuilds,
                    display::lastLogLines,
                    atomic != null ? Optional.of(imageNames) : Optional.empty(),
                    retrying.attempts());
            return new Report(
                    outcomes,
                    run.firstFailure(),
                    cancelledBuilds,
                    warnings,
                    nodes,
                    published,
                    imageNames,
                    bakeRun,
                    retrying.attempts());
        }
    }

    /**
     * The recorder of {@code graph}'s run: each target's links, and its node ({@code <builder>/<node>}): on one
     * builder its one node, in a pool the node it takes as it starts ({@link RunRecorder.Target#placedOn}).
     */
    private RunRecorder recorder(BuildGraph<Target> graph) {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        Map<String, String> nodes = new HashMap<>();
        for (String name : graph.topologicalOrder()) {
            dependencies.put(name, graph.dependencies(name));
            nodes.put(name, pool.node(0).spec().name());
        }
        return new RunRecorder(dependencies, nodes, pool.isPool(), parallelism != Scheduler.UNBOUNDED);
    }

    /**
     * Makes {@code request}'s pushed image a push by digest ({@link AtomicPublish#prepare}), but for its first
     * {@code poolExports} (the pool registry's, whose tag its dependents read); refusals fail the bake.
     */
    private void holdBackTags(String name, BuildRequest.Builder request, BuildKitClient nodeClient, int poolExports) {
        AtomicPublish.Daemon daemon = nodeClient.endpoint().kind() != Endpoint.Kind.DOCKER
                ? AtomicPublish.Daemon.BUILDKIT
                : nodeClient.pushesByDigest()
                        ? AtomicPublish.Daemon.ENGINE_CONTAINERD_STORE
                        : AtomicPublish.Daemon.ENGINE_CLASSIC_STORE;
        try {
            request.rewriteExports(exports -> {
                List<BuildRequest.Export> rewritten = new ArrayList<>(exports.subList(0, poolExports));
                rewritten.addAll(atomic.prepare(name, exports.subList(poolExports, exports.size()), daemon));
                return rewritten;
            });
        } catch (AtomicPublish.RefusedException e) {
            throw new GraphException(e.getMessage());
        }
    }

    /**
     * {@code --atomic}'s tag phase, shown as its step {@value AtomicPublish#STEP}: every tag written when every
     * target succeeded, else none (empty outcome).
     */
    private Optional<AtomicPublish.Outcome> publishTags(
            BuildGraph<Target> graph, List<NodeOutcome<TargetResult>> outcomes, boolean allSucceeded) {
        Instant started = Instant.now();
        if (!allSucceeded) {
            List<String> lines = new ArrayList<>();
            lines.add("no tag written: a target did not succeed");
            atomic.withheld().forEach(tag -> lines.add("not written: " + tag));
            display.localStep(AtomicPublish.STEP, started, Instant.now(), List.of(), lines);
            return Optional.empty();
        }
        Map<String, Map<String, String>> responses = new HashMap<>();
        for (NodeOutcome<TargetResult> outcome : outcomes) {
            if (outcome.succeeded()) {
                responses.put(outcome.node(), outcome.value().build().exporterResponse());
            }
        }
        AtomicPublish.Outcome published = atomic.publish(graph.topologicalOrder(), responses);
        display.localStep(AtomicPublish.STEP, started, Instant.now(), List.of(), published.stepLines());
        return Optional.of(published);
    }

    /**
     * The targets of {@code graph} as {@link Placement} sees them, in build order: with their links when
     * {@code colocated} (a linked chain on one node), else each on its own.
     */
    private static List<Placement.Item> placementItems(BuildGraph<Target> graph, boolean colocated) {
        List<Placement.Item> items = new ArrayList<>();
        for (String name : graph.topologicalOrder()) {
            List<String> platforms = graph.node(name).platforms();
            items.add(new Placement.Item(
                    name, colocated ? graph.dependencies(name) : List.of(), platforms == null ? List.of() : platforms));
        }
        return items;
    }

    /**
     * The export that pushes a linked target to the pool's registry as its build returns: an image named
     * {@link PoolRegistry#image}, pushed, in plain HTTP to a loopback registry.
     */
    private static BuildRequest.Export poolExport(CrossNodes crossing, String target) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("name", crossing.registry().image(target, crossing.bakeId()));
        attrs.put("push", "true");
        if (crossing.registry().insecure()) {
            attrs.put("registry.insecure", "true");
        }
        return new BuildRequest.Export("image", attrs);
    }

    /** The exporter response keys an image export writes, which the pool's own export adds to a base's. */
    static final List<String> IMAGE_RESPONSE_KEYS =
            List.of("containerimage.config.digest", "containerimage.descriptor", "containerimage.digest", "image.name");

    private static final List<String> IMAGE_EXPORT_TYPES = List.of("image", "docker", "oci", "registry");

    /**
     * A base's result as its own exports ({@code own}) made it, without what the pool's export added. BuildKit
     * merges every exporter's response into one, a later exporter's keys winning; the pool's export is first, so a
     * key the target's own image export writes is its own, and what remains of the pool's are the image keys when
     * the target has no image export, and {@code image.name} when none of its image exports has a name.
     */
    static BuildResult withoutPoolExport(BuildResult result, List<BuildRequest.Export> own) {
        Map<String, String> response = new LinkedHashMap<>(result.exporterResponse());
        List<BuildRequest.Export> images = own.stream()
                .filter(export -> IMAGE_EXPORT_TYPES.contains(export.type()))
                .toList();
        if (images.isEmpty()) {
            IMAGE_RESPONSE_KEYS.forEach(response::remove);
        } else if (images.stream()
                .allMatch(export -> export.attrs().getOrDefault("name", "").isEmpty())) {
            response.remove("image.name");
        }
        return new BuildResult(result.ref(), response, result.builderNode(), result.call());
    }

    /** The shared local directories' sessions of each node, for its requests. */
    private SharedDirsPerNode shareLocalDirs(List<Map<String, BuildRequest.Builder>> requests) {
        SharedDirsPerNode shared = new SharedDirsPerNode(new ArrayList<>());
        try {
            for (int node = 0; node < pool.nodes().size(); node++) {
                shared.sessions()
                        .add(pool.node(node)
                                .client()
                                .shareLocalDirs(requests.get(node).values()));
            }
            return shared;
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    private record SharedDirsPerNode(List<SharedLocalDirs> sessions) implements AutoCloseable {
        @Override
        public void close() {
            sessions.forEach(SharedLocalDirs::close);
        }
    }

    /** The step a failed multi-target bake ends with, as buildx v0.38's. */
    static final String TARGET_RESULTS_STEP = "[internal] target results";

    /**
     * The lines of the {@value #TARGET_RESULTS_STEP} step: one per outcome that some target had, in the order
     * succeeded, failed, aborted (cancelled while building), unstarted (cancelled before, or needing a target
     * that did not succeed), each with its targets by name. buildx v0.38's own wording was not available (no
     * v0.38 binary or source here); this is jbake's.
     */
    static List<String> targetResults(List<? extends NodeOutcome<?>> outcomes) {
        Map<String, List<String>> byResult = new LinkedHashMap<>();
        for (String result : List.of("succeeded", "failed", "aborted", "unstarted")) {
            byResult.put(result, new ArrayList<>());
        }
        for (NodeOutcome<?> outcome : outcomes) {
            byResult.get(TargetStatus.of(outcome).stepWord()).add(outcome.node());
        }
        List<String> lines = new ArrayList<>();
        byResult.forEach((result, targets) -> {
            if (!targets.isEmpty()) {
                targets.sort(null);
                lines.add(result + ": " + String.join(", ", targets));
            }
        });
        return lines;
    }

    /**
     * {@code --jobs defer-output}'s barrier: opens when every target has arrived (its result built), and fails
     * for good when one target fails first, so that the others do not export.
     */
    private static final class ExportBarrier {
        private final CompletableFuture<Void> open = new CompletableFuture<>();
        private final AtomicInteger missing;

        ExportBarrier(int targets) {
            this.missing = new AtomicInteger(targets);
        }

        CompletionStage<Void> arrive() {
            if (missing.decrementAndGet() == 0) {
                open.complete(null);
            }
            return open;
        }

        /** Fails the barrier unless it opened; {@code target} names the failed target, null for none. */
        void fail(String target) {
            open.completeExceptionally(new BuildKitException(
                    target == null
                            ? "outputs not exported: the bake ended before every target was built"
                            : "outputs not exported: target " + target + " failed (--jobs defer-output)"));
        }
    }

    /**
     * Has the builder fetch the remote definition {@code url} and reads its files there ({@link
     * RemoteDefinitions}); the fetch shows as a step of this bake's display.
     *
     * @param names the {@code -f} names to read in the remote source; empty for the default names
     * @throws io.jbake.bake.model.BakeException when {@code url} is not a URL buildx fetches, or a named file is
     *     missing in it
     * @throws BuildFailedException when the builder cannot fetch it
     */
    public RemoteDefinition fetchDefinition(String url, List<String> names) {
        RemoteDefinition definition = RemoteDefinitions.fetch(client, display.forBuild(null), url, names, env, workDir);
        // every node's requests: a target of the definition may build on any of them
        RemoteUrls.host(url)
                .ifPresent(host -> requests.forEach(
                        nodeRequests -> nodeRequests.gitAuth(host, RemoteDefinitions.gitAuthSecrets(host, env))));
        if (definition.archive()) {
            requests.forEach(
                    nodeRequests -> nodeRequests.archiveSource(RemoteDefinitions.httpSource(definition.sourceUrl())));
        }
        return definition;
    }

    /** Shows the reading of the definition files as the bake's first step: {@link #showDefinitionsRead}. */
    public void definitionsRead(Bake.FilesRead read) {
        showDefinitionsRead(display, read);
    }

    /**
     * Shows the reading of the definition files as buildx shows it first in every bake, one that builds or
     * not, one that fails or not: a step {@code [internal] load local bake definitions} (with
     * {@code  from BUILDX_BAKE_FILE env} when that variable named them), a line per file read,
     * {@code reading <file> <size> / <size>} ({@code reading from stdin <size>} for stdin), and for a file
     * that could not be read {@code reading <file>} alone.
     */
    public static void showDefinitionsRead(ProgressDisplay display, Bake.FilesRead read) {
        if (!read.shown()) {
            return;
        }
        List<ProgressDisplay.LocalProgress> lines = new ArrayList<>();
        for (DefinitionFile file : read.files()) {
            long size = file.data().length;
            lines.add(
                    file.name().equals("-")
                            ? new ProgressDisplay.LocalProgress("reading from stdin", size, 0)
                            : new ProgressDisplay.LocalProgress("reading " + file.name(), size, size));
        }
        if (read.unreadable() != null) {
            lines.add(new ProgressDisplay.LocalProgress("reading " + read.unreadable(), 0, 0));
        }
        display.localStep(
                "[internal] load local bake definitions" + (read.fromEnv() ? " from BUILDX_BAKE_FILE env" : ""),
                read.started(),
                read.completed(),
                lines);
    }

    /** Cancels the bake: builds not started never start, running ones are cancelled at the daemon. */
    public void cancel() {
        cancelled = true;
        Execution<Target, TargetResult> run = execution.get();
        if (run != null) {
            run.cancel();
        }
    }

    /**
     * Builds one target.
     *
     * @param running per target, completes once its build shows progress (it runs at the daemon) or its
     *     step ended; slots go in graph order, so the targets this one links have started their steps
     */
    private TargetResult build(
            BuildGraph<Target> graph,
            NodeContext<Target, TargetResult> ctx,
            List<Map<String, BuildRequest.Builder>> requests,
            List<Map<String, RuntimeException>> invalid,
            Placement placement,
            Map<String, CompletableFuture<Void>> running,
            boolean prefixed,
            RunRecorder.Target record,
            Retries retrying,
            CrossNodes crossing) {
        String name = ctx.name();
        ctx.inputsReady().whenComplete((inputs, failure) -> record.inputsReady());
        CompletableFuture<Void> thisRunning = running.get(name);
        // BuildKitClient cancels a build when its thread is interrupted
        AtomicReference<Thread> worker = new AtomicReference<>(Thread.currentThread());
        ctx.onCancel(() -> {
            Thread thread = worker.get();
            if (thread != null) {
                thread.interrupt();
            }
        });
        AtomicBoolean holdsSlot = new AtomicBoolean();
        int index = 0;
        try {
            if (pool.limited()) {
                // A target takes a slot of a node once the targets it links have published (and given theirs
                // back), so a node's slots are never all held by targets waiting for each other; it takes the
                // node then, so that a node that finished early takes more.
                awaitInputs(ctx);
                index = acquire(placement, name);
                holdsSlot.set(true);
                record.slotAcquired();
            }
            BuilderPool.Node node = pool.node(index);
            record.placedOn(node.spec().name());
            RuntimeException invalidRequest = invalid.get(index).get(name);
            if (invalidRequest != null) {
                throw invalidRequest;
            }
            BuildRequest.Builder request = requests.get(index).get(name);
            if (crossing != null && !graph.dependencies(name).isEmpty()) {
                // its bases were pushed when their builds returned, which is when their nodes completed
                awaitInputs(ctx);
            }
            for (String dependency : graph.dependencies(name)) {
                if (crossing != null) {
                    for (String context : graph.labels(name, dependency)) {
                        request.namedContext(context, crossing.registry().context(dependency, crossing.bakeId()));
                    }
                    continue;
                }
                CompletionStage<LinkedResult> linked = ctx.inputsReady()
                        .thenApply(inputs -> inputs.get(dependency).linked());
                for (String context : graph.labels(name, dependency)) {
                    request.linkedContext(context, INPUT_KEY_PREFIX + dependency, linked);
                }
            }
            // in a pool, the steps name the target's node: [app@default/default 2/3] RUN ...
            String prefix = pool.isPool() ? name + "@" + node.spec().name() : prefixed ? name : null;
            ProgressListener progress =
                    record.listening(display.forBuild(prefix)).beforeEachStatus(() -> thisRunning.complete(null));
            if (pool.limited()) {
                // its steps are done: the next target's set-up overlaps the export (an image store's unpacking,
                // a push), which is the daemon's I/O rather than the work the slots share out
                progress = progress.onExportStarted(() -> releaseSlot(placement, name, holdsSlot));
            }
            try {
                // A target linking others opens its session once they run at the daemon: its set-up then overlaps
                // their frontend's work there, instead of slowing down their own set-up here.
                awaitAll(graph.dependencies(name).stream().map(running::get).toList());
                BuildResult result;
                ProgressListener listener = progress;
                AtomicBoolean published = new AtomicBoolean();
                if (crossing != null && !graph.dependents(name).isEmpty()) {
                    // a base of the pool's registry: built in full and pushed before its dependents start
                    List<BuildRequest.Export> exports = request.exports();
                    result = withoutPoolExport(
                            retrying.build(
                                    name,
                                    node,
                                    request,
                                    published::get,
                                    (client, built) -> client.build(built, listener)),
                            exports.subList(1, exports.size()));
                } else if (graph.dependents(name).isEmpty()) {
                    result = retrying.build(
                            name, node, request, published::get, (client, built) -> client.build(built, listener));
                } else {
                    Function<LinkedResult, CompletionStage<Void>> whileLinked = linked -> {
                        record.published();
                        published.set(true);
                        ctx.publish(new TargetResult(linked, null));
                        releaseSlot(placement, name, holdsSlot);
                        return ctx.dependentsFinished();
                    };
                    result = retrying.build(
                            name,
                            node,
                            request,
                            published::get,
                            (client, built) -> client.build(built, listener, whileLinked));
                }
                return new TargetResult(null, result);
            } catch (BuildKitException e) {
                throw nodeFailure(e, ctx, placement, index).orElse(e);
            }
        } finally {
            releaseSlot(placement, name, holdsSlot);
            worker.set(null);
        }
    }

    /**
     * When a target of a pool failed because its node went down (it failed otherwise than at the daemon's word,
     * and the daemon no longer answers), marks the node down ({@link Placement#nodeDown}: the targets waiting
     * for a node go to the others) and gives the target's failure naming the node.
     */
    private Optional<BuildKitException> nodeFailure(
            BuildKitException failure, NodeContext<Target, TargetResult> ctx, Placement placement, int index) {
        if (!pool.isPool() || failure instanceof BuildFailedException || cancelled || ctx.isCancelled()) {
            return Optional.empty();
        }
        BuilderPool.Node node = pool.node(index);
        if (!placement.isDown(index) && BuilderPool.answers(node)) {
            return Optional.empty();
        }
        placement.nodeDown(index, failure.getMessage());
        return Optional.of(
                new BuildKitException("node " + node.spec().name() + " failed: " + failure.getMessage(), failure));
    }

    private static int acquire(Placement placement, String target) {
        try {
            return placement.acquire(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        }
    }

    private static void releaseSlot(Placement placement, String target, AtomicBoolean holdsSlot) {
        if (holdsSlot.compareAndSet(true, false)) {
            placement.release(target);
        }
    }

    /** Waits until the targets {@code ctx}'s links have published; their failure skips this target anyway. */
    private static void awaitInputs(NodeContext<Target, TargetResult> ctx) {
        try {
            ctx.inputsReady().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        } catch (ExecutionException e) {
            throw new BuildKitException(
                    "a linked target did not build: " + e.getCause().getMessage(), e);
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
    }

    /**
     * Ends the progress display (which then summarises failed steps, as buildx does before its error) and
     * disconnects. Call before printing the {@link Report#errorReport()}.
     */
    @Override
    public void close() {
        try {
            display.close();
        } finally {
            connections.close();
            pool.close();
        }
    }

    /** How a bake ended. */
    public static final class Report {
        private final List<NodeOutcome<TargetResult>> outcomes;
        private final Optional<NodeOutcome<TargetResult>> failure;
        private final boolean cancelled;
        private final Optional<String> metadataWarnings;
        /** In a pool, each target's node ({@code <builder>/<node>}); empty on one builder. */
        private final Map<String, String> nodes;
        /** {@code --atomic}'s tag phase, when it ran. */
        private final Optional<AtomicPublish.Outcome> published;
        /** {@code --atomic}: each target's {@code image.name} once its tags are written. */
        private final Map<String, String> imageNames;

        private final BakeRun run;
        /** Per target that built, its attempts ({@code --retries}). */
        private final Map<String, Retries.Attempts> attempts;

        Report(
                List<NodeOutcome<TargetResult>> outcomes,
                Optional<NodeOutcome<TargetResult>> failure,
                boolean cancelled,
                Optional<String> metadataWarnings,
                Map<String, String> nodes,
                Optional<AtomicPublish.Outcome> published,
                Map<String, String> imageNames,
                BakeRun run,
                Map<String, Retries.Attempts> attempts) {
            this.outcomes = outcomes;
            this.failure = failure;
            this.cancelled = cancelled;
            this.metadataWarnings = metadataWarnings;
            this.nodes = Map.copyOf(nodes);
            this.published = published;
            this.imageNames = Map.copyOf(imageNames);
            this.run = run;
            this.attempts = Map.copyOf(attempts);
        }

        /** Each target as it ran, for {@code --results}, {@code --report} and the summary table. */
        public BakeRun run() {
            return run;
        }

        /**
         * Per target whose build started, how many attempts it took (1 unless {@code --retries} built it again)
         * and the reason of each retry; a target that never started a build (skipped, cancelled before) has none.
         */
        public Map<String, Retries.Attempts> attempts() {
            return attempts;
        }

        /** Whether the bake was cancelled from outside ({@link #cancel()}), not by a failure. */
        public boolean cancelled() {
            return cancelled;
        }

        public boolean succeeded() {
            return !cancelled
                    && failure.isEmpty()
                    && published.map(AtomicPublish.Outcome::succeeded).orElse(true);
        }

        /**
         * What buildx prints about the failure that stopped the bake: the Dockerfile lines at fault (when the
         * daemon gave them) and {@code ERROR: target <name>: <message>}; empty when nothing failed. As in
         * buildx, the target is named only when the bake builds more than one (linked targets count).
         */
        public String errorReport() {
            if (failure.isEmpty()) {
                return published.map(AtomicPublish.Outcome::errorReport).orElse("");
            }
            NodeOutcome<TargetResult> failed = failure.get();
            Throwable error = failed.error();
            String snippet = error instanceof BuildFailedException b ? b.sourceSnippet() : "";
            String target = outcomes.size() > 1 ? "target " + failed.node() + ": " : "";
            return snippet + "ERROR: " + target + error.getMessage() + "\n";
        }

        /**
         * The {@code --metadata-file} entries, by target name: each finished build's exporter response and
         * build ref, as {@link BuildResult#metadata()} gives them, and in a pool {@value #NODE_METADATA_KEY},
         * the node that built it ({@code <builder>/<node>}).
         */
        public Map<String, Map<String, String>> metadata() {
            Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
            for (NodeOutcome<TargetResult> outcome : outcomes) {
                if (outcome.succeeded()) {
                    Map<String, String> entry = outcome.value().build().metadata();
                    String node = nodes.get(outcome.node());
                    if (node != null) {
                        entry = new LinkedHashMap<>(entry);
                        entry.put(NODE_METADATA_KEY, node);
                    }
                    String names = imageNames.get(outcome.node());
                    if (names != null) { // --atomic: the names as the tags, now written
                        entry = new LinkedHashMap<>(entry);
                        entry.put(AtomicPublish.NAME_KEY, names);
                    }
                    metadata.put(outcome.node(), entry);
                }
            }
            return metadata;
        }

        /** In a pool, the node ({@code <builder>/<node>}) each target was placed on; empty on one builder. */
        public Map<String, String> nodes() {
            return nodes;
        }

        /**
         * The build's warnings for {@code --metadata-file}'s {@code buildx.build.warnings}, as JSON
         * ({@link ProgressDisplay#warningsJson()}): empty when there were none or {@code BUILDX_METADATA_WARNINGS}
         * is not true (Go's {@code ParseBool}: {@code 1}, {@code true}, ...).
         */
        public Optional<String> metadataWarnings() {
            return metadataWarnings;
        }

        /** Every target's outcome, in build order. */
        public List<NodeOutcome<TargetResult>> outcomes() {
            return outcomes;
        }
    }
}
