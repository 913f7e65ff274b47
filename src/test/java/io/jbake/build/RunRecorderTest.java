package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.graph.NodeOutcome;
import io.jbake.graph.NodeOutcome.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the run record keeps of each target's build, from what BakeBuild tells it and its progress. */
class RunRecorderTest {

    private static Vertex vertex(String digest, String name, long startSeconds, Long endSeconds, boolean cached) {
        Vertex.Builder v = Vertex.newBuilder()
                .setDigest(digest)
                .setName(name)
                .setStarted(Timestamp.newBuilder().setSeconds(startSeconds))
                .setCached(cached);
        if (endSeconds != null) {
            v.setCompleted(Timestamp.newBuilder().setSeconds(endSeconds));
        }
        return v.build();
    }

    @Test
    void keepsEachTargetsOwnStepsItsImageAndItsFailedStepsLastLines() {
        Map<String, List<String>> links = new LinkedHashMap<>();
        links.put("base", List.of());
        links.put("app", List.of("base"));
        links.put("bad", List.of());
        links.put("later", List.of("bad"));
        RunRecorder recorder =
                new RunRecorder(links, Map.of("base", "b/n", "app", "b/n", "bad", "b/n", "later", "b/n"), false, false);
        long now = Instant.now().getEpochSecond();
        List<String> heard = new ArrayList<>();
        ProgressListener display = status -> heard.add(status.getVertexes(0).getName());

        recorder.target("base").stepStarted();
        recorder.target("base")
                .listening(display)
                .status(StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:from", "[1/2] FROM busybox", now, now, true))
                        .addVertexes(vertex("sha256:run", "[2/2] RUN make", now, null, false))
                        .build());
        recorder.target("base")
                .listening(display)
                .status(StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:run", "[2/2] RUN make", now, now + 2, false))
                        .addVertexes(vertex("sha256:export", "exporting to image", now + 2, now + 3, false))
                        .build());
        recorder.target("base").published();
        recorder.target("app").stepStarted();
        recorder.target("app").inputsReady();
        // app's build reports base's steps too: they are base's
        recorder.target("app")
                .listening(display)
                .status(StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:from", "[1/2] FROM busybox", now, now, true))
                        .addVertexes(vertex("sha256:app", "[2/2] RUN make app", now + 3, now + 4, true))
                        .addVertexes(vertex("sha256:ctx", "[internal] load build context", now, now + 1, false))
                        .build());
        recorder.target("app").ended();
        recorder.target("base").ended();
        recorder.target("bad").stepStarted();
        recorder.target("bad")
                .listening(display)
                .status(StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:bad", "[2/2] RUN exit 3", now, now + 1, false).toBuilder()
                                .setError("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3"))
                        .build());
        recorder.target("bad").ended();

        BuildResult image = new BuildResult(
                "ref1", Map.of("containerimage.digest", "sha256:img", "image.name", "r/app:1,r/app:latest"), "b/n");
        List<NodeOutcome<BakeBuild.TargetResult>> outcomes = List.of(
                new NodeOutcome<>(
                        "base",
                        State.SUCCEEDED,
                        new BakeBuild.TargetResult(null, new BuildResult("ref0", Map.of(), "b/n")),
                        null,
                        Duration.ofSeconds(3)),
                new NodeOutcome<>(
                        "app", State.SUCCEEDED, new BakeBuild.TargetResult(null, image), null, Duration.ofSeconds(4)),
                new NodeOutcome<>(
                        "bad",
                        State.FAILED,
                        null,
                        new BuildKitException("failed to solve: exit code: 3"),
                        Duration.ofSeconds(1)),
                new NodeOutcome<>("later", State.SKIPPED, null, null, Duration.ZERO));
        BakeRun run = recorder.finish(
                outcomes,
                false,
                digest -> digest.equals("sha256:bad") ? List.of("0.100 about to fail") : List.of(),
                Optional.empty(),
                Map.of("app", new Retries.Attempts(2, List.of("connection lost"))));

        assertEquals(
                List.of("[1/2] FROM busybox", "[2/2] RUN make", "[1/2] FROM busybox", "[2/2] RUN exit 3"),
                heard,
                "the display hears every status");
        TargetRun base = run.targets().get(0);
        TargetRun app = run.targets().get(1);
        TargetRun bad = run.targets().get(2);
        TargetRun later = run.targets().get(3);
        assertEquals(
                List.of("[1/2] FROM busybox", "[2/2] RUN make", "exporting to image"),
                base.steps().stream().map(TargetRun.Step::name).toList());
        assertEquals(List.of(1, 2), List.of(base.cachedSteps(), base.totalSteps()));
        assertEquals(
                Duration.ofSeconds(2),
                Duration.between(
                        base.steps().get(1).started(), base.steps().get(1).completed()));
        assertEquals(
                List.of(TargetRun.Phase.SOLVE, TargetRun.Phase.SOLVE, TargetRun.Phase.EXPORT),
                base.steps().stream().map(TargetRun.Step::phase).toList());
        assertEquals(
                List.of("[2/2] RUN make app", "[internal] load build context"),
                app.steps().stream().map(TargetRun.Step::name).toList());
        assertEquals(List.of(1, 1), List.of(app.cachedSteps(), app.totalSteps()));
        assertEquals(TargetRun.Phase.UPLOAD, app.steps().get(1).phase());
        assertEquals("sha256:img", app.digest());
        assertEquals(List.of("r/app:1", "r/app:latest"), app.tags());
        assertEquals(List.of(2, List.of("connection lost")), List.of(app.attempts(), app.retries()));
        assertEquals(List.of(1, List.of()), List.of(base.attempts(), base.retries()));
        // --atomic: the names are the tags written, none when the tag phase wrote none
        assertEquals(
                List.of("r/app:2"),
                recorder.finish(outcomes, false, digest -> List.of(), Optional.of(Map.of("app", "r/app:2")), Map.of())
                        .targets()
                        .get(1)
                        .tags());
        assertEquals(
                List.of(),
                recorder.finish(outcomes, false, digest -> List.of(), Optional.of(Map.of()), Map.of())
                        .targets()
                        .get(1)
                        .tags());
        assertEquals(List.of("base"), app.dependencies());
        assertTrue(base.published() != null && app.published() == null);
        assertEquals(TargetStatus.FAILED, bad.status());
        assertEquals("failed to solve: exit code: 3", bad.error());
        assertEquals(
                new TargetRun.FailedStep(
                        "[2/2] RUN exit 3",
                        "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                        List.of("0.100 about to fail")),
                bad.failedStep().orElseThrow());
        assertEquals(TargetStatus.SKIPPED, later.status());
        assertNull(later.started());
        assertEquals(Duration.ZERO, later.waitingForSlot());
        assertEquals("b/n", later.node());
    }
}
