package io.jbake.buildkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.ProgressGroup;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.buildkit.proto.VertexWarning;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live view's frames, laid out as buildx 0.29.1 lays them out (its tty display, observed in a
 * pseudo-terminal): times are the daemon's, this machine's clock is pinned to them.
 */
class TtyPrinterTest {

    private static final long T0 = 1_764_095_753L;
    private static final String BLUE = "\033[34m";
    private static final String RED = "\033[31m";
    private static final String FAINT = "\033[2m";
    private static final String RESET = "\033[0m";

    private static Timestamp at(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        return Timestamp.newBuilder()
                .setSeconds(T0 + nanos / 1_000_000_000L)
                .setNanos((int) (nanos % 1_000_000_000L))
                .build();
    }

    /** This machine's clock at {@code seconds} after T0. */
    private static long now(double seconds) {
        return T0 * 1_000_000_000L + Math.round(seconds * 1e9);
    }

    private static Vertex.Builder vertex(String digest, String name, double started) {
        return Vertex.newBuilder().setDigest(digest).setName(name).setStarted(at(started));
    }

    private static Vertex.Builder done(String digest, String name, double started, double completed) {
        return vertex(digest, name, started).setCompleted(at(completed));
    }

    private static VertexLog log(String digest, double at, String text) {
        return VertexLog.newBuilder()
                .setVertex(digest)
                .setTimestamp(at(at))
                .setStream(1)
                .setMsg(ByteString.copyFromUtf8(text))
                .build();
    }

    /** A trace of the given deltas, with this machine's clock and the daemon's the same. */
    private static Trace trace(StatusResponse... deltas) {
        Trace trace = new Trace(true);
        trace.screenWidth = 50;
        for (StatusResponse delta : deltas) {
            trace.apply(delta, null);
        }
        trace.localTimeDiff = 0;
        trace.clocksMeasured = true;
        return trace;
    }

    private static TtyPrinter printer(TtyPrinter.Colors colors) {
        return new TtyPrinter(
                new PrintStream(new ByteArrayOutputStream()),
                Terminal.fixed(60, 20),
                colors,
                TtyPrinter.LOG_LINES,
                "docker:default");
    }

    private static StatusResponse finishedBuild() {
        return StatusResponse.newBuilder()
                .addVertexes(done("sha256:a", "[internal] load build definition from Dockerfile", 0, 0.03))
                .addStatuses(VertexStatus.newBuilder()
                        .setVertex("sha256:a")
                        .setID("transferring dockerfile:")
                        .setCurrent(185)
                        .setTimestamp(at(0.02))
                        .setStarted(at(0.01))
                        .setCompleted(at(0.02)))
                .addVertexes(done("sha256:b", "[1/3] FROM docker.io/library/busybox:local", 0.05, 0.05)
                        .setCached(true))
                .addVertexes(done(
                        "sha256:c", "[2/3] RUN echo a command too long for sixty columns, cut at the name", 0.1, 1.6))
                .addVertexes(done("sha256:d", "[3/3] RUN exit 3", 1.6, 2.1)
                        .setError("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3"))
                .build();
    }

    @Test
    void lastFrameListsEveryStepCutToTheWidthWithTheTimeAtTheEdgeAndColours() {
        String frame = printer(TtyPrinter.Colors.DEFAULT).frame(trace(finishedBuild()), 60, 20, true, now(2.14));

        assertEquals(
                "\033[1A\033[1B\033[0G\033[?25l"
                        + "[+] Building 2.1s (4/4) FINISHED             docker:default\n"
                        + BLUE + " => [internal] load build definition from Dockerfile   0.0s\n" + RESET
                        + BLUE + " => => transferring dockerfile: 185B                   0.0s\n" + RESET
                        + BLUE + " => CACHED [1/3] FROM docker.io/library/busybox:local  0.0s\n" + RESET
                        + BLUE + " => [2/3] RUN echo a command too long for sixty colum  1.5s\n" + RESET
                        + RED + " => ERROR [3/3] RUN exit 3                             0.5s\n" + RESET
                        + "\033[?25h",
                frame);
    }

