package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import io.jbake.buildkit.BuildFailedException;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.ServedSession;
import io.jbake.graph.GraphException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Each kind of failure {@code --retries} retries, and each it never does. */
class TransientFailureTest {
    /** BuildKit's words for a manifest PUT answered 503 with a plain body, as RetriesDaemonTest sees them. */
    private static final String PUSH_503 = "failed to solve: failed to push 127.0.0.1:5087/retries/app:t:"
            + " unexpected status from PUT request to http://127.0.0.1:5087/v2/retries/app/manifests/t:"
            + " 503 Service Unavailable: 503 Service Unavailable";

    private static Optional<TransientFailure.Reason> reconnecting(String text) {
        return Optional.of(new TransientFailure.Reason(text, true));
    }

    private static Optional<TransientFailure.Reason> sameConnection(String text) {
        return Optional.of(new TransientFailure.Reason(text, false));
    }

    @Test
    void theDaemonLostMidBuildIsRetriedOnANewConnection() {
        String message = "lost the connection to Docker Engine at unix:///run/d.sock: the daemon closed the connection";
        assertEquals(
                reconnecting(message),
                TransientFailure.of(new BuildKitException(
                        message,
                        Status.UNAVAILABLE.withDescription("Network closed").asRuntimeException())));
    }

    @Test
    void theSessionStreamBrokenIsRetriedOnANewConnection() {
        String message = "lost the connection to buildkitd at unix:///b.sock: the daemon closed the connection";
        assertEquals(
                reconnecting(message),
                TransientFailure.of(new BuildKitException(message, ServedSession.CLOSED.asRuntimeException())));
    }

    @Test
    void aStreamResetBySocketErrorIsRetried() {
        String message = "lost the connection to buildkitd at tcp://h:1234: Connection reset by peer";
        assertEquals(
                reconnecting(message),
                TransientFailure.of(new BuildKitException(
                        message,
                        Status.INTERNAL
                                .withCause(new IOException("Connection reset by peer"))
                                .asRuntimeException())));
    }

    @Test
    void theDaemonRefusingConnectionsIsRetried() {
        String message = "cannot connect to Docker Engine at unix:///run/d.sock: Connection refused";
        assertEquals(
                reconnecting(message),
                TransientFailure.of(new BuildKitException(message, new ConnectException("Connection refused"))));
    }

    @Test
    void aRegistry5xxOnPushIsRetriedOnTheSameConnection() {
        assertEquals(sameConnection(PUSH_503), TransientFailure.of(new BuildFailedException(PUSH_503, List.of())));
        String blob = "failed to solve: failed to push r/app:t: failed to copy: unexpected status from POST request"
                + " to http://r/v2/app/blobs/uploads/: 502 Bad Gateway";
        assertEquals(sameConnection(blob), TransientFailure.of(new BuildFailedException(blob, List.of())));
        // a registry's own error in the 503's body: containerd words the failure with it (seen on Engine 28.5)
        String registryError = "failed to solve: failed to push 127.0.0.1:5087/retries/app:t: unavailable: try again";
        assertEquals(
                sameConnection(registryError), TransientFailure.of(new BuildFailedException(registryError, List.of())));
        String engine = "received unexpected HTTP status: 500 Internal Server Error";
        assertEquals(sameConnection(engine), TransientFailure.of(new BuildFailedException(engine, List.of())));
    }

    @Test
    void aTimeoutOnPushIsRetried() {
        String message = "failed to solve: failed to push r/app:t: failed to do request: Put \"http://r/v2/app/"
                + "manifests/t\": dial tcp 10.0.0.1:443: i/o timeout";
        assertEquals(sameConnection(message), TransientFailure.of(new BuildFailedException(message, List.of())));
    }

    @Test
    void onlyTheFirstLineOfTheMessageIsTheReason() {
        assertEquals(
                sameConnection(PUSH_503),
                TransientFailure.of(new BuildFailedException(PUSH_503 + "\nmore detail", List.of())));
    }

    @Test
    void aFailingStepIsNeverRetriedWhateverItsCommandSays() {
        for (String message : List.of(
                "failed to solve: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                "failed to solve: process \"/bin/sh -c echo failed to push: unexpected status: 503 && exit 1\" did"
                        + " not complete successfully: exit code: 1",
                "failed to solve: process \"/bin/sh -c curl x # i/o timeout pushing\" did not complete"
                        + " successfully: exit code: 28")) {
            assertEquals(Optional.empty(), TransientFailure.of(new BuildFailedException(message, List.of())), message);
        }
    }

    @Test
    void buildErrorsAreNeverRetried() {
        for (String message : List.of(
                "failed to solve: dockerfile parse error on line 1: unknown instruction: FORM",
                "failed to solve: failed to compute cache key: failed to calculate checksum of ref x::y: \"/missing\":"
                        + " not found",
                "failed to solve: failed to push r/app:t: unexpected status from HEAD request to http://r/v2/:"
                        + " 401 Unauthorized",
                "failed to solve: failed to push r/app:t: push access denied",
                "failed to solve: timeout waiting for the lock")) {
            assertEquals(Optional.empty(), TransientFailure.of(new BuildFailedException(message, List.of())), message);
        }
    }

    @Test
    void aCancelledBakeIsNeverRetried() {
        assertEquals(Optional.empty(), TransientFailure.of(new BuildKitException("build canceled")));
        assertEquals(
                Optional.empty(),
                TransientFailure.of(new BuildKitException(
                        "interrupted while connecting", new InterruptedException("interrupted"))));
        assertEquals(
                Optional.empty(),
                TransientFailure.of(
                        new BuildFailedException("failed to solve: Canceled: context canceled", List.of())));
    }

    @Test
    void aLinkedTargetsLostConnectionIsItsOwnNotItsDependents() {
        BuildKitException baseLost = new BuildKitException(
                "lost the connection to Docker Engine at unix:///d.sock: the daemon closed the connection",
                Status.UNAVAILABLE.asRuntimeException());
        assertEquals(
                Optional.empty(),
                TransientFailure.of(
                        new BuildKitException("a linked build gave no result: " + baseLost.getMessage(), baseLost)));
        assertEquals(
                Optional.empty(),
                TransientFailure.of(new BuildKitException(
                        "a linked target did not build: " + baseLost.getMessage(), new ExecutionException(baseLost))));
    }

    @Test
    void otherFailuresAreNeverRetried() {
        assertEquals(Optional.empty(), TransientFailure.of(new GraphException("source policy refused")));
        assertEquals(Optional.empty(), TransientFailure.of(new IllegalStateException("bug")));
        assertEquals(
                Optional.empty(),
                TransientFailure.of(new BuildKitException(
                        "Docker Engine at unix:///d.sock does not answer as BuildKit: unknown service",
                        Status.UNIMPLEMENTED.asRuntimeException())));
    }

    @Test
    void theWaitsDoubleFromOneSecondUpToTen() {
        assertEquals(
                List.of(1L, 2L, 4L, 8L, 10L, 10L, 10L),
                List.of(1, 2, 3, 4, 5, 6, 40).stream()
                        .map(Retries::wait)
                        .map(Duration::toSeconds)
                        .toList());
    }
}
