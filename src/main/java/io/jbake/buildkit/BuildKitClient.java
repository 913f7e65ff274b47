package io.jbake.buildkit;

import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.session.SessionTransport;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.DaemonConnection;
import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs Dockerfile builds on one BuildKit daemon, as buildx does for one build: a session serving the
 * build's files and services, {@code Control.Solve} with the {@code dockerfile.v0} frontend, and the
 * {@code Control.Status} stream fed to a progress listener. Safe to use from several threads; each
 * {@link #build} call is one build with its own session.
 *
 * <pre>{@code
 * try (BuildKitClient client = BuildKitClient.connect(Endpoint.fromEnvironment(System.getenv(), home));
 *      ProgressDisplay display = ProgressDisplay.create("plain", System.err, false)) {
 *   BuildRequest request = BuildRequest.builder()
 *       .context(Path.of("app"))
 *       .buildArg("VERSION", "1.2")
 *       .export(new BuildRequest.Export("image", Map.of("name", "app:1.2")))
 *       .build();
 *   BuildResult result = client.build(request, display.forBuild("app"));
 *   result.metadata();   // for --metadata-file
 * } catch (BuildFailedException e) {
 *   System.err.print(e.sourceSnippet());
 *   System.err.println("ERROR: " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>The client talks to the daemon through a gRPC {@link Channel}, as grpc-java's clients do: {@link
 * #connect} opens one to an endpoint, the constructor takes any (a test's, in process). The request it sends
 * is {@link SolveRequests}'s; what it does besides the solve is {@link SharedLocalDirs}', {@link
 * BuildProvenance}'s and {@link EnginePush}'s; its failures are worded by {@link DaemonErrors}.
 *
 * <p>Failures are {@link BuildKitException}s with messages for people: the daemon cannot be reached,
 * the connection was lost during the build, or (as {@link BuildFailedException}) the build itself failed.
 * Interrupting the building thread cancels the build at the daemon.
 */
public final class BuildKitClient implements AutoCloseable {

    private final Channel channel;
    private final Endpoint endpoint;
    private final SessionTransport sessions;
    private final Function<Map<String, Path>, ServerServiceDefinition> localDirsService;
    private final EnginePush enginePush;
    /** Closes what {@link #connect} opened; nothing for a client made on a channel of the caller's. */
    private final Runnable closeConnection;

    /**
     * A client of the daemon {@code channel} reaches; closing the client leaves the channel to its owner.
     *
     * @param endpoint the daemon's endpoint: whether it is Docker Engine (whose builds differ), its builder
     *     node, its name in messages, and its API for the pushes after a build
     * @param sessions how the builds' sessions reach the daemon
     * @param localDirsService makes the FileSync service that serves a build's local directories, by
     *     local name (context, dockerfile, named contexts)
     */
    public BuildKitClient(
            Channel channel,
            Endpoint endpoint,
            SessionTransport sessions,
            Function<Map<String, Path>, ServerServiceDefinition> localDirsService) {
        this(channel, endpoint, sessions, localDirsService, () -> {});
    }

    private BuildKitClient(
            Channel channel,
            Endpoint endpoint,
            SessionTransport sessions,
            Function<Map<String, Path>, ServerServiceDefinition> localDirsService,
            Runnable closeConnection) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.sessions = sessions;
        this.localDirsService = localDirsService;
        this.enginePush = new EnginePush(channel, endpoint);
        this.closeConnection = closeConnection;
    }

    /**
     * Connects to the daemon at {@code endpoint} and checks that BuildKit answers; builds serve their
     * local directories with {@link FileSyncService}.
     *
     * @throws BuildKitException when the daemon is unreachable or does not answer within the connect timeout
     */
    public static BuildKitClient connect(Endpoint endpoint) {
        return connect(endpoint, dirs -> new FileSyncService(dirs).bindService());
    }

    /**
     * Connects to the daemon at {@code endpoint} and checks that BuildKit answers ({@link
     * DaemonConnection#openAnswering}); the client owns the connection and closes it.
     *
     * @param localDirsService makes the FileSync service that serves a build's local directories, by
     *     local name (context, dockerfile, named contexts)
     * @throws BuildKitException when the daemon is unreachable or does not answer within the connect timeout
     */
    public static BuildKitClient connect(
            Endpoint endpoint, Function<Map<String, Path>, ServerServiceDefinition> localDirsService) {
        DaemonConnection daemon = DaemonConnection.openAnswering(endpoint);
        return new BuildKitClient(
                daemon.channel(), daemon.endpoint(), daemon::serveSession, localDirsService, daemon::close);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Whether the daemon builds for several platforms at once: BuildKit does; Docker Engine only with its
     * containerd image store, as buildx's docker driver finds (its {@code MultiPlatform} feature).
     */
    public boolean buildsMultiPlatform() {
        return endpoint.kind() != Endpoint.Kind.DOCKER || enginePush.exporterPushes();
    }

    /**
     * Whether the daemon's image exporter pushes by digest ({@code push-by-digest=true}): BuildKit's does, and
     * Docker Engine's with the containerd image store ({@link SolveRequests} sends such an export to its
     * {@code image} exporter); the classic image store's exporter only stores images, and the engine pushes tags.
     */
    public boolean pushesByDigest() {
        return endpoint.kind() != Endpoint.Kind.DOCKER || enginePush.exporterPushes();
    }

    /**
     * The platforms the daemon's workers build for, {@code os/arch} or {@code os/arch/variant} (e.g.
     * {@code linux/amd64}, {@code linux/arm/v7}), in the daemon's order without repeats.
     *
     * @throws BuildKitException when the daemon is lost
     */
    public List<String> workerPlatforms() {
        return enginePush.workers().stream()
                .flatMap(worker -> worker.getPlatformsList().stream())
                .map(p ->
                        p.getOS() + "/" + p.getArchitecture() + (p.getVariant().isEmpty() ? "" : "/" + p.getVariant()))
                .distinct()
                .toList();
    }

    /**
     * Serves the local directories that several of {@code requests} read (one local name, one directory)
     * from sessions of their own, as buildx does for a bake, and points those requests at them ({@link
     * BuildRequest.Builder#localDirFromSession}): such a directory is then one source for the daemon,
     * transferred once however many builds read it, instead of once per build through each build's own
     * session. A session serves a local name once, so a name shared with two directories takes two sessions.
     * Call before building the requests.
     *
     * @return the sessions; close them once the builds have ended
     * @throws BuildKitException when a session cannot be opened
     */
    public SharedLocalDirs shareLocalDirs(Collection<BuildRequest.Builder> requests) {
        return SharedLocalDirs.open(requests, sessions, localDirsService);
    }

    /**
     * Runs one build and waits for it.
     *
     * @param progress receives the build's status stream
     * @return the exporter response and the build's ref
     * @throws BuildFailedException when the build fails at the daemon
     * @throws BuildKitException when the daemon is lost, or the thread is interrupted (the build is cancelled)
     */
    public BuildResult build(BuildRequest request, ProgressListener progress) {
        return build(request, progress, null);
    }

    /**
     * Runs one build; with an {@code onResult}, through the frontend gateway, as buildx runs a bake target
     * that others link to: {@code onResult} receives the frontend's result before export (for {@link
     * BuildRequest.Builder#linkedContext}), the build exports at once, and its session (whose files the
     * linking builds may read) stays open until the stage {@code onResult} returned completes, however it
     * completes; this call returns then. A failed build closes its session at once.
     *
     * <p>A request with linked contexts opens its session at once and sends its solve when the linked
     * results are there, so the session is ready by the time they are.
     *
     * @throws BuildFailedException when the build fails at the daemon
     * @throws BuildKitException when the daemon is lost, a linked result does not come, or the thread is
     *     interrupted (the build is cancelled)
     */
    public BuildResult build(
            BuildRequest request, ProgressListener progress, Function<LinkedResult, CompletionStage<Void>> onResult) {
        String ref = Session.newId();
        Map<String, Path> dirs = new LinkedHashMap<>(request.localDirs());
        Path inlineDir = null;
        try {
            if (request.dockerfileInline() != null) {
                inlineDir = Files.createTempDirectory("jbake-dockerfile-");
                Files.writeString(inlineDir.resolve("Dockerfile"), request.dockerfileInline(), StandardCharsets.UTF_8);
                dirs.put("dockerfile", inlineDir);
            }
            List<ServerServiceDefinition> services = new ArrayList<>();
            if (!dirs.isEmpty()) {
                services.add(localDirsService.apply(dirs));
            }
            services.addAll(request.sessionServices());
            // the display hears the end of the build after the engine's push, which it shows as one more step
            ProgressListener untilPushed = progress::status;
            // a call's answer is the frontend result's metadata, which only the gateway sees
            Map<String, String> callResult = new TreeMap<>();
            Function<LinkedResult, CompletionStage<Void>> frontendStep =
                    request.call() == null ? onResult : keepingMetadata(onResult, callResult);
            if (frontendStep == null && request.exportBarrier() != null) {
                frontendStep = linked -> CompletableFuture.completedFuture(null); // the gateway waits at the barrier
            }
            try (Session session = Session.open(sessions, request.sharedKey(), services)) {
                Solved solved = solve(ref, session, awaitLinkedResults(request), untilPushed, frontendStep);
                BuildResult result = solved.result();
                if (request.call() == null && request.metadataProvenance() != BuildProvenance.Mode.DISABLED) {
                    result = BuildProvenance.addTo(result, request.metadataProvenance(), channel, progress);
                }
                enginePush.afterBuild(ref, request, progress);
                progress.finished(); // the build is over; only its session waits for the linking builds
                keepOpenUntil(solved.sessionNeeded());
                return request.call() == null ? result : result.withCallResult(callResult);
            }
        } catch (IOException e) {
            throw new BuildKitException("cannot write the inline Dockerfile: " + e.getMessage(), e);
        } finally {
            progress.finished();
            if (inlineDir != null) {
                deleteQuietly(inlineDir);
            }
        }
    }

    /**
     * A source the daemon fetches: an LLB {@code SourceOp} and the name its step shows.
     *
     * @param identifier {@code git://<host>/<path>[#<ref>[:<subdir>]]}, an {@code http(s)://} URL, ...
     * @param attrs the op's attributes (BuildKit's {@code attr.go}: {@code git.fullurl}, {@code http.filename}, ...)
     * @param name the step's name in the progress display
     */
    public record Source(String identifier, Map<String, String> attrs, String name) {}

    /** The files of a solved source, read through the gateway while its build runs. */
    public interface SourceFiles {
        /** The size of the file at {@code path}, or empty when there is none. */
        Optional<Long> size(String path);

        /** The first {@code length} bytes of the file at {@code path}, all of it when {@code length} is -1. */
        byte[] read(String path, long length);

        /**
         * The files of the archive at {@code path} (tar, or tar compressed with gzip, bzip2 or xz), unpacked by
         * the daemon onto an empty directory as Dockerfile's {@code ADD} unpacks one.
         */
        SourceFiles unpacked(String path);
    }

    /** What is done with the files of a source while they can be read. */
    @FunctionalInterface
    public interface FilesReader<T> {
        T read(SourceFiles files);
    }

    /**
     * Has the daemon fetch {@code source} in an internal build (kept out of the history) and reads its files
     * with {@code reader}, as buildx reads a remote bake definition.
     *
     * @param services the session services the fetch may need (git credentials as secrets, an SSH agent)
     * @throws BuildFailedException when the daemon cannot fetch the source
     * @throws BuildKitException when the daemon is lost
     */
    public <T> T readSource(
            Source source, List<ServerServiceDefinition> services, ProgressListener progress, FilesReader<T> reader) {
        return SourceReader.read(channel, endpoint, sessions, services, source, progress, reader);
    }

    /** {@code onResult} (or nothing, when null) after copying the result's metadata into {@code metadata}. */
    private static Function<LinkedResult, CompletionStage<Void>> keepingMetadata(
            Function<LinkedResult, CompletionStage<Void>> onResult, Map<String, String> metadata) {
        return linked -> {
            linked.proto().getMetadataMap().forEach((key, value) -> metadata.put(key, value.toStringUtf8()));
            return onResult == null ? CompletableFuture.completedFuture(null) : onResult.apply(linked);
        };
    }

    private static BuildRequest awaitLinkedResults(BuildRequest request) {
        try {
            return request.withLinkedResults();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        } catch (ExecutionException e) {
            throw new BuildKitException(
                    "a linked build gave no result: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void keepOpenUntil(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        } catch (ExecutionException e) {
            // however the linking builds ended, they no longer read this session
        }
    }

    /**
     * A build's outcome at the daemon and, for a gateway build, the stage until which the session must
     * stay open for the builds linking to it (completed for other builds).
     */
    private record Solved(BuildResult result, CompletionStage<Void> sessionNeeded) {}

    private Solved solve(
            String ref,
            Session session,
            BuildRequest request,
            ProgressListener progress,
            Function<LinkedResult, CompletionStage<Void>> onResult) {
        SolveRequest solve =
                SolveRequests.of(ref, session.id(), request, onResult != null, endpoint.kind() == Endpoint.Kind.DOCKER);
        SolveCall.Outcome<CompletionStage<Void>> done = SolveCall.run(
                channel,
                endpoint,
                solve,
                session,
                progress,
                () -> onResult == null
                        ? CompletableFuture.completedFuture(null)
                        : GatewayFrontend.run(channel, solve, request, onResult));
        return new Solved(
                new BuildResult(ref, done.response().getExporterResponseMap(), endpoint.builderNode()), done.value());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** Closes the connection {@link #connect} opened; a channel given to the constructor stays open. */
    @Override
    public void close() {
        closeConnection.run();
    }
}
