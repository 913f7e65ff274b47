package io.jbake.buildkit;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import java.time.Instant;

/**
 * A step the client runs itself after the daemon's (reading the provenance, an engine push), shown among
 * them as buildx shows it: a vertex of its own, started, then completed or failed with the error's message.
 */
final class ClientStep {

    /** The step's work. */
    interface Work<E extends Exception> {
        void run() throws E;
    }

    private ClientStep() {}

    /**
     * Shows step {@code name} (vertex {@code digest}) while {@code work} runs.
     *
     * @throws E what {@code work} throws, once the step shows it as its error
     */
    static <E extends Exception> void run(ProgressListener progress, String digest, String name, Work<E> work)
            throws E {
        Vertex.Builder step =
                Vertex.newBuilder().setDigest(digest).setName(name).setStarted(now());
        progress.status(StatusResponse.newBuilder().addVertexes(step).build());
        try {
            work.run();
        } catch (Exception e) {
            progress.status(StatusResponse.newBuilder()
                    .addVertexes(step.setCompleted(now()).setError(e.getMessage()))
                    .build());
            throw e;
        }
        progress.status(StatusResponse.newBuilder()
                .addVertexes(step.setCompleted(now()))
                .build());
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder()
                .setSeconds(now.getEpochSecond())
                .setNanos(now.getNano())
                .build();
    }
}
