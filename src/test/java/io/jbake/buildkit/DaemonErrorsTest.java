package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpc.Status;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Solve failures are the connection's loss, and their words. */
class DaemonErrorsTest {
    private static final Endpoint BUILDKITD = Endpoint.buildkit("unix:///run/buildkit/buildkitd.sock", null);

    @Test
    void grpcNettysChannelClosedOfAWriteOnAClosedSocketIsTheConnectionsLoss() {
        // grpc-netty's status for a ClosedChannelException that has a cause: UNKNOWN, "channel closed"
        ClosedChannelException closed = new ClosedChannelException();
        closed.initCause(new ClosedChannelException());
        Status local = Status.UNKNOWN.withDescription("channel closed").withCause(closed);

        BuildKitException e = DaemonErrors.solveFailed(local.asRuntimeException(), Optional.empty(), BUILDKITD);

        assertFalse(e instanceof BuildFailedException);
        assertEquals(
                "lost the connection to buildkitd at unix:///run/buildkit/buildkitd.sock: "
                        + "the daemon closed the connection",
                e.getMessage());
    }

    @Test
    void theDaemonsOwnUnknownFailureIsTheBuilds() {
        Status answered = Status.UNKNOWN.withDescription("channel closed");

        BuildKitException e = DaemonErrors.solveFailed(answered.asRuntimeException(), Optional.empty(), BUILDKITD);

        assertEquals(BuildFailedException.class, e.getClass());
        assertEquals("failed to solve: channel closed", e.getMessage());
    }
}