    @Test
    void withoutColoursAndWithoutABuilderTheHeaderFillsTheWidth() {
        String frame = printer(TtyPrinter.Colors.fromEnvironment(Map.of("NO_COLOR", "1")))
                .frame(trace(finishedBuild()), 60, 20, false, now(2.14));

        assertEquals(
                "[+] Building 2.1s (4/4)                      docker:default\n"
                        + " => [internal] load build definition from Dockerfile   0.0s\n"
                        + " => => transferring dockerfile: 185B                   0.0s\n"
                        + " => CACHED [1/3] FROM docker.io/library/busybox:local  0.0s\n"
                        + " => [2/3] RUN echo a command too long for sixty colum  1.5s\n"
                        + " => ERROR [3/3] RUN exit 3                             0.5s\n",
                frame.substring(frame.indexOf("[+]"), frame.indexOf("\033[?25h")));
    }

    @Test
    void runningStepsShowTheirLastOutputLinesWrappedAtTheScreenWidth() {
        Trace trace = trace(StatusResponse.newBuilder()
                .addVertexes(done("sha256:a", "[1/3] FROM docker.io/library/busybox:local", 0, 0.01))
                .addVertexes(vertex("sha256:b", "[2/3] RUN ./build.sh", 0.1))
                .addLogs(log("sha256:b", 0.2, "step 1\nstep 2\n"))
                .addLogs(log("sha256:b", 0.3, "a line longer than the fifty columns of the log screen here\n"))
                .addLogs(log("sha256:b", 0.4, "50%\r100%\n"))
                .build());
        String frame = printer(TtyPrinter.Colors.NONE).frame(trace, 60, 20, false, now(1.25));

        // 1.15 s running and 1.25 s elapsed print as Go rounds them (1.1, 1.2), not half-up
        String pad = " ".repeat(50 - 6);
        assertEquals(
                "[+] Building 1.2s (1/2)                      docker:default\n"
                        + " => [1/3] FROM docker.io/library/busybox:local         0.0s\n"
                        + " => [2/3] RUN ./build.sh                               1.1s\n"
                        + FAINT + " => => # step 1" + pad + "\n" + RESET
                        + FAINT + " => => # step 2" + pad + "\n" + RESET
                        + FAINT + " => => # a line longer than the fifty columns of the log sc\n" + RESET
                        + FAINT + " => => # reen here" + " ".repeat(50 - 9) + "\n" + RESET
                        + FAINT + " => => # 100%" + " ".repeat(50 - 4) + "\n" + RESET,
                frame.substring(frame.indexOf("[+]"), frame.indexOf("\033[?25h")));
    }

