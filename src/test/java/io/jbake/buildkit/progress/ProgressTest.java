package io.jbake.buildkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.proto.VertexStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress rendering from status deltas; expected texts are buildx 0.29.1's for the same events. */
class ProgressTest {

    private static final long T0 = 1_764_095_753L;

    private static Timestamp at(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        return Timestamp.newBuilder()
                .setSeconds(T0 + nanos / 1_000_000_000L)
                .setNanos((int) (nanos % 1_000_000_000L))
                .build();
    }

    private static Vertex.Builder vertex(String digest, String name, double started) {
        return Vertex.newBuilder().setDigest(digest).setName(name).setStarted(at(started));
    }

    private static VertexLog log(String digest, double at, String text) {
        return VertexLog.newBuilder()
                .setVertex(digest)
                .setTimestamp(at(at))
                .setStream(1)
                .setMsg(ByteString.copyFromUtf8(text))
                .build();
    }

    @Test
    void plainOutputOfTwoTargetsInterleavedAsBuildxBakePrintsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainPrinter printer = new PlainPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Trace trace = new Trace();

        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:a", "[internal] load build definition from Dockerfile", 0))
                        .build(),
                "app");
        trace.apply(
                StatusResponse.newBuilder()
                        .addStatuses(VertexStatus.newBuilder()
                                .setID("transferring dockerfile:")
                                .setVertex("sha256:a")
                                .setCurrent(106)
                                .setTimestamp(at(0.020))
                                .setStarted(at(0.015))
                                .setCompleted(at(0.020)))
                        .addVertexes(vertex("sha256:a", "[internal] load build definition from Dockerfile", 0)
                                .setCompleted(at(0.03)))
                        .build(),
                "app");
        printer.print(trace, false);
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:b", "[2/3] RUN echo hello abc && sleep 1", 1))
                        .addLogs(log("sha256:b", 1.383, "hello "))
                        .addLogs(log("sha256:b", 1.384, "abc\n"))
                        .build(),
                "app");
        printer.print(trace, false);
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:c", "[2/3] RUN echo hello def && sleep 1", 2))
                        .addLogs(log("sha256:c", 2.323, "hello def\n"))
                        .build(),
                "web");
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:c", "[2/3] RUN echo hello def && sleep 1", 2)
                                .setCompleted(at(3.3)))
                        .build(),
                "web");
        printer.print(trace, false);
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:b", "[2/3] RUN echo hello abc && sleep 1", 1)
                                .setCompleted(at(2.4)))
                        .addVertexes(vertex("sha256:d", "exporting to image", 3)
                                .setCached(true)
                                .setCompleted(at(3)))
                        .build(),
                "app");
        printer.print(trace, false);

        assertEquals("""
        #1 [app internal] load build definition from Dockerfile
        #1 transferring dockerfile: 106B done
        #1 DONE 0.0s

        #2 [app 2/3] RUN echo hello abc && sleep 1
        #2 0.383 hello abc
        #2 ...

        #3 [web 2/3] RUN echo hello def && sleep 1
        #3 0.323 hello def
        #3 DONE 1.3s

        #2 [app 2/3] RUN echo hello abc && sleep 1
        #2 DONE 1.4s

        #4 [app] exporting to image
        #4 CACHED
        """, bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * A step of this machine's (the definitions read) is printed when it is shown: a build's step arriving before
     * the next tick, completed earlier by the daemon's clock, would otherwise be printed before it.
     */
    @Test
    void aLocalStepIsPrintedBeforeTheBuildStepsThatFollowIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display =
                ProgressDisplay.create("plain", new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        java.time.Instant now = java.time.Instant.now();
        display.localStep(
                "[internal] load local bake definitions",
                now,
                now,
                java.util.List.of(new ProgressDisplay.LocalProgress("reading docker-bake.hcl", 21, 21)));
        display.forBuild("app")
                .status(StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:f", "[1/2] FROM busybox", 0)
                                .setCompleted(at(0))
                                .setCached(true))
                        .build());
        display.close();

        assertEquals("""
                #1 [internal] load local bake definitions
                #1 reading docker-bake.hcl 21B / 21B done
                #1 DONE 0.0s

                #2 [app 1/2] FROM busybox
                #2 CACHED
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStepTwoBuildsShareShowsTheLogsOfOneBuildAtATime() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display =
                ProgressDisplay.create("plain", new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        ProgressListener app = display.forBuild("app");
        ProgressListener web = display.forBuild("web");
        app.status(StatusResponse.newBuilder()
                .addVertexes(vertex("sha256:x", "[1/2] RUN make", 0))
                .addLogs(log("sha256:x", 0.5, "from app\n"))
                .build());
        web.status(StatusResponse.newBuilder()
                .addVertexes(vertex("sha256:x", "[1/2] RUN make", 0))
                .addLogs(log("sha256:x", 0.5, "from web\n"))
                .build());
        app.finished();
        web.status(StatusResponse.newBuilder()
                .addLogs(log("sha256:x", 0.7, "web after app ended\n"))
                .addVertexes(vertex("sha256:x", "[1/2] RUN make", 0).setCompleted(at(1)))
                .build());
        display.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(" 0.500 from app\n"), out);
        assertFalse(out.contains("from web"), out);
        assertTrue(out.contains(" 0.700 web after app ended\n"), out);
    }

    @Test
    void sizesAndSubProgressLikeBuildx() {
        assertEquals("106B", PlainPrinter.bytes(106));
        assertEquals("1.23kB", PlainPrinter.bytes(1234));
        assertEquals("45.68MB", PlainPrinter.bytes(45_678_901));
        VertexStatus layer = VertexStatus.newBuilder()
                .setID("sha256:0123 1.2MB / 3.4MB")
                .setVertex("v")
                .setCurrent(1_200_000)
                .setTotal(3_400_000)
                .setStarted(at(0))
                .setTimestamp(at(0.5))
                .build();
        assertEquals("sha256:0123 1.2MB / 3.4MB 1.20MB / 3.40MB 0.5s", PlainPrinter.statusLine(layer));
    }

    @Test
    void plainTimesAndSizesRoundTheBinaryValueHalfToEvenAsGoDoes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainPrinter printer = new PlainPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Trace trace = new Trace();
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:a", "[1/2] RUN make", 0).setCompleted(at(12.25)))
                        .addStatuses(VertexStatus.newBuilder()
                                .setID("transferring context:")
                                .setVertex("sha256:a")
                                .setCurrent(1_005)
                                .setTotal(2_675)
                                .setStarted(at(0))
                                .setTimestamp(at(0.35))
                                .setCompleted(at(0.35)))
                        .addLogs(log("sha256:a", 1.0005, "early\n"))
                        .addLogs(log("sha256:a", 12.125, "late\n"))
                        .build(),
                "");
        printer.print(trace, true);
        // Java's %.Nf would print 0.4s, 1.01kB, 2.68kB, 1.001, 12.13 and 12.3s here
        assertEquals("""
        #1 [1/2] RUN make
        #1 transferring context: 1.00kB / 2.67kB 0.3s done
        #1 1.000 early
        #1 12.12 late
        #1 DONE 12.2s
        """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rawJsonIsBuildxsEncodingOfSolveStatus() {
        StatusResponse status = StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder()
                        .setDigest("sha256:125b")
                        .addInputs("sha256:e744")
                        .setName("[2/3] RUN echo hello abc && sleep 1")
                        .setStarted(Timestamp.newBuilder().setSeconds(T0).setNanos(109788931))
                        .setCompleted(Timestamp.newBuilder().setSeconds(T0).setNanos(109788930))
                        .setCached(true))
                .addStatuses(VertexStatus.newBuilder()
                        .setID("transferring dockerfile:")
                        .setVertex("sha256:dec3")
                        .setName("transferring")
                        .setCurrent(0)
                        .setTimestamp(Timestamp.newBuilder().setSeconds(T0).setNanos(4443126))
                        .setStarted(Timestamp.newBuilder().setSeconds(T0).setNanos(4442735)))
                .addLogs(log("sha256:125b", 0, "hi\n").toBuilder()
                        .setTimestamp(Timestamp.newBuilder().setSeconds(T0)))
                .build();
        assertEquals(
                "{\"vertexes\":[{\"digest\":\"sha256:125b\",\"inputs\":[\"sha256:e744\"],"
                        + "\"name\":\"[2/3] RUN echo hello abc \\u0026\\u0026 sleep 1\",\"started\":\"2025-11-25T18:35:53.109788931Z\","
                        + "\"completed\":\"2025-11-25T18:35:53.10978893Z\",\"cached\":true}],"
                        + "\"statuses\":[{\"id\":\"transferring dockerfile:\",\"vertex\":\"sha256:dec3\",\"name\":\"transferring\","
                        + "\"current\":0,\"timestamp\":\"2025-11-25T18:35:53.004443126Z\",\"started\":\"2025-11-25T18:35:53.004442735Z\"}],"
                        + "\"logs\":[{\"vertex\":\"sha256:125b\",\"stream\":1,\"data\":\"aGkK\",\"timestamp\":\"2025-11-25T18:35:53Z\"}]}",
                RawJsonPrinter.line(status));
    }

    @Test
    void rawJsonEscapesStringsAsBuildxsJsonEncoder() {
        StatusResponse status = StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder()
                        .setDigest("sha256:d3bc")
                        .setName("[2/2] RUN echo \"a\bb\fc<>&\u2028\u0001\" > /x"))
                .build();
        // buildx 0.29.1's line for a Dockerfile holding these bytes in a RUN instruction
        assertEquals(
                "{\"vertexes\":[{\"digest\":\"sha256:d3bc\","
                        + "\"name\":\"[2/2] RUN echo \\\"a\\bb\\fc\\u003c\\u003e\\u0026\\u2028\\u0001\\\" \\u003e /x\"}]}",
                RawJsonPrinter.line(status));
    }

    @Test
    void unknownModeIsRefusedInBuildxWords() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ProgressDisplay.create("fancy", System.err, false));
        assertEquals("invalid progress mode fancy", e.getMessage());
    }
}
