package io.jbake.report;

import static io.jbake.report.Runs.ran;
import static io.jbake.report.Runs.skipped;
import static io.jbake.report.Runs.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-run table on stderr. */
class SummaryTableTest {

    private static TargetRun withSteps(TargetRun run, List<TargetRun.Step> steps) {
        return new TargetRun(
                run.name(),
                run.dependencies(),
                run.status(),
                run.error(),
                run.started(),
                run.ended(),
                run.published(),
                run.waitingForSlot(),
                run.waitingOnDependencies(),
                steps,
                run.digest(),
                run.tags(),
                run.node(),
                run.failedStep(),
                List.of());
    }

    @Test
    void aLinePerTargetWithItsNodeInAPool() {
        TargetRun base = withSteps(
                ran("base", List.of(), 0, 1260, null),
                List.of(step("[1/2] FROM busybox", 0, 10, true), step("[2/2] RUN make", 10, 1000, false)));
        BakeRun run =
                new BakeRun(Runs.T0, Runs.at(1300), false, true, List.of(base, skipped("application", List.of())));

        assertEquals("""
                TARGET       STATUS     DURATION  CACHED  NODE
                base         succeeded  1.3s      1/2     default/default
                application  skipped    -         0/0     default/default
                """, SummaryTable.render(run));
    }

    @Test
    void theAttemptsWhenATargetWasBuiltAgain() {
        TargetRun once = ran("a", List.of(), 0, 40, null);
        TargetRun twice = withRetries(ran("b", List.of(), 0, 1400, null), List.of("connection lost"));
        BakeRun run = new BakeRun(Runs.T0, Runs.at(1400), false, false, List.of(once, twice));

        assertEquals("""
                TARGET  STATUS     DURATION  CACHED  ATTEMPTS
                a       succeeded  0.0s      0/0     1
                b       succeeded  1.4s      0/0     2
                """, SummaryTable.render(run));
    }

    private static TargetRun withRetries(TargetRun run, List<String> retries) {
        return new TargetRun(
                run.name(),
                run.dependencies(),
                run.status(),
                run.error(),
                run.started(),
                run.ended(),
                run.published(),
                run.waitingForSlot(),
                run.waitingOnDependencies(),
                run.steps(),
                run.digest(),
                run.tags(),
                run.node(),
                run.failedStep(),
                retries);
    }

    @Test
    void noNodeColumnOnOneBuilder() {
        BakeRun run = new BakeRun(Runs.T0, Runs.at(50), false, false, List.of(ran("a", List.of(), 0, 40, null)));

        assertEquals(
                "TARGET  STATUS     DURATION  CACHED\na       succeeded  0.0s      0/0\n", SummaryTable.render(run));
    }

    @Test
    void shownInPlainAndTtyNotInQuietOrRawjson() {
        assertTrue(SummaryTable.shownIn("plain", Map.of()));
        assertTrue(SummaryTable.shownIn("auto", Map.of()));
        assertTrue(SummaryTable.shownIn("tty", Map.of()));
        assertFalse(SummaryTable.shownIn("quiet", Map.of()));
        assertFalse(SummaryTable.shownIn("rawjson", Map.of()));
        assertFalse(SummaryTable.shownIn("auto", Map.of("BUILDKIT_PROGRESS", "rawjson")));
    }
}
