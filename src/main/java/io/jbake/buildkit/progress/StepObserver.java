package io.jbake.buildkit.progress;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Hands the steps (vertexes) of one build's progress, as they are reported, to someone who keeps a record of
 * them without reading BuildKit's wire types ({@code build}'s run record).
 */
public final class StepObserver {
    private StepObserver() {}

    /**
     * One report of a started vertex.
     *
     * @param started when it started, on the daemon's clock
     * @param completed when it completed, on the daemon's clock; null while it runs
     * @param error the daemon's error, empty when none
     */
    public record StepUpdate(
            String digest, String name, Instant started, Instant completed, boolean cached, String error) {}

    /**
     * {@code listener}, with each started vertex of each status also given to {@code steps} first (a vertex not
     * started yet, or repeated without its start, is not).
     */
    public static ProgressListener observing(ProgressListener listener, Consumer<StepUpdate> steps) {
        return new ProgressListener() {
            @Override
            public void status(StatusResponse status) {
                for (Vertex v : status.getVertexesList()) {
                    if (v.hasStarted()) {
                        steps.accept(new StepUpdate(
                                v.getDigest(),
                                v.getName(),
                                instant(v.getStarted()),
                                v.hasCompleted() ? instant(v.getCompleted()) : null,
                                v.getCached(),
                                v.getError()));
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

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
