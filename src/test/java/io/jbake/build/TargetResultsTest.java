package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.graph.NodeOutcome;
import io.jbake.graph.NodeOutcome.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines of the {@code [internal] target results} step a failed multi-target bake ends with. */
class TargetResultsTest {

    private static NodeOutcome<Object> outcome(String node, State state, long millis) {
        return new NodeOutcome<>(node, state, null, null, Duration.ofMillis(millis));
    }

    @Test
    void eachResultListsItsTargetsByName() {
        List<String> lines = BakeBuild.targetResults(List.of(
                outcome("web", State.SUCCEEDED, 900),
                outcome("bad", State.FAILED, 300),
                outcome("api", State.SUCCEEDED, 800),
                outcome("slow", State.CANCELLED, 400),
                outcome("later", State.CANCELLED, 0),
                outcome("linker", State.SKIPPED, 0)));

        assertEquals(List.of("succeeded: api, web", "failed: bad", "aborted: slow", "unstarted: later, linker"), lines);
    }

    @Test
    void resultsNoTargetHadAreLeftOut() {
        assertEquals(
                List.of("failed: a", "unstarted: b"),
                BakeBuild.targetResults(List.of(outcome("b", State.SKIPPED, 0), outcome("a", State.FAILED, 10))));
    }
}
