package io.jbake.graph;

import java.time.Duration;

/**
 * How one node of a run ended.
 *
 * @param value the step's result when {@link State#SUCCEEDED}, else null
 * @param error the step's failure when {@link State#FAILED}; the failure of the node it needed when
 *     {@link State#SKIPPED}; null otherwise
 * @param elapsed time from the step's start to its end; zero for a node whose step never ran
 */
public record NodeOutcome<R>(String node, State state, R value, Throwable error, Duration elapsed) {

    public enum State {
        /** The step completed normally; its outputs stay, whatever happened to other nodes. */
        SUCCEEDED,
        /** The step failed on its own (not because the run was cancelled). */
        FAILED,
        /** The run was cancelled before or while the step ran. */
        CANCELLED,
        /** Never started because a node it needs did not succeed (only without fail-fast). */
        SKIPPED
    }

    public boolean succeeded() {
        return state == State.SUCCEEDED;
    }
}
