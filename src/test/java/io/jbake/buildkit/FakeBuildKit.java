package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.proto.BuildHistoryEvent;
import io.jbake.buildkit.proto.BuildHistoryRequest;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.ListWorkersRequest;
import io.jbake.buildkit.proto.ListWorkersResponse;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.SolveResponse;
import io.jbake.buildkit.proto.StatusRequest;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.WorkerRecord;
import io.jbake.buildkit.proto.content.ContentGrpc;
import io.jbake.buildkit.proto.content.ReadContentRequest;
import io.jbake.buildkit.proto.content.ReadContentResponse;
import io.jbake.buildkit.proto.gateway.LLBBridgeGrpc;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.proto.gateway.ReturnRequest;
import io.jbake.buildkit.proto.gateway.ReturnResponse;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.buildkit.transport.ServedSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * BuildKit's side of builds, faked in process (grpc-inprocess) so that a test sees exactly what jbake's
 * client sends and serves: {@code Control} records each Solve and answers as the test set it up, {@code
 * LLBBridge} plays the gateway for builds through it, the build history and content store give a provenance,
 * and each session is served in process, where the fake calls it during the solve as the daemon calls a
 * session. It is no BuildKit: the daemon tests test the client against the real one; this tests jbake's
 * own requests and services.
 */
final class FakeBuildKit implements AutoCloseable {

    /** What the fake does during a solve, as the daemon would: reads the build's session through {@code session}. */
    interface DuringSolve {
        void run(SolveRequest solve, ManagedChannel session) throws Exception;
    }

