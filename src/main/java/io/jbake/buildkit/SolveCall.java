package io.jbake.buildkit;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.SolveResponse;
import io.jbake.buildkit.proto.StatusRequest;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.gateway.LLBBridgeGrpc;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.DaemonConnection;
import io.jbake.buildkit.transport.Endpoint;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One {@code Control.Solve} and its {@code Control.Status} stream, as every build of this client runs them:
 * both calls in one cancellable gRPC context (cancelled when the build ends, however it ends), the client's
 * gateway work for the build done meanwhile in the same context, and the failure worded as buildx words it
 * once the status stream has drained (so the failing step's logs and error are shown first).
 */
final class SolveCall {
    private static final Metadata.Key<String> BUILD_ID =
            Metadata.Key.of("buildkit-controlapi-buildid", Metadata.ASCII_STRING_MARSHALLER);
    /** The daemon registers the build shortly after Control.Solve arrives; until then: "no such job". */
    private static final long REGISTRATION_WAIT_MILLIS = 10_000;

    /** How long the Status stream may keep going once Solve has returned, as BuildKit's own client allows. */
    private static final long STATUS_DRAIN_SECONDS = 5;

    private SolveCall() {}

    /** What the client does at the gateway while the daemon runs the build (nothing for a frontend build). */
    @FunctionalInterface
    interface DuringSolve<T> {
        T run() throws InterruptedException;
    }

    /** The daemon's answer to the Solve and what the gateway work gave. */
    record Outcome<T>(SolveResponse response, T value) {}

    /**
     * Sends {@code solve}, feeds its status stream to {@code progress} (whose {@code finished} the caller
     * calls), runs {@code during} and waits for the daemon's answer.
     *
     * @param session the build's session, asked whether its connection was lost when the build fails
     * @throws BuildFailedException when the build fails at the daemon (or a gateway call in {@code during} does)
     * @throws BuildKitException when the daemon is lost, or the thread is interrupted (the build is cancelled)
     */
    static <T> Outcome<T> run(
            Channel channel,
            Endpoint endpoint,
            SolveRequest solve,
            Session session,
            ProgressListener progress,
            DuringSolve<T> during) {
        Context.CancellableContext call = Context.current().withCancellation();
        CountDownLatch statusDone = new CountDownLatch(1);
        ListenableFuture<SolveResponse> response;
        Context previous = call.attach();
        try {
            response = ControlGrpc.newFutureStub(channel)
                    .withMaxInboundMessageSize(DaemonConnection.MAX_MESSAGE_BYTES)
                    .solve(solve);
            ControlGrpc.newStub(channel)
                    .status(
                            StatusRequest.newBuilder().setRef(solve.getRef()).build(),
                            new StreamObserver<StatusResponse>() {
                                @Override
                                public void onNext(StatusResponse status) {
                                    progress.status(status);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    statusDone.countDown();
                                }

                                @Override
                                public void onCompleted() {
                                    statusDone.countDown();
                                }
                            });
        } finally {
            call.detach(previous);
        }
        try {
            T value;
            Context gateway = call.attach();
            try {
                value = during.run();
            } finally {
                call.detach(gateway);
            }
            SolveResponse done = response.get();
            statusDone.await(STATUS_DRAIN_SECONDS, TimeUnit.SECONDS);
            return new Outcome<>(done, value);
        } catch (StatusRuntimeException e) {
            awaitQuietly(statusDone);
            throw DaemonErrors.solveFailed(e, session.lostConnection(), endpoint);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof StatusRuntimeException failure)) {
                throw new BuildKitException("build failed: " + e.getCause(), e.getCause());
            }
            awaitQuietly(statusDone);
            // asked after the drain: a cut that made the daemon fail the solve has by then, as a rule, been seen to
            // end the session's connection too
            throw DaemonErrors.solveFailed(failure, session.lostConnection(), endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        } finally {
            call.cancel(null);
        }
    }

    private static void awaitQuietly(CountDownLatch statusDone) {
        try {
            statusDone.await(STATUS_DRAIN_SECONDS, TimeUnit.SECONDS); // the failing step's logs and error
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The gateway of build {@code buildId}: the LLBBridge service with the header that names the build. */
    static LLBBridgeGrpc.LLBBridgeBlockingStub bridge(Channel channel, String buildId) {
        Metadata headers = new Metadata();
        headers.put(BUILD_ID, buildId);
        return LLBBridgeGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withMaxInboundMessageSize(DaemonConnection.MAX_MESSAGE_BYTES);
    }

    /**
     * {@code LLBBridge.Solve}, asked again while the daemon has not registered the build yet ("no such job"),
     * for up to ten seconds.
     *
     * @throws InterruptedException when the thread is interrupted (the caller cancels the build)
     */
    static io.jbake.buildkit.proto.gateway.SolveResponse solveOnGateway(
            LLBBridgeGrpc.LLBBridgeBlockingStub bridge, io.jbake.buildkit.proto.gateway.SolveRequest request)
            throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                return bridge.solve(request);
            } catch (StatusRuntimeException e) {
                if (e.getCause() instanceof InterruptedException) {
                    throw new InterruptedException("build canceled");
                }
                String description = e.getStatus().getDescription();
                if (description == null || !description.contains("no such job") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
