package io.jbake.build;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.BuildFailedException;
import io.jbake.buildkit.transport.BuildKitException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a target's failure is worth another attempt ({@code --retries}): a failure that is not the build's own.
 * Retried: the daemon unreachable, lost or restarted and the session's stream broken (the failure's cause a gRPC
 * {@code UNAVAILABLE} status, or the socket's own error), and a registry answering a push with a
 * 5xx status or not answering in time. Never: a failing build step, a Dockerfile error, a missing file, a
 * cancelled bake, a policy refusal, a linked target that failed (its own failure is the one that counts), or any
 * failure that is no {@link BuildKitException}.
 *
 * <p>A lost connection is known by its type and status. A registry's answer to a push is not: BuildKit reports it
 * as the build's failure (status {@code UNKNOWN}) worded by containerd's pusher ({@code failed to push <ref>:
 * unexpected status from PUT request to <url>: 503 Service Unavailable}) or, for Docker Engine's own push, by the
 * engine ({@code received unexpected HTTP status: 503 Service Unavailable}), so only its words tell it; a failed
 * step's message (which quotes the step's command line, where any words may appear) is never read for them.
 */
final class TransientFailure {

    /**
     * Why {@code failure} may pass on another attempt, and whether that attempt needs a new connection to the
     * daemon (the old one is dead).
     */
    record Reason(String text, boolean reconnect) {}

    /** BuildKit's words for a step that failed: the command's exit, whatever the command line says. */
    private static final String STEP_FAILED = "did not complete successfully";
    /** jbake's words for a cancelled build (Ctrl-C, or another target's failure under fail-fast). */
    private static final String CANCELED = "build canceled";
    /** A registry's 5xx answer, in containerd's and Docker Engine's wording. */
    private static final Pattern SERVER_ERROR =
            Pattern.compile("unexpected (HTTP )?status( from [A-Z]+ request to \\S+)?: 5\\d\\d\\b");
    /**
     * A registry's 503 whose body carried the registry's own error ({@code {"errors":[{"code":"UNAVAILABLE",...}]}}):
     * containerd then words the push's failure with that error's code and message ({@code failed to push <ref>:
     * unavailable: <message>}).
     */
    private static final Pattern REGISTRY_UNAVAILABLE = Pattern.compile("failed to push \\S+: unavailable: ");
    /** A registry that did not answer in time, as Go's net/http and context packages say it. */
    private static final Pattern TIMEOUT =
            Pattern.compile("i/o timeout|TLS handshake timeout|Client\\.Timeout exceeded|context deadline exceeded"
                    + "|timeout awaiting response headers");
    /** The push that failed: containerd's pusher, BuildKit's exporter, Docker Engine's push step. */
    private static final Pattern PUSH = Pattern.compile("failed to push|pushing |push access|failed commit on ref");

    private TransientFailure() {}

    /** Why {@code failure} is transient; empty when it is the build's own, or a cancellation. */
    static Optional<Reason> of(Throwable failure) {
        if (!(failure instanceof BuildKitException) || failure.getMessage() == null) {
            return Optional.empty();
        }
        String message = failure.getMessage();
        if (message.equals(CANCELED) || hasCause(failure, InterruptedException.class)) {
            return Optional.empty();
        }
        if (failure instanceof BuildFailedException) {
            // the daemon's answer: the build failed, maybe at the registry
            if (message.contains(STEP_FAILED)) {
                return Optional.empty();
            }
            if (SERVER_ERROR.matcher(message).find()
                    || REGISTRY_UNAVAILABLE.matcher(message).find()
                    || (TIMEOUT.matcher(message).find() && PUSH.matcher(message).find())) {
                return Optional.of(new Reason(firstLine(message), false));
            }
            return Optional.empty();
        }
        // the failure's own cause only: a linked build's failure, wrapped in a dependent's, is the linked build's
        Throwable cause = failure.getCause();
        Status status = cause instanceof StatusRuntimeException e
                ? e.getStatus()
                : cause instanceof StatusException e ? e.getStatus() : null;
        if ((status != null
                        && (status.getCode() == Status.Code.UNAVAILABLE || status.getCause() instanceof IOException))
                || cause instanceof IOException) {
            return Optional.of(new Reason(firstLine(message), true));
        }
        return Optional.empty();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
