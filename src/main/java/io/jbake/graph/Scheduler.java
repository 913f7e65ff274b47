package io.jbake.graph;

import java.util.function.Consumer;

/**
 * Runs the steps of a {@link BuildGraph}: a node's step starts as soon as every node it needs has
 * published its value, independent nodes run concurrently, and at most {@code parallelism} steps are
 * working at any time (a step that has published early and only waits for its dependents does not
 * count). No thread waits for a dependency: readiness is composed from futures, and only steps
 * themselves occupy threads.
 *
 * <p>{@link #startingEarly()} gives a scheduler that starts every step at once instead (in graph order,
 * as slots allow), each step waiting for {@link NodeContext#inputsReady()} itself, so it can prepare
 * while the nodes it needs are still working (a build opens its session meanwhile). Such a step occupies
 * its slot while it waits; slots are granted in topological order, so the steps holding them always
 * include one whose needs have all published, and a bound cannot deadlock the run.
 *
 * <p>With fail-fast (bake's behaviour), the first failing step cancels the run: steps not yet started
 * never start, running steps get their cancel hooks called. Without it, only the nodes that need a
 * failed node are skipped.
 */
public final class Scheduler {
    /** The {@code parallelism} that bounds nothing: every ready node runs. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final int parallelism;
    private final boolean failFast;
    private final boolean startEarly;

    /**
     * @param parallelism the most steps working at once, at least 1, or {@link #UNBOUNDED}
     * @param failFast whether the first failure cancels the whole run
     */
    public Scheduler(int parallelism, boolean failFast) {
        this(parallelism, failFast, false);
    }

    private Scheduler(int parallelism, boolean failFast, boolean startEarly) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.startEarly = startEarly;
    }

    /** This scheduler, but starting steps before the nodes they need have published (see above). */
    public Scheduler startingEarly() {
        return new Scheduler(parallelism, failFast, true);
    }

    /**
     * Starts running {@code graph} and returns at once.
     *
     * @param listener receives the run's {@link GraphEvent}s; must be thread-safe and quick
     */
    public <N, R> Execution<N, R> start(BuildGraph<N> graph, Step<N, R> step, Consumer<GraphEvent> listener) {
        Execution<N, R> execution =
                new Execution<>(graph, step, listener, new AsyncPermits(parallelism), failFast, startEarly);
        execution.start();
        return execution;
    }
}
