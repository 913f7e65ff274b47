package io.jbake.build;

import io.jbake.graph.NodeOutcome;

/**
 * How one target of a bake ended, in the words of {@code --results} and of the {@code [internal] target results}
 * step, which classify alike: a target cancelled while it built was aborted, one that never built (cancelled
 * before it started, or needing a target that did not succeed) was skipped.
 */
public enum TargetStatus {
    SUCCEEDED("succeeded", "succeeded"),
    FAILED("failed", "failed"),
    /** Cancelled while it built (by Ctrl-C or another target's failure). */
    CANCELLED("cancelled", "aborted"),
    /** Never built: cancelled before it started, or a target it links did not succeed. */
    SKIPPED("skipped", "unstarted");

    private final String word;
    private final String stepWord;

    TargetStatus(String word, String stepWord) {
        this.word = word;
        this.stepWord = stepWord;
    }

    /** The status as {@code --results} and the summary table write it. */
    public String word() {
        return word;
    }

    /** The status as the {@value BakeBuild#TARGET_RESULTS_STEP} step writes it. */
    String stepWord() {
        return stepWord;
    }

    /** The status of {@code outcome}: a cancelled target whose step never ran is skipped. */
    public static TargetStatus of(NodeOutcome<?> outcome) {
        return switch (outcome.state()) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case CANCELLED -> outcome.elapsed().isZero() ? SKIPPED : CANCELLED;
            case SKIPPED -> SKIPPED;
        };
    }
}
