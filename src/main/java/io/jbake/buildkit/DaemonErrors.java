package io.jbake.buildkit;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.jbake.buildkit.proto.errdefs.Source;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What went wrong at the daemon, in words for people as buildx says them: the connection was lost, or the
 * build failed (with the daemon's message, wrapped as BuildKit's Go client wraps it, and the Dockerfile
 * locations the daemon attached).
 */
final class DaemonErrors {

    private static final String CLOSED_BY_DAEMON = "the daemon closed the connection";

    private DaemonErrors() {}

    /**
     * The exception for a Solve that ended with {@code failure}: the connection's loss, or the build's failure.
     * A build whose session lost its connection ({@code sessionLost}, why) failed for that loss, whatever the
     * daemon answered: once the session is gone the daemon fails the build with an error of its own.
     */
    static BuildKitException solveFailed(
            StatusRuntimeException failure, Optional<Status> sessionLost, Endpoint endpoint) {
        if (isConnectionLoss(failure.getStatus())) {
            return lostConnection(failure, endpoint);
        }
        if (sessionLost.isPresent()) {
            return new BuildKitException(
                    "lost the connection to " + endpoint + ": " + lossReason(sessionLost.get()),
                    sessionLost.get().asRuntimeException());
        }
        return new BuildFailedException("failed to solve: " + failureMessage(failure), sources(failure));
    }

    static BuildKitException lostConnection(StatusRuntimeException e, Endpoint endpoint) {
        return new BuildKitException("lost the connection to " + endpoint + ": " + lossReason(e.getStatus()), e);
    }

    /**
     * Whether {@code status} is the connection's end rather than the daemon's answer: unavailable, a reset
     * stream, or a status grpc-java made of this side's socket failing (grpc-netty's "channel closed" for a
     * write on a connection that closed meanwhile). The daemon's answers come over the wire and carry no cause.
     */
    private static boolean isConnectionLoss(Status status) {
        if (status.getCode() == Status.Code.UNAVAILABLE || status.getCause() instanceof IOException) {
            return true;
        }
        String d = status.getDescription();
        return status.getCode() == Status.Code.INTERNAL
                && d != null
                && (d.contains("RST_STREAM") || d.contains("connection"));
    }

    /**
     * Why the connection ended, for people: the socket's own error when it gave one (a reset), else grpc-java's
     * words for a connection that simply closed (the daemon died or was cut off) said plainly.
     */
    private static String lossReason(Status status) {
        if (status.getCause() instanceof ClosedChannelException) {
            return CLOSED_BY_DAEMON; // grpc-netty's "channel closed": the socket closed under a write
        }
        if (status.getCause() instanceof IOException io && io.getMessage() != null) {
            return io.getMessage();
        }
        String description = BuildKitException.describe(status);
        return description.equals("Network closed for unknown reason") ? CLOSED_BY_DAEMON : description;
    }

    /**
     * The build failure's message as BuildKit's Go client words it: the typed details that name what the
     * frontend does not support (a subrequest, a capability) wrap the message, in the order given.
     */
    private static String failureMessage(StatusRuntimeException failure) {
        String message = BuildKitException.describe(failure.getStatus());
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return message;
        }
        for (Any detail : status.getDetailsList()) {
            String type = detail.getTypeUrl();
            String prefix = type.endsWith("errdefs.Subrequest+json")
                    ? "unsupported request "
                    : type.endsWith("errdefs.FrontendCap+json") ? "unsupported frontend capability " : null;
            if (prefix != null) {
                try {
                    com.google.gson.JsonElement name = com.google.gson.JsonParser.parseString(
                                    detail.getValue().toStringUtf8())
                            .getAsJsonObject()
                            .get("name");
                    message = prefix + (name == null ? "" : name.getAsString()) + ": " + message;
                } catch (RuntimeException e) {
                    // a detail jbake cannot read leaves the message as it is
                }
            }
        }
        return message;
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
                    JsonFormat.parser()
                            .ignoringUnknownFields()
                            .merge(detail.getValue().toString(StandardCharsets.UTF_8), source);
                    sources.add(source.build());
                } catch (InvalidProtocolBufferException e) {
                    // a detail jbake cannot read leaves the message as it is
                }
            }
        }
        return sources;
    }
}
