package io.jbake.buildkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportStartedTest {
    private static StatusResponse vertex(String name, boolean started) {
        Vertex.Builder v =
                Vertex.newBuilder().setDigest("sha256:" + name.length()).setName(name);
        if (started) {
            v.setStarted(Timestamp.newBuilder().setSeconds(1));
        }
        return StatusResponse.newBuilder().addVertexes(v).build();
    }

    @Test
    void runsOnceBeforeTheStatusInWhichTheFirstExportStepStarts() {
        List<String> heard = new ArrayList<>();
        ProgressListener listener = ((ProgressListener) status -> heard.add(
                        status.getVertexes(0).getName() + (status.getVertexes(0).hasStarted() ? "" : " (queued)")))
                .onExportStarted(() -> heard.add("export started"));

        listener.status(vertex("[2/2] RUN echo exporting to image", true));
        listener.status(vertex("exporting to image", false));
        listener.status(vertex("exporting to image", true));
        listener.status(vertex("exporting cache to registry", true));

        assertEquals(
                List.of(
                        "[2/2] RUN echo exporting to image",
                        "exporting to image (queued)",
                        "export started",
                        "exporting to image",
                        "exporting cache to registry"),
                heard);
    }
}
