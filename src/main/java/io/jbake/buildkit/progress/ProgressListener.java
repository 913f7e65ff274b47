package io.jbake.buildkit.progress;

import io.jbake.buildkit.proto.StatusResponse;

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
}