    private static final Metadata.Key<String> BUILD_ID =
            Metadata.Key.of("buildkit-controlapi-buildid", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> GATEWAY_BUILD = Context.key("buildkit-controlapi-buildid");
    private static final String SESSION_ID = "X-Docker-Expose-Session-Uuid";

    private final String name = "fake-buildkit-" + UUID.randomUUID();
    private final Server server;
    private final ManagedChannel channel;
    private final Map<String, Server> sessionServers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Status>> sessionConnections = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ReturnRequest>> returns = new ConcurrentHashMap<>();

    /** Every Solve the client sent, in order. */
    final List<SolveRequest> solves = new CopyOnWriteArrayList<>();
    /** Every frontend call through the gateway ({@code LLBBridge.Solve}), in order. */
    final List<io.jbake.buildkit.proto.gateway.SolveRequest> frontendSolves = new CopyOnWriteArrayList<>();
    /** The headers each session was opened with, by session id. */
    final Map<String, Map<String, List<String>>> sessionHeaders = new ConcurrentHashMap<>();
    /** Every build history request. */
    final List<BuildHistoryRequest> historyRequests = new CopyOnWriteArrayList<>();

    /** Answers of the fake, set by the test before it builds. */
    volatile Map<String, String> exporterResponse = Map.of();

    volatile List<StatusResponse> statuses = List.of();
    volatile List<WorkerRecord> workers = List.of();
    /** When set, every Solve fails with it. */
    volatile com.google.rpc.Status solveFailure;

    volatile Result frontendResult = Result.getDefaultInstance();
    volatile List<BuildHistoryEvent> history = List.of();
    volatile Map<String, ByteString> blobs = Map.of();
    volatile DuringSolve duringSolve = (solve, session) -> {};

    FakeBuildKit() throws IOException {
        ServerInterceptor gatewayBuild = new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                    ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                return Contexts.interceptCall(
                        Context.current().withValue(GATEWAY_BUILD, headers.get(BUILD_ID)), call, headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name)
                .addService(new Control())
                .addService(ServerInterceptors.intercept(new Gateway(), gatewayBuild))
                .addService(new Content())
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    /** A client of this fake, for a daemon at {@code endpoint}, serving local directories with FileSync. */
    BuildKitClient client(Endpoint endpoint) {
        return new BuildKitClient(
                channel, endpoint, this::serveSession, dirs -> new FileSyncService(dirs).bindService());
    }

    /** The fake's session transport: serves each session in process, under its id. */
    private ServedSession serveSession(Map<String, List<String>> headers, List<ServerServiceDefinition> services) {
        String id = headers.get(SESSION_ID).get(0);
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name + "/session/" + id);
        services.forEach(builder::addService);
        Server session;
        try {
            session = builder.build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        sessionServers.put(id, session);
        sessionHeaders.put(id, headers);
        CompletableFuture<Status> connectionEnded = new CompletableFuture<>();
        sessionConnections.put(id, connectionEnded);
        return new ServedSession(
                () -> {
                    sessionServers.remove(id);
                    session.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                },
                connectionEnded);
    }

    /** Ends session {@code id}'s connection to the fake, for {@code why}, as a cut or a dying daemon does. */
    void dropSessionConnection(String id, Status why) {
        sessionConnections.get(id).complete(why);
    }

    /**
     * The methods session {@code id} said it serves ({@code X-Docker-Expose-Session-Grpc-Method}), sorted: the
     * daemon looks them up, their order means nothing.
     */
    Set<String> sessionMethods(String id) {
        return new TreeSet<>(sessionHeaders.get(id).get("X-Docker-Expose-Session-Grpc-Method"));
    }

    /** A channel to session {@code id}, as the daemon has; the caller shuts it down. */
    ManagedChannel sessionChannel(String id) {
        if (!sessionServers.containsKey(id)) {
            throw new IllegalStateException("no session " + id + " is open");
        }
        return InProcessChannelBuilder.forName(name + "/session/" + id).build();
    }

    /** What the client returned to the gateway for build {@code ref}. */
    ReturnRequest returned(String ref) throws Exception {
        return returnOf(ref).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<ReturnRequest> returnOf(String ref) {
        return returns.computeIfAbsent(ref, key -> new CompletableFuture<>());
    }

    private final class Control extends ControlGrpc.ControlImplBase {
        @Override
        public void solve(SolveRequest request, StreamObserver<SolveResponse> response) {
            solves.add(request);
            try {
                if (request.getFrontend().isEmpty()) {
                    // through the gateway: the client calls the frontend, then returns its result or error
                    ReturnRequest returned = returned(request.getRef());
                    if (returned.hasError()) {
                        response.onError(StatusProto.toStatusRuntimeException(returned.getError()));
                        return;
                    }
                }
                ManagedChannel session = sessionChannel(request.getSession());
                try {
                    duringSolve.run(request, session);
                } finally {
                    session.shutdownNow();
                }
            } catch (Exception e) {
                response.onError(Status.INTERNAL
                        .withDescription("the fake's solve: " + e)
                        .asRuntimeException());
                return;
            }
            com.google.rpc.Status failure = solveFailure;
            if (failure != null) {
                response.onError(StatusProto.toStatusRuntimeException(failure));
                return;
            }
            response.onNext(SolveResponse.newBuilder()
                    .putAllExporterResponse(exporterResponse)
                    .build());
            response.onCompleted();
        }

        @Override
        public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
            statuses.forEach(response::onNext);
            response.onCompleted();
        }

        @Override
        public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
            response.onNext(
                    ListWorkersResponse.newBuilder().addAllRecord(workers).build());
            response.onCompleted();
        }

        @Override
        public void listenBuildHistory(BuildHistoryRequest request, StreamObserver<BuildHistoryEvent> response) {
            historyRequests.add(request);
            history.forEach(response::onNext);
            response.onCompleted();
        }
    }

    private final class Gateway extends LLBBridgeGrpc.LLBBridgeImplBase {
        @Override
        public void solve(
                io.jbake.buildkit.proto.gateway.SolveRequest request,
                StreamObserver<io.jbake.buildkit.proto.gateway.SolveResponse> response) {
            frontendSolves.add(request);
            response.onNext(io.jbake.buildkit.proto.gateway.SolveResponse.newBuilder()
                    .setResult(frontendResult)
                    .build());
            response.onCompleted();
        }

        @Override
        public void return_(ReturnRequest request, StreamObserver<ReturnResponse> response) {
            returnOf(GATEWAY_BUILD.get()).complete(request);
            response.onNext(ReturnResponse.getDefaultInstance());
            response.onCompleted();
        }
    }

    private final class Content extends ContentGrpc.ContentImplBase {
        @Override
        public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> response) {
            ByteString blob = blobs.get(request.getDigest());
            if (blob == null) {
                response.onError(
                        Status.NOT_FOUND.withDescription(request.getDigest()).asRuntimeException());
                return;
            }
            response.onNext(ReadContentResponse.newBuilder().setData(blob).build());
            response.onCompleted();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
