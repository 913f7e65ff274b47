package io.jbake.buildkit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.CacheOptions;
import io.jbake.buildkit.proto.CacheOptionsEntry;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.Exporter;
import io.jbake.buildkit.proto.InfoRequest;
import io.jbake.buildkit.proto.ListWorkersRequest;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.SolveResponse;
import io.jbake.buildkit.proto.StatusRequest;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.WorkerRecord;
import io.jbake.buildkit.proto.errdefs.Source;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.DaemonConnection;
import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * <p>Failures are {@link BuildKitException}s with messages for people: the daemon cannot be reached,
 * the connection was lost during the build, or (as {@link BuildFailedException}) the build itself failed.
 * Interrupting the building thread cancels the build at the daemon.
 */
public final class BuildKitClient implements AutoCloseable {

  /** How long the Status stream may keep going once Solve has returned, as BuildKit's own client allows. */
  private static final long STATUS_DRAIN_SECONDS = 5;
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(20);

  /** The worker label of a Docker Engine that builds on containerd snapshotters (its containerd image store). */
  private static final String SNAPSHOTTER_LABEL = "org.mobyproject.buildkit.worker.snapshotter";

  private final DaemonConnection daemon;
  private volatile Boolean exporterPushes;
  private final Function<Map<String, Path>, ServerServiceDefinition> localDirsService;

