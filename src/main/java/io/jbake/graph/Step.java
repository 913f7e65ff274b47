package io.jbake.graph;

import java.util.concurrent.CompletionStage;

/**
 * The work the {@link Scheduler} does for one node (in bake: build one target).
 *
 * <p>Contract: {@link #run} is called once per node, on a scheduler thread, after every node it needs has
 * published its value (or, with {@link Scheduler#startingEarly()}, at once: the step then waits for
 * {@link NodeContext#inputsReady()}, and may block on it). It may do blocking work or return at once with a stage completed later. The node
 * is finished when the returned stage completes; its value is published to dependents then, unless the
 * step published it earlier with {@link NodeContext#publish}. A step that publishes early and keeps
 * working (a BuildKit job that must stay open while dependents read its result) must wait for
 * {@link NodeContext#dependentsFinished()} by composing on it, not by blocking on it. After
 * {@link NodeContext#onCancel} hooks ran, the step should complete soon, normally or exceptionally.
 */
@FunctionalInterface
public interface Step<N, R> {
    CompletionStage<R> run(NodeContext<N, R> context) throws Exception;
}
