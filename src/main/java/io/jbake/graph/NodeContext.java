package io.jbake.graph;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** What a {@link Step} sees of the run of its node. Methods may be called from any thread. */
public interface NodeContext<N, R> {
    String name();

    N node();

    /**
     * The published values of the nodes this node needs, by node name, in the graph's edge order; null
     * until {@link #inputsReady()} completed, which is before the step starts unless the scheduler starts
     * steps early ({@link Scheduler#startingEarly}).
     */
    Map<String, R> inputs();

    /**
     * Completes with {@link #inputs()} once every node this node needs has published its value, or
     * exceptionally (with that node's failure, or a {@link java.util.concurrent.CancellationException})
     * when one of them did not succeed; the node then ends {@link NodeOutcome.State#SKIPPED} (or cancelled)
     * however its step ends, so a step started early may simply fail when this fails.
     */
    CompletionStage<Map<String, R>> inputsReady();

    /**
     * Makes {@code value} the node's result for its dependents now, before the step finishes, and gives
     * back the node's slot of the {@code --parallel} bound, since from here on the node only waits.
     * Only the first publication counts.
     */
    void publish(R value);

    /**
     * Completes when every node that needs this one has finished, successfully or not (at once for a node
     * nobody needs). Never completes exceptionally.
     */
    CompletionStage<Void> dependentsFinished();

    /**
     * Runs {@code hook} when the run is cancelled (Ctrl-C, or another node failed); at once if it already
     * was. Hooks run at most once, on the cancelling thread, and must not block.
     */
    void onCancel(Runnable hook);

    boolean isCancelled();
}
