package io.jbake.buildkit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.gateway.CacheOptionsEntry;
import io.jbake.buildkit.proto.gateway.LLBBridgeGrpc;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.proto.gateway.ReturnRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The client side of a gateway build (protocol spec §6.1): the build's {@code Control.Solve} was sent
 * without a frontend, so the daemon waits for this client to call the Dockerfile frontend through
 * {@code LLBBridge.Solve} and to hand the result back with {@code LLBBridge.Return}, after which it
 * exports. In between, the result is given to the builds that link to this one.
 */
final class GatewayFrontend {
    private GatewayFrontend() {}

    /**
     * Runs the frontend for build {@code solve.getRef()}, passes its result to {@code onResult}, and
     * returns the result to the daemon for export, at once or, with an export barrier, once the result is
     * built and the barrier opens (a broken barrier returns its error instead): the linking builds evaluate the same definitions
     * in their own jobs (the solver shares equal vertices), and a local source in them names this build's
     * session, not its job. A frontend failure is returned to the daemon as the build's error, so
     * Control.Solve fails with it.
     *
     * @return the stage {@code onResult} gave (completed at once when the frontend failed): until it
     *     completes, the caller keeps this build's session open for the linking builds
     * @throws InterruptedException when the thread is interrupted (the caller cancels the build)
     */
    static CompletionStage<Void> run(
            Channel channel,
            SolveRequest solve,
            BuildRequest request,
            Function<LinkedResult, CompletionStage<Void>> onResult)
            throws InterruptedException {
        LLBBridgeGrpc.LLBBridgeBlockingStub bridge = SolveCall.bridge(channel, solve.getRef());
        io.jbake.buildkit.proto.gateway.SolveRequest.Builder frontend =
                io.jbake.buildkit.proto.gateway.SolveRequest.newBuilder()
                        .setFrontend("dockerfile.v0")
                        .putAllFrontendOpt(solve.getFrontendAttrsMap())
                        .putAllFrontendInputs(request.frontendInputs())
                        .setAllowResultReturn(true)
                        .setAllowResultArrayRef(true);
        for (BuildRequest.CacheEntry c : request.cacheImports()) {
            frontend.addCacheImports(
                    CacheOptionsEntry.newBuilder().setType(c.type()).putAllAttrs(c.attrs()));
        }

        if (request.exportBarrier() != null) {
            frontend.setEvaluate(true); // the result is built in full before the barrier, as buildx's defer-output
        }

        Result result;
        try {
            result = SolveCall.solveOnGateway(bridge, frontend.build()).getResult();
        } catch (StatusRuntimeException e) {
            returnError(bridge, e);
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> linkedBuildsDone = onResult.apply(new LinkedResult(result));
        if (request.exportBarrier() != null) {
            try {
                request.exportBarrier().get().toCompletableFuture().get();
            } catch (ExecutionException e) {
                Throwable why = e.getCause();
                bridge.return_(ReturnRequest.newBuilder()
                        .setError(com.google.rpc.Status.newBuilder()
                                .setCode(Status.Code.CANCELLED.value())
                                .setMessage(why.getMessage() == null ? why.toString() : why.getMessage()))
                        .build());
                return linkedBuildsDone;
            }
        }
        bridge.return_(ReturnRequest.newBuilder().setResult(result).build());
        return linkedBuildsDone;
    }

    /**
     * Hands the frontend's failure back to the daemon as the build's error, with its typed details (the
     * Dockerfile location, the unsupported subrequest) so the daemon words and reports it as buildx's
     * build does.
     */
    private static void returnError(LLBBridgeGrpc.LLBBridgeBlockingStub bridge, StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status != null) {
            // the daemon's stack traces stay behind: the daemon adds its own, and both together can outgrow
            // the response headers the error comes back in
            com.google.rpc.Status.Builder typed = status.toBuilder().clearDetails();
            status.getDetailsList().stream()
                    .filter(d -> !d.getTypeUrl().endsWith("stack.Stack+json"))
                    .forEach(typed::addDetails);
            status = typed.build();
        } else {
            Status s = failure.getStatus();
            status = com.google.rpc.Status.newBuilder()
                    .setCode(s.getCode().value())
                    .setMessage(s.getDescription() == null ? s.getCode().toString() : s.getDescription())
                    .build();
        }
        bridge.return_(ReturnRequest.newBuilder().setError(status).build());
    }
}
