package io.jbake.buildkit;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.ListWorkersRequest;
import io.jbake.buildkit.proto.WorkerRecord;
import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The push after the build that Docker Engine needs, as buildx's docker driver does it: with the classic
 * image store the engine's {@code moby} exporter stores and names the image but does not push it, so the
 * images that exports with {@code push=true} named are pushed through the engine's API. With the
 * containerd image store the exporter pushes by itself (and the engine builds for several platforms at once).
 */
final class EnginePush {

    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(20);

    /** The worker label of a Docker Engine that builds on containerd snapshotters (its containerd image store). */
    private static final String SNAPSHOTTER_LABEL = "org.mobyproject.buildkit.worker.snapshotter";

    private final Channel channel;
    private final Endpoint endpoint;
    private volatile Boolean exporterPushes;

    /** For the daemon at {@code endpoint}, which {@code channel} reaches. */
    EnginePush(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /**
     * Whether the engine's {@code moby} exporter pushes by itself: with the containerd image store, whose
     * worker carries a snapshotter label. buildx's docker driver asks the same (its {@code DirectPush}
     * feature) and then does not push after the build. Asked once.
     */
    boolean exporterPushes() {
        Boolean known = exporterPushes;
        if (known == null) {
            known = workers().stream().anyMatch(w -> w.getLabelsMap().containsKey(SNAPSHOTTER_LABEL));
            exporterPushes = known;
        }
        return known;
    }

    /** The daemon's workers, with their platforms and labels. */
    List<WorkerRecord> workers() {
        try {
            return ControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .listWorkers(ListWorkersRequest.getDefaultInstance())
                    .getRecordList();
        } catch (StatusRuntimeException e) {
            throw DaemonErrors.lostConnection(e, endpoint);
        }
    }

    /**
     * For Docker Engine with the classic image store, pushes the images of {@code request}'s exports with
     * {@code push=true}, each as a step of its own of build {@code buildRef}; nothing for buildkitd, or when the
     * exporter has pushed already ({@link #exporterPushes}).
     *
     * @throws BuildFailedException with the engine's own words when a push fails
     */
    void afterBuild(String buildRef, BuildRequest request, ProgressListener progress) {
        if (endpoint.kind() != Endpoint.Kind.DOCKER) {
            return;
        }
        List<String> images = new ArrayList<>();
        for (BuildRequest.Export export : request.exports()) {
            boolean imageExport = export.type().equals("image") || export.type().equals("docker");
            if (imageExport
                    && "true".equals(export.attrs().get("push"))
                    && export.attrs().containsKey("name")) {
                for (String name : export.attrs().get("name").split(",")) {
                    images.add(name.strip());
                }
            }
        }
        if (images.isEmpty() || exporterPushes()) {
            return;
        }
        for (String image : images) {
            try {
                ClientStep.run(
                        progress,
                        "push:" + buildRef + ":" + image,
                        "pushing " + image + " with docker",
                        () -> endpoint.pushImage(image));
            } catch (IOException e) {
                // buildx's docker driver reports the engine's own words, without naming the image
                throw new BuildFailedException(e.getMessage(), List.of());
            }
        }
    }
}