  private BuildKitClient(DaemonConnection daemon,
      Function<Map<String, Path>, ServerServiceDefinition> localDirsService) {
    this.daemon = daemon;
    this.localDirsService = localDirsService;
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
   * Connects to the daemon at {@code endpoint} and checks that BuildKit answers.
   *
   * @param localDirsService makes the FileSync service that serves a build's local directories, by
   *     local name (context, dockerfile, named contexts)
   * @throws BuildKitException when the daemon is unreachable or does not answer within the connect timeout
   */
  public static BuildKitClient connect(Endpoint endpoint,
      Function<Map<String, Path>, ServerServiceDefinition> localDirsService) {
    DaemonConnection daemon = DaemonConnection.open(endpoint);
    BuildKitClient client = new BuildKitClient(daemon, localDirsService);
    long deadline = System.nanoTime() + endpoint.connectTimeout().toNanos();
    while (true) {
      try {
        // waits out a connection attempt that fails transiently, but no longer than the connect timeout
        client.control().withWaitForReady()
            .withDeadlineAfter(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
            .info(InfoRequest.getDefaultInstance());
        return client;
      } catch (StatusRuntimeException e) {
        // A transport that closes under the first call (seen now and then on a busy engine) fails the
        // call even with wait-for-ready; Info is idempotent, so ask again while time is left.
        boolean retry = e.getStatus().getCode() == Status.Code.UNAVAILABLE
            && deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(200);
        if (!retry) {
          daemon.close();
          // a peer that accepts and stays silent: grpc-java's deadline message is about its call options
          String why = e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
              ? "no answer within " + endpoint.connectTimeout().toSeconds() + "s" : describe(e.getStatus());
          throw new BuildKitException(endpoint + " does not answer as BuildKit: " + why, e);
        }
        sleepBriefly();
      }
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BuildKitException("interrupted while connecting", interrupted);
    }
  }

  public Endpoint endpoint() {
    return daemon.endpoint();
  }

  /** The daemon's workers, with their platforms and labels. */
  public List<WorkerRecord> workers() {
    try {
      return control().withDeadlineAfter(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .listWorkers(ListWorkersRequest.getDefaultInstance()).getRecordList();
    } catch (StatusRuntimeException e) {
      throw lostConnection(e);
    }
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
    Map<Map.Entry<String, Path>, List<BuildRequest.Builder>> readers = new LinkedHashMap<>();
    for (BuildRequest.Builder request : requests) {
      request.localDirs().forEach((name, dir) ->
          readers.computeIfAbsent(Map.entry(name, dir), key -> new ArrayList<>()).add(request));
    }
    readers.values().removeIf(builds -> builds.size() < 2);
    List<Map<String, Path>> served = new ArrayList<>();
    for (Map.Entry<String, Path> dir : readers.keySet()) {
      served.stream().filter(dirs -> !dirs.containsKey(dir.getKey())).findFirst()
          .orElseGet(() -> {
            served.add(new LinkedHashMap<>());
            return served.get(served.size() - 1);
          })
          .put(dir.getKey(), dir.getValue());
    }
    SharedLocalDirs shared = new SharedLocalDirs();
    try {
      for (Map<String, Path> dirs : served) {
        Path first = dirs.values().iterator().next();
        String sharedKey = first.getFileName() == null ? "" : first.getFileName().toString();
        Session session = Session.open(daemon, sharedKey, List.of(localDirsService.apply(dirs)));
        shared.sessions.add(session);
        dirs.forEach((name, dir) -> readers.get(Map.entry(name, dir))
            .forEach(request -> request.localDirFromSession(name, session.id())));
      }
      return shared;
    } catch (RuntimeException e) {
      shared.close();
      throw e;
    }
  }

  /** The sessions {@link #shareLocalDirs} opened. */
  public static final class SharedLocalDirs implements AutoCloseable {
    private final List<Session> sessions = new ArrayList<>();

    private SharedLocalDirs() {}

    /** How many sessions serve shared directories (none when no directory is read by two builds). */
    public int sessions() {
      return sessions.size();
    }

    @Override
    public void close() {
      sessions.forEach(Session::close);
    }
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
  public BuildResult build(BuildRequest request, ProgressListener progress,
      Function<LinkedResult, CompletionStage<Void>> onResult) {
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
      try (Session session = Session.open(daemon, request.sharedKey(), services)) {
        Solved solved = solve(ref, session.id(), awaitLinkedResults(request), untilPushed, frontendStep);
        BuildResult result = solved.result();
        if (request.call() == null && request.metadataProvenance() != BuildProvenance.Mode.DISABLED) {
          result = withProvenance(result, request.metadataProvenance(), progress);
        }
        pushFromEngine(ref, request, progress);
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
      throw new BuildKitException("a linked build gave no result: " + e.getCause().getMessage(), e.getCause());
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

  private Solved solve(String ref, String sessionId, BuildRequest request, ProgressListener progress,
      Function<LinkedResult, CompletionStage<Void>> onResult) {
    SolveRequest solve = solveRequest(ref, sessionId, request, onResult != null,
        daemon.endpoint().kind() == Endpoint.Kind.DOCKER);
    Context.CancellableContext call = Context.current().withCancellation();
    CountDownLatch statusDone = new CountDownLatch(1);
    ListenableFuture<SolveResponse> response;
    Context previous = call.attach();
    try {
      response = ControlGrpc.newFutureStub(daemon.channel())
          .withMaxInboundMessageSize(DaemonConnection.MAX_MESSAGE_BYTES).solve(solve);
      controlAsync().status(StatusRequest.newBuilder().setRef(ref).build(), new StreamObserver<StatusResponse>() {
        @Override
        public void onNext(StatusResponse status) {
          progress.status(status);
        }

        @Override
        public void onError(Throwable t) {
          progress.finished();
          statusDone.countDown();
        }

        @Override
        public void onCompleted() {
          progress.finished();
          statusDone.countDown();
        }
      });
    } finally {
      call.detach(previous);
    }
    try {
      CompletionStage<Void> sessionNeeded = CompletableFuture.completedFuture(null);
      if (onResult != null) {
        Context gateway = call.attach();
        try {
          sessionNeeded = GatewayFrontend.run(daemon.channel(), solve, request, onResult);
        } finally {
          call.detach(gateway);
        }
      }
      SolveResponse done = response.get();
      statusDone.await(STATUS_DRAIN_SECONDS, TimeUnit.SECONDS);
      return new Solved(new BuildResult(ref, done.getExporterResponseMap(), builderNode()), sessionNeeded);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildKitException("build canceled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof StatusRuntimeException)) {
        throw new BuildKitException("build failed: " + cause, cause);
      }
      StatusRuntimeException failure = (StatusRuntimeException) cause;
      try {
        statusDone.await(STATUS_DRAIN_SECONDS, TimeUnit.SECONDS); // the failing step's logs and error
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      Status.Code code = failure.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.INTERNAL && isConnectionLoss(failure)) {
        throw lostConnection(failure);
      }
      throw new BuildFailedException("failed to solve: " + failureMessage(failure), sources(failure));
    } finally {
      call.cancel(null);
    }
  }

  /** {@code result} with the build record's provenance added, fetched as a progress step of its own as buildx shows it. */
  private BuildResult withProvenance(BuildResult result, BuildProvenance.Mode mode, ProgressListener progress) {
    Vertex.Builder step = Vertex.newBuilder()
        .setDigest("provenance:" + result.ref())
        .setName("resolving provenance for metadata file")
        .setStarted(now());
    progress.status(StatusResponse.newBuilder().addVertexes(step).build());
    Map<String, String> response = new TreeMap<>(result.exporterResponse());
    try {
      response.putAll(BuildProvenance.fetch(daemon.channel(), result.ref(), mode));
    } catch (BuildKitException e) {
      progress.status(StatusResponse.newBuilder().addVertexes(step.setCompleted(now()).setError(e.getMessage())).build());
      throw e;
    }
    progress.status(StatusResponse.newBuilder().addVertexes(step.setCompleted(now())).build());
    return new BuildResult(result.ref(), response, result.builderNode());
  }

  /**
   * Whether the daemon builds for several platforms at once: BuildKit does; Docker Engine only with its
   * containerd image store, as buildx's docker driver finds (its {@code MultiPlatform} feature).
   */
  public boolean buildsMultiPlatform() {
    return daemon.endpoint().kind() != Endpoint.Kind.DOCKER || exporterPushes();
  }

  /**
   * Whether the engine's {@code moby} exporter pushes by itself: with the containerd image store, whose
   * worker carries a snapshotter label. buildx's docker driver asks the same (its {@code DirectPush}
   * feature) and then does not push after the build. Asked once.
   */
  private boolean exporterPushes() {
    Boolean known = exporterPushes;
    if (known == null) {
      known = workers().stream().anyMatch(w -> w.getLabelsMap().containsKey(SNAPSHOTTER_LABEL));
      exporterPushes = known;
    }
    return known;
  }

  /**
   * For Docker Engine with the classic image store, pushes the images that exports with {@code push=true}
   * named, as buildx's docker driver does after the build: that store's {@code moby} exporter stores and
   * names the image but does not push it. With the containerd image store the exporter has pushed already
   * ({@link #exporterPushes}).
   */
  private void pushFromEngine(String buildRef, BuildRequest request, ProgressListener progress) {
    if (daemon.endpoint().kind() != Endpoint.Kind.DOCKER) {
      return;
    }
    List<String> images = new ArrayList<>();
    for (BuildRequest.Export export : request.exports()) {
      boolean imageExport = export.type().equals("image") || export.type().equals("docker");
      if (imageExport && "true".equals(export.attrs().get("push")) && export.attrs().containsKey("name")) {
        for (String name : export.attrs().get("name").split(",")) {
          images.add(name.strip());
        }
      }
    }
    if (images.isEmpty() || exporterPushes()) {
      return;
    }
    for (String image : images) {
      Vertex.Builder step = Vertex.newBuilder()
          .setDigest("push:" + buildRef + ":" + image)
          .setName("pushing " + image + " with docker")
          .setStarted(now());
      progress.status(StatusResponse.newBuilder().addVertexes(step).build());
      try {
        daemon.endpoint().pushImage(image);
      } catch (IOException e) {
        progress.status(StatusResponse.newBuilder()
            .addVertexes(step.setCompleted(now()).setError(e.getMessage())).build());
        // buildx's docker driver reports the engine's own words, without naming the image
        throw new BuildFailedException(e.getMessage(), List.of());
      }
      progress.status(StatusResponse.newBuilder().addVertexes(step.setCompleted(now())).build());
    }
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  /**
   * Makes the Solve request for {@code request} and puts it through the wire encoding and back, as a build
   * would send it, with no daemon. Only for the launcher's class-data-sharing training run (so the archive
   * holds the request's protobuf classes); nothing is sent anywhere.
   */
  public static void rehearse(BuildRequest request) {
    SolveRequest solve = solveRequest(Session.newId(), Session.newId(), request, false, true);
    try {
      SolveRequest.parseFrom(ControlGrpc.getSolveMethod().streamRequest(solve).readAllBytes());
    } catch (IOException e) {
      throw new BuildKitException("solve request rehearsal: " + e.getMessage(), e);
    }
  }

  /**
   * @param gateway whether the frontend is called through the gateway (no frontend in the request)
   * @param docker whether the daemon is Docker Engine's
   */
  private static SolveRequest solveRequest(String ref, String sessionId, BuildRequest request, boolean gateway,
      boolean docker) {
    Map<String, String> attrs = new LinkedHashMap<>(request.frontendAttrs());
    if (docker) {
      // buildx's docker driver resolves base images from the engine's image store first
      attrs.putIfAbsent("image-resolve-mode", "local");
    }
    CacheOptions.Builder cache = CacheOptions.newBuilder(); // always sent: see control.proto
    request.cacheImports().forEach(c -> cache.addImports(cacheEntry(c)));
    request.cacheExports().forEach(c -> cache.addExports(cacheEntry(c)));
    SolveRequest.Builder solve = SolveRequest.newBuilder()
        .setRef(ref)
        .setSession(sessionId)
        .putAllFrontendAttrs(attrs)
        .setCache(cache)
        .addAllEntitlements(request.entitlements())
        .setInternal(request.call() != null); // buildx keeps calls out of the build history
    if (!gateway) {
      solve.setFrontend("dockerfile.v0").putAllFrontendInputs(request.frontendInputs());
    }
    for (BuildRequest.Export export : request.exports()) {
      String type = export.type();
      if (docker && (type.equals("image") || type.equals("docker"))) {
        type = "moby"; // Docker Engine's exporter into its own image store
      }
      solve.addExporters(Exporter.newBuilder().setType(type).putAllAttrs(export.attrs()));
    }
    if (solve.getExportersCount() > 0) {
      // daemons older than v0.13 read only the first exporter, from these fields
      solve.setExporterDeprecated(solve.getExporters(0).getType())
          .putAllExporterAttrsDeprecated(solve.getExporters(0).getAttrsMap());
    }
    return solve.build();
  }

  private static CacheOptionsEntry cacheEntry(BuildRequest.CacheEntry c) {
    return CacheOptionsEntry.newBuilder().setType(c.type()).putAllAttrs(c.attrs()).build();
  }

  /** The Dockerfile locations in the error's details ({@code google.rpc.Status} with JSON {@code Any}s). */
  private static List<Source> sources(StatusRuntimeException failure) {
    List<Source> sources = new ArrayList<>();
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return sources;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.getTypeUrl().endsWith("errdefs.Source+json")) {
        try {
          Source.Builder source = Source.newBuilder();
          JsonFormat.parser().ignoringUnknownFields()
              .merge(detail.getValue().toString(StandardCharsets.UTF_8), source);
          sources.add(source.build());
        } catch (InvalidProtocolBufferException e) {
          // a detail jbake cannot read leaves the message as it is
        }
      }
    }
    return sources;
  }

  private static boolean isConnectionLoss(StatusRuntimeException e) {
    String d = e.getStatus().getDescription();
    return d != null && (d.contains("RST_STREAM") || d.contains("connection"));
  }

  private BuildKitException lostConnection(StatusRuntimeException e) {
    return new BuildKitException("lost the connection to " + daemon.endpoint() + ": " + lossReason(e.getStatus()), e);
  }

  /**
   * Why the connection ended, for people: the socket's own error when it gave one (a reset), else grpc-java's
   * words for a connection that simply closed (the daemon died or was cut off) said plainly.
   */
  private static String lossReason(Status status) {
    if (status.getCause() instanceof IOException io && io.getMessage() != null) {
      return io.getMessage();
    }
    String description = describe(status);
    return description.equals("Network closed for unknown reason") ? "the daemon closed the connection" : description;
  }

  /**
   * The build failure's message as BuildKit's Go client words it: the typed details that name what the
   * frontend does not support (a subrequest, a capability) wrap the message, in the order given.
   */
  private static String failureMessage(StatusRuntimeException failure) {
    String message = describe(failure.getStatus());
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return message;
    }
    for (Any detail : status.getDetailsList()) {
      String type = detail.getTypeUrl();
      String prefix = type.endsWith("errdefs.Subrequest+json") ? "unsupported request "
          : type.endsWith("errdefs.FrontendCap+json") ? "unsupported frontend capability " : null;
      if (prefix != null) {
        try {
          com.google.gson.JsonElement name = com.google.gson.JsonParser
              .parseString(detail.getValue().toStringUtf8()).getAsJsonObject().get("name");
          message = prefix + (name == null ? "" : name.getAsString()) + ": " + message;
        } catch (RuntimeException e) {
          // a detail jbake cannot read leaves the message as it is
        }
      }
    }
    return message;
  }

  private static String describe(Status status) {
    String d = status.getDescription();
    return d != null && !d.isEmpty() ? d : status.getCode().toString();
  }

  private String builderNode() {
    return daemon.endpoint().builderNode();
  }

  private ControlGrpc.ControlStub controlAsync() {
    return ControlGrpc.newStub(daemon.channel());
  }

  private ControlGrpc.ControlBlockingStub control() {
    return ControlGrpc.newBlockingStub(daemon.channel());
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  @Override
  public void close() {
    daemon.close();
  }
}
