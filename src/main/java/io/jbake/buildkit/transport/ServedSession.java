package io.jbake.buildkit.transport;

import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A session served to the daemon ({@link DaemonConnection#serveSession}) until jbake closes it. Its connection to
 * the daemon may also end on its own (the daemon died, the network was cut): {@link #lostConnection} then says
 * why, so that a build failing meanwhile is reported as the lost connection it is rather than as the failure the
 * daemon answered once the session was gone. A connection cut ends the session's connection and the control
 * connection at different moments, so either may be noticed first.
 */
public final class ServedSession implements AutoCloseable {

    /** Why a connection that simply closed ended: the daemon closed it, or something between cut it off. */
    public static final Status CLOSED = Status.UNAVAILABLE.withDescription("the daemon closed the connection");

    private final AutoCloseable stop;
    private final AtomicReference<Status> lost = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param stop ends the session (disconnects the daemon, stops the server)
     * @param connectionEnded completes, with why, when the session's connection ends, whoever ended it: an end
     *     that comes once {@link #close} began is jbake's own and not a loss
     */
    public ServedSession(AutoCloseable stop, CompletionStage<Status> connectionEnded) {
        this.stop = stop;
        connectionEnded.thenAccept(why -> {
            if (!closed.get()) {
                lost.compareAndSet(null, why);
            }
        });
    }

    /** Why the session's connection to the daemon ended without jbake closing it; empty while it is up. */
    public Optional<Status> lostConnection() {
        return closed.get() ? Optional.empty() : Optional.ofNullable(lost.get());
    }

    /** Ends the session; its connection ending now is no loss. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            stop.close();
        } catch (Exception e) {
            // the daemon side is gone already
        }
    }
}