    @Test
    void whenStepsOutgrowTheHeightFinishedOnesScrollAwayAndRunningOnesStay() {
        StatusResponse.Builder delta =
                StatusResponse.newBuilder().addVertexes(vertex("sha256:run", "[app 2/9] RUN sleep 60", 0));
        for (int i = 1; i <= 8; i++) {
            delta.addVertexes(done("sha256:" + i, "[lib " + i + "/9] RUN true", i, i + 0.5));
        }
        Trace trace = trace(delta.build());
        TtyPrinter printer = printer(TtyPrinter.Colors.NONE);

        String frame = printer.frame(trace, 60, 7, false, now(9));

        // 7 rows: the header, 5 steps, and a row left free as buildx leaves it
        assertEquals(
                "[+] Building 9.0s (8/9)                      docker:default\n"
                        + " => [app 2/9] RUN sleep 60                             9.0s\n"
                        + " => [lib 5/9] RUN true                                 0.5s\n"
                        + " => [lib 6/9] RUN true                                 0.5s\n"
                        + " => [lib 7/9] RUN true                                 0.5s\n"
                        + " => [lib 8/9] RUN true                                 0.5s\n",
                frame.substring(frame.indexOf("[+]"), frame.indexOf("\033[?25h")));

        // the next frame goes back up over the 5 lines and the header; a shorter one blanks what is left
        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(done("sha256:run", "[app 2/9] RUN sleep 60", 0, 9.5))
                        .build(),
                null);
        String next = printer.frame(trace, 60, 3, false, now(10));
        assertEquals(
                "\033[1A".repeat(6) + "\033[0G\033[?25l"
                        + "[+] Building 10.0s (9/9)                     docker:default\n"
                        + " => [lib 8/9] RUN true                                 0.5s\n"
                        + (" ".repeat(60) + "\n").repeat(4) + "\033[4A\033[0G"
                        + "\033[?25h",
                next);
    }

    @Test
    void subProgressShowsSizesAndWarningsFollowTheirStep() {
        Trace trace = trace(StatusResponse.newBuilder()
                .addVertexes(vertex("sha256:a", "[internal] load build context", 0))
                .addStatuses(VertexStatus.newBuilder()
                        .setVertex("sha256:a")
                        .setID("transferring context:")
                        .setCurrent(2_345_678)
                        .setTotal(5_000_000)
                        .setTimestamp(at(0.5))
                        .setStarted(at(0.1)))
                .addWarnings(VertexWarning.newBuilder()
                        .setVertex("sha256:a")
                        .setShort(
                                ByteString.copyFromUtf8("FromAsCasing: 'as' and 'FROM' keywords' casing do not match")))
                .build());
        String frame = printer(TtyPrinter.Colors.NONE).frame(trace, 60, 20, false, now(0.75));

        assertEquals(
                "[+] Building 0.8s (0/1)                      docker:default\n"
                        + " => [internal] load build context                      0.8s\n"
                        + " => => transferring context: 2.35MB / 5.00MB           0.7s\n"
                        + " => WARN: FromAsCasing: 'as' and 'FROM' keywords' cas  0.8s\n",
                frame.substring(frame.indexOf("[+]"), frame.indexOf("\033[?25h")));
    }

    @Test
    void aProgressGroupIsOneStepShownOnceAMemberThatCountsStarted() {
        ProgressGroup group = ProgressGroup.newBuilder()
                .setId("pg1")
                .setName("[2/3] COPY --link a.txt /a.txt")
                .setWeak(true)
                .build();
        Trace trace = trace(StatusResponse.newBuilder()
                .addVertexes(done("sha256:from", "[1/3] FROM docker.io/library/busybox:local", 0, 0.1))
                .addVertexes(done("sha256:copy", "copy /a.txt /a.txt", 0.1, 0.3).setProgressGroup(group))
                .build());
        TtyPrinter printer = printer(TtyPrinter.Colors.NONE);
        String weakOnly = printer.frame(trace, 60, 20, false, now(0.4));
        assertEquals(
                "[+] Building 0.4s (1/1)                      docker:default\n"
                        + " => [1/3] FROM docker.io/library/busybox:local         0.1s\n",
                weakOnly.substring(weakOnly.indexOf("[+]"), weakOnly.indexOf("\033[?25h")));

        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(done("sha256:merge", "[2/3] LINK COPY --link a.txt /a.txt", 0.3, 0.5)
                                .setProgressGroup(group.toBuilder().setWeak(false)))
                        .build(),
                "app");
        String shown = printer.frame(trace, 60, 20, true, now(0.6));
        // buildx counts the group once for its own id and once for each member's digest
        assertEquals(
                "[+] Building 0.6s (4/4) FINISHED             docker:default\n"
                        + " => [1/3] FROM docker.io/library/busybox:local         0.1s\n"
                        + " => [app 2/3] COPY --link a.txt /a.txt                 0.4s\n",
                shown.substring(shown.indexOf("[+]"), shown.indexOf("\033[?25h")));
    }

    @Test
    void stepsOfJbakesOwnLeaveTheClockDifferenceToTheDaemonsFirstStep() {
        Trace trace = new Trace(true);
        trace.applyLocal(StatusResponse.newBuilder()
                .addVertexes(done("sha256:own", "[internal] load local bake definitions", 0, 0.001))
                .build());
        assertFalse(trace.clocksMeasured);
        assertEquals(at(0), trace.startTime);

        trace.apply(
                StatusResponse.newBuilder()
                        .addVertexes(vertex("sha256:a", "[1/2] FROM busybox", 2))
                        .build(),
                null);
        long diff = Trace.wallNanos() - Trace.nanos(at(2));
        assertEquals(diff, trace.localTimeDiff, 1e9); // measured as the daemon's step arrived
    }

    @Test
    void buildkitColorsNamesAndRgbValues() {
        TtyPrinter.Colors colors = TtyPrinter.Colors.fromEnvironment(
                Map.of("BUILDKIT_COLORS", "run=green:error=255,0,0:cancel=light-cyan:warning=nope"));

        assertEquals(new TtyPrinter.Colors("\033[32m", "\033[96m", "\033[38;5;196m", "\033[33m"), colors);
    }

    @Test
    void displayListsWarningsOnceAfterTheLastFrame() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressDisplay display = ProgressDisplay.tty(out, 60, 20, TtyPrinter.Colors.NONE, "");
        VertexWarning warning = VertexWarning.newBuilder()
                .setVertex("sha256:a")
                .setShort(
                        ByteString.copyFromUtf8("FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"))
                .build();
        display.forBuild("app")
                .status(StatusResponse.newBuilder()
                        .addVertexes(done("sha256:a", "[internal] load build definition from Dockerfile", 0, 0.1))
                        .addWarnings(warning)
                        .build());
        display.forBuild("web")
                .status(StatusResponse.newBuilder()
                        .addVertexes(done("sha256:b", "[internal] load build definition from Dockerfile", 0, 0.1))
                        .addWarnings(warning.toBuilder().setVertex("sha256:b"))
                        .build());
        display.close();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(
                "\033[?25h\n \033[33m1 warning found (use docker --debug to expand):\n\033[0m"
                        + " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n",
                text.substring(text.lastIndexOf("\033[?25h")));
    }

    /**
     * buildx draws the step of a local read running as soon as it starts, then finished; a bake that fails
     * before building (here: a context directory that does not exist) shows no more than that. Only the last
     * header's time, which runs on this machine's clock, is matched by shape.
     */
    @Test
    void localStepIsDrawnRunningFirstAsBuildxDrawsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressDisplay display = ProgressDisplay.tty(out, 80, 20, TtyPrinter.Colors.DEFAULT, "docker:default");
        Instant started = Instant.now();

        display.localStep(
                "[internal] load local bake definitions",
                started,
                started.plusMillis(1),
                List.of(new ProgressDisplay.LocalProgress("reading docker-bake.hcl", 40, 40)));
        display.close();

        String expected = "\033[1A\033[1B\033[0G\033[?25l[+] Building 0.0s (0/1)"
                + "                                          docker:default\n"
                + " => [internal] load local bake definitions                                 0.0s\n"
                + "\033[?25h\033[1A\033[1A\033[0G\033[?25l[+] Building TIME (1/1) FINISHED"
                + "                                 docker:default\n"
                + BLUE + " => [internal] load local bake definitions                                 0.0s\n"
                + RESET + BLUE + " => => reading docker-bake.hcl 40B / 40B                                   0.0s\n"
                + RESET + "\033[?25h";
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.matches(Pattern.quote(expected).replace("TIME", "\\E\\d\\.\\ds\\Q")), text.replace("\033", "\\e"));
    }
}
