package io.jbake.buildkit.progress;

import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Receives one build's progress, the deltas of BuildKit's {@code Control.Status} stream, in order. Called
 * from a gRPC thread; implementations shared by several builds synchronise themselves.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that drops everything. */
    ProgressListener NONE = status -> {};

    void status(StatusResponse status);

    /** The build's status stream has ended; no more {@link #status} calls follow. */
    default void finished() {}

    /** This listener, with {@code action} run before it hears each status (to learn that the build runs). */
    default ProgressListener beforeEachStatus(Runnable action) {
        ProgressListener listener = this;
        return new ProgressListener() {
            @Override
            public void status(StatusResponse status) {
                action.run();
                listener.status(status);
            }

            @Override
            public void finished() {
                listener.finished();
            }
        };
    }

    /**
     * This listener, with {@code action} run once, before it hears the status in which the build's export starts
     * (a started vertex of BuildKit's exporters, which all name theirs {@code exporting ...}): its steps are done.
     */
    default ProgressListener onExportStarted(Runnable action) {
        ProgressListener listener = this;
        AtomicBoolean exporting = new AtomicBoolean();
        return new ProgressListener() {
            @Override
            public void status(StatusResponse status) {
                if (!exporting.get()) {
                    for (Vertex v : status.getVertexesList()) {
                        if (v.hasStarted()
                                && v.getName().startsWith(EXPORT_STEP_PREFIX)
                                && exporting.compareAndSet(false, true)) {
                            action.run();
                        }
                    }
                }
                listener.status(status);
            }

            @Override
            public void finished() {
                listener.finished();
            }
        };
    }

    /** How BuildKit's exporters name their steps: {@code exporting to image}, {@code exporting cache to ...}. */
    String EXPORT_STEP_PREFIX = "exporting ";
}
