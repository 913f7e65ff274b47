package io.jbake.graph;

import io.jbake.graph.NodeOutcome.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of a graph, started by {@link Scheduler#start}. Every node ends in exactly one
 * {@link NodeOutcome}; {@link #completion()} completes once all have, which a run reaches even when
 * cancelled, provided steps honour their cancel hooks.
 */
public final class Execution<N, R> {
    private final BuildGraph<N> graph;
    private final Step<N, R> step;
    private final Consumer<GraphEvent> listener;
    private final AsyncPermits permits;
    private final boolean failFast;
    private final boolean startEarly;
    private final Map<String, NodeRun> runs = new LinkedHashMap<>();
    private final ExecutorService executor;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<NodeOutcome<R>> firstFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> listenerFailure = new AtomicReference<>();
    private final CompletableFuture<List<NodeOutcome<R>>> completion = new CompletableFuture<>();

    Execution(
            BuildGraph<N> graph,
            Step<N, R> step,
            Consumer<GraphEvent> listener,
            AsyncPermits permits,
            boolean failFast,
            boolean startEarly) {
        this.graph = graph;
        this.step = step;
        this.listener = listener;
        this.permits = permits;
        this.failFast = failFast;
        this.startEarly = startEarly;
        // Threads are created for steps that are working and reused after; there are never more than nodes.
        // The --parallel bound is the permits', not the pool's, so a step blocking in a BuildKit call while
        // it keeps its job open for dependents cannot starve them of a thread.
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                0, Math.max(1, graph.size()), 10, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "jbake-step-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    void start() {
        for (String name : graph.topologicalOrder()) {
            runs.put(name, new NodeRun(name, runs.size()));
        }
        for (NodeRun run : runs.values()) {
            List<String> dependents = graph.dependents(run.name);
            run.dependentsFinished = CompletableFuture.allOf(dependents.stream()
                    .map(d -> runs.get(d).finished.handle((v, e) -> null))
                    .toArray(CompletableFuture[]::new));
        }
        CompletableFuture.allOf(runs.values().stream().map(r -> r.finished).toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> finish());
        for (NodeRun run : runs.values()) {
            CompletableFuture.allOf(graph.dependencies(run.name).stream()
                            .map(d -> runs.get(d).published)
                            .toArray(CompletableFuture[]::new))
                    .whenComplete((v, e) -> run.inputsSettled());
        }
        if (startEarly) {
            // in topological order, so that with a bound the slots go to nodes whose needs are started first
            for (NodeRun run : runs.values()) {
                run.requestSlot();
            }
        }
    }

    /**
     * Cancels the run (Ctrl-C): nodes not started never start, running steps' cancel hooks are called.
     * Idempotent.
     */
    public void cancel() {
        cancelRun(null, null);
    }

    /** Whether {@link #cancel()} was called or a failure cancelled the run. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Completes with every node's outcome, in topological order, once all nodes ended. Completes
     * exceptionally only if a listener threw.
     */
    public CompletableFuture<List<NodeOutcome<R>>> completion() {
        return completion;
    }

    /** The failure that cancelled the run (fail-fast), or the first failure of a run without fail-fast. */
    public Optional<NodeOutcome<R>> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /**
     * Waits for {@link #completion()}, at most {@code timeout}.
     *
     * @return the outcomes, or empty if the run did not end in time
     */
    public Optional<List<NodeOutcome<R>>> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void cancelRun(String failedNode, Throwable cause) {
        if (!cancelled.compareAndSet(false, true)) {
            return;
        }
        emit(new GraphEvent.Cancelling(failedNode, cause));
        for (NodeRun run : runs.values()) {
            run.stop();
        }
    }

    private void finish() {
        executor.shutdown();
        RuntimeException thrown = listenerFailure.get();
        if (thrown != null) {
            completion.completeExceptionally(thrown);
            return;
        }
        List<NodeOutcome<R>> outcomes = new ArrayList<>(runs.size());
        for (NodeRun run : runs.values()) {
            outcomes.add(run.outcome);
        }
        completion.complete(Collections.unmodifiableList(outcomes));
    }

    private void emit(GraphEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // keep running so the run still ends; completion() reports it
            listenerFailure.compareAndSet(null, e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** The state of one node in this run. */
    private final class NodeRun implements NodeContext<N, R> {
        final String name;
        /** Position in topological order: the rank for a slot of the --parallel bound. */
        final int rank;
        /** Completes when dependents may start: the step published, finished, or the node never ran. */
        final CompletableFuture<R> published = new CompletableFuture<>();
        /** Completes when the node ended, after {@link #outcome} is set. */
        final CompletableFuture<R> finished = new CompletableFuture<>();

        CompletableFuture<Void> dependentsFinished;
        /** Completes with the inputs, or exceptionally when a needed node did not succeed. */
        private final CompletableFuture<Map<String, R>> inputsReady = new CompletableFuture<>();

        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean holdsPermit = new AtomicBoolean();
        private final List<Runnable> cancelHooks = new ArrayList<>();
        private boolean hooksRan;
        private volatile CompletableFuture<Void> permitRequest;
        private volatile Map<String, R> inputs;
        private volatile NodeOutcome<R> outcome;
        private volatile long startNanos;

        NodeRun(String name, int rank) {
            this.name = name;
            this.rank = rank;
        }

        void inputsSettled() {
            Map<String, R> values = new LinkedHashMap<>();
            for (String dependency : graph.dependencies(name)) {
                NodeRun input = runs.get(dependency);
                if (input.published.isCompletedExceptionally()) {
                    // only reached without fail-fast (or when the failure raced a cancel): skip, naming the cause
                    inputsReady.completeExceptionally(input.failureOf());
                    withdrawSlotRequest();
                    if (!startEarly) {
                        end(cancelled.get() ? State.CANCELLED : State.SKIPPED, null, input.failureOf());
                    }
                    return;
                }
                values.put(dependency, input.published.join());
            }
            inputs = Collections.unmodifiableMap(values);
            inputsReady.complete(inputs);
            if (!startEarly) {
                if (cancelled.get()) {
                    end(State.CANCELLED, null, null);
                    return;
                }
                requestSlot();
            }
        }

        void requestSlot() {
            CompletableFuture<Void> request = permits.acquire(rank);
            permitRequest = request;
            request.whenCompleteAsync(
                    (granted, error) -> {
                        if (error != null) {
                            endBeforeStart();
                        } else {
                            holdsPermit.set(true);
                            invoke();
                        }
                    },
                    executor);
        }

        /**
         * Withdraws the request for a slot of a node whose inputs failed (the node then ends through the
         * request's completion); a request already granted is left for {@link #invoke} to notice.
         */
        private void withdrawSlotRequest() {
            CompletableFuture<Void> request = permitRequest;
            if (request != null) {
                request.cancel(false);
            }
        }

        /** Ends a node whose step never ran: cancelled, or skipped since a node it needs did not succeed. */
        private void endBeforeStart() {
            if (!cancelled.get() && inputsReady.isCompletedExceptionally()) {
                end(State.SKIPPED, null, inputsFailure());
            } else {
                end(State.CANCELLED, null, null);
            }
        }

        private Throwable inputsFailure() {
            return unwrap(inputsReady.handle((v, e) -> e).join());
        }

        private void invoke() {
            if (cancelled.get() || inputsReady.isCompletedExceptionally()) {
                endBeforeStart();
                return;
            }
            startNanos = System.nanoTime();
            emit(new GraphEvent.Started(name));
            CompletionStage<R> stage;
            try {
                stage = step.run(this);
                if (stage == null) {
                    throw new NullPointerException("step for " + name + " returned no stage");
                }
            } catch (Exception | Error e) {
                stepEnded(null, e);
                return;
            }
            stage.whenComplete(this::stepEnded);
        }

        private void stepEnded(R value, Throwable error) {
            if (error == null) {
                end(State.SUCCEEDED, value, null);
                return;
            }
            Throwable cause = unwrap(error);
            if (cancelled.get()) {
                end(State.CANCELLED, null, null);
            } else if (inputsReady.isCompletedExceptionally()) {
                // a step started early gave up because a node it needs did not succeed
                end(State.SKIPPED, null, inputsFailure());
            } else if (cause instanceof CancellationException) {
                end(State.CANCELLED, null, null);
            } else {
                end(State.FAILED, null, cause);
            }
        }

        private void end(State state, R value, Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            Duration elapsed = startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
            outcome = new NodeOutcome<>(name, state, value, error, elapsed);
            releasePermit();
            if (state == State.FAILED) {
                firstFailure.compareAndSet(null, outcome);
            }
            emit(new GraphEvent.Finished(name, outcome));
            if (state == State.FAILED && failFast) {
                cancelRun(name, error);
            }
            if (state == State.SUCCEEDED) {
                published.complete(value);
                finished.complete(value);
            } else {
                Throwable reason = error != null ? error : new CancellationException(name + " cancelled");
                published.completeExceptionally(reason);
                finished.completeExceptionally(reason);
            }
        }

        /** The failure to report for nodes that needed this one. */
        Throwable failureOf() {
            return outcome != null && outcome.error() != null ? outcome.error() : new CancellationException(name);
        }

        private void releasePermit() {
            if (holdsPermit.compareAndSet(true, false)) {
                permits.release();
            }
        }

        /** Withdraws a pending request for a slot and calls the cancel hooks. */
        void stop() {
            CompletableFuture<Void> request = permitRequest;
            if (request != null) {
                request.cancel(false);
            }
            List<Runnable> hooks;
            synchronized (this) {
                hooksRan = true;
                hooks = new ArrayList<>(cancelHooks);
                cancelHooks.clear();
            }
            hooks.forEach(Runnable::run);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public N node() {
            return graph.node(name);
        }

        @Override
        public Map<String, R> inputs() {
            return inputs;
        }

        @Override
        public CompletionStage<Map<String, R>> inputsReady() {
            return inputsReady;
        }

        @Override
        public void publish(R value) {
            if (published.complete(value)) {
                releasePermit();
            }
        }

        @Override
        public CompletionStage<Void> dependentsFinished() {
            return dependentsFinished;
        }

        @Override
        public void onCancel(Runnable hook) {
            synchronized (this) {
                if (!hooksRan) {
                    cancelHooks.add(hook);
                    return;
                }
            }
            hook.run();
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
