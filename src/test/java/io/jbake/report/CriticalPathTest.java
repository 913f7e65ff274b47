package io.jbake.report;

import static io.jbake.report.Runs.ran;
import static io.jbake.report.Runs.skipped;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain of targets whose times decided the bake's end. */
class CriticalPathTest {

    private static List<String> path(TargetRun... targets) {
        return CriticalPath.of(new BakeRun(Runs.T0, Runs.at(10_000), false, false, List.of(targets)));
    }

    @Test
    void followsTheLinkWhoseResultWasReadyLastFromTheTargetThatEndedLast() {
        // base and tools are linked by app; base's result was ready later, so app waited on it.
        // base and tools stay open until app is done, so their ends (9000) say nothing.
        List<String> critical = path(
                ran("base", List.of(), 0, 9000, 4000L),
                ran("tools", List.of(), 0, 9000, 2500L),
                ran("app", List.of("base", "tools"), 0, 8900, null),
                ran("docs", List.of(), 0, 6000, null));

        assertEquals(List.of("base", "app"), critical);
    }

    @Test
    void aChainOfThreeGoesBackToItsFirstTarget() {
        List<String> critical = path(
                ran("os", List.of(), 0, 7000, 1000L),
                ran("runtime", List.of("os"), 0, 7000, 3000L),
                ran("service", List.of("runtime"), 0, 7000, null),
                ran("lint", List.of(), 0, 7500, null));

        assertEquals(List.of("lint"), critical, "lint ended last: the chain did not decide the end");
    }

    @Test
    void aTieGoesToTheFirstNameAndSkippedTargetsAreNoPart() {
        List<String> critical = path(
                ran("b", List.of(), 0, 5000, null), ran("a", List.of(), 0, 5000, null), skipped("c", List.of("b")));

        assertEquals(List.of("a"), critical);
    }

    @Test
    void noTargetStartedNoPath() {
        assertEquals(List.of(), path(skipped("a", List.of())));
    }
}
