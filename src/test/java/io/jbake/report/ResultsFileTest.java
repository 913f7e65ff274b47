package io.jbake.report;

import static io.jbake.report.Runs.at;
import static io.jbake.report.Runs.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import io.jbake.build.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --results}: the document, byte for byte. */
class ResultsFileTest {
    @TempDir
    Path dir;

    private static final TargetRun BASE = new TargetRun(
            "base",
            List.of(),
            TargetStatus.SUCCEEDED,
            "",
            at(100),
            at(2600),
            at(1500),
            Duration.ZERO,
            Duration.ZERO,
            List.of(
                    step("[internal] load build definition from Dockerfile", 100, 150, false),
                    step("[1/2] FROM docker.io/library/busybox:latest", 200, 210, true),
                    step("[2/2] RUN make", 210, 1400, false),
                    step("exporting to image", 1400, 1500, false)),
            "sha256:aa",
            List.of(),
            "pool/node1",
            Optional.empty(),
            List.of());
    private static final TargetRun APP = new TargetRun(
            "app",
            List.of("base"),
            TargetStatus.SUCCEEDED,
            "",
            at(120),
            at(2500),
            null,
            Duration.ofMillis(250),
            Duration.ofMillis(1380),
            List.of(step("[2/2] COPY . /src", 1600, 1700, true)),
            "sha256:bb",
            List.of("registry.example/app:1", "registry.example/app:latest"),
            "pool/node1",
            Optional.empty(),
            List.of("connection lost: the daemon closed the connection"));
    private static final TargetRun BAD = new TargetRun(
            "bad",
            List.of(),
            TargetStatus.FAILED,
            "failed to solve: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
            at(130),
            at(900),
            null,
            Duration.ZERO,
            Duration.ZERO,
            List.of(),
            "",
            List.of(),
            "pool/node2",
            Optional.empty(),
            List.of());
    private static final TargetRun LATER = new TargetRun(
            "later",
            List.of("bad"),
            TargetStatus.SKIPPED,
            "",
            null,
            null,
            null,
            Duration.ZERO,
            Duration.ZERO,
            List.of(),
            "",
            List.of(),
            "pool/node2",
            Optional.empty(),
            List.of());

    @Test
    void everyTargetWithItsStatusTimesCacheHitsDigestTagsAndNode() throws Exception {
        BakeRun run = new BakeRun(at(0).plusNanos(123_400), at(2600), false, true, List.of(BASE, BAD, APP, LATER));

        ResultsFile.write(dir.resolve("results.json"), run);

        assertEquals("""
                {
                  "version": 1,
                  "status": "failed",
                  "started": "2026-12-07T08:00:00.0001234Z",
                  "ended": "2026-12-07T08:00:02.6Z",
                  "criticalPath": [
                    "base",
                    "app"
                  ],
                  "targets": {
                    "app": {
                      "status": "succeeded",
                      "error": "",
                      "start": "2026-12-07T08:00:00.12Z",
                      "end": "2026-12-07T08:00:02.5Z",
                      "duration": 2.380,
                      "waitingOnDependencies": 1.380,
                      "waitingForSlot": 0.250,
                      "cachedSteps": 1,
                      "totalSteps": 1,
                      "digest": "sha256:bb",
                      "tags": [
                        "registry.example/app:1",
                        "registry.example/app:latest"
                      ],
                      "builder": "pool",
                      "node": "node1",
                      "dependencies": [
                        "base"
                      ],
                      "attempts": 2,
                      "retries": [
                        "connection lost: the daemon closed the connection"
                      ]
                    },
                    "bad": {
                      "status": "failed",
                      "error": "failed to solve: process \\"/bin/sh -c exit 3\\" did not complete successfully: exit code: 3",
                      "start": "2026-12-07T08:00:00.13Z",
                      "end": "2026-12-07T08:00:00.9Z",
                      "duration": 0.770,
                      "waitingOnDependencies": 0.000,
                      "waitingForSlot": 0.000,
                      "cachedSteps": 0,
                      "totalSteps": 0,
                      "digest": "",
                      "tags": [],
                      "builder": "pool",
                      "node": "node2",
                      "dependencies": [],
                      "attempts": 1,
                      "retries": []
                    },
                    "base": {
                      "status": "succeeded",
                      "error": "",
                      "start": "2026-12-07T08:00:00.1Z",
                      "end": "2026-12-07T08:00:02.6Z",
                      "duration": 2.500,
                      "waitingOnDependencies": 0.000,
                      "waitingForSlot": 0.000,
                      "cachedSteps": 1,
                      "totalSteps": 2,
                      "digest": "sha256:aa",
                      "tags": [],
                      "builder": "pool",
                      "node": "node1",
                      "dependencies": [],
                      "attempts": 1,
                      "retries": []
                    },
                    "later": {
                      "status": "skipped",
                      "error": "",
                      "start": null,
                      "end": null,
                      "duration": 0.000,
                      "waitingOnDependencies": 0.000,
                      "waitingForSlot": 0.000,
                      "cachedSteps": 0,
                      "totalSteps": 0,
                      "digest": "",
                      "tags": [],
                      "builder": "pool",
                      "node": "node2",
                      "dependencies": [
                        "bad"
                      ],
                      "attempts": 0,
                      "retries": []
                    }
                  }
                }""", Files.readString(dir.resolve("results.json")));
    }

    @Test
    void theBakeIsCancelledAfterCtrlCAndSucceededWhenEveryTargetDid() {
        assertEquals("cancelled", ResultsFile.status(new BakeRun(at(0), at(1), true, false, List.of(BASE))));
        assertEquals("succeeded", ResultsFile.status(new BakeRun(at(0), at(1), false, false, List.of(BASE, APP))));
    }
}
