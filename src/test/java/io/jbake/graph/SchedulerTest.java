package io.jbake.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.graph.NodeOutcome.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler with real in-JVM steps: sleeping threads, futures completed by the test, counters.
 * Every wait is bounded, so a scheduler bug fails a test instead of hanging it.
 */
class SchedulerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Records the order of events as "start:x" / "end:x" lines. */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static BuildGraph<String> diamond() {
        return BuildGraph.<String>builder()
                .node("base", "B")
                .node("web", "W")
                .edge("web", "base")
                .node("api", "A")
                .edge("api", "base")
                .node("site", "S")
                .edge("site", "web")
                .edge("site", "api")
                .build();
    }

    private static BuildGraph<String> independent(int count) {
        BuildGraph.Builder<String> builder = BuildGraph.builder();
        for (int i = 1; i <= count; i++) {
            builder.node("t" + i, "T" + i);
        }
        return builder.build();
    }

    private static Map<String, State> states(List<NodeOutcome<String>> outcomes) {
        Map<String, State> states = new LinkedHashMap<>();
        outcomes.forEach(o -> states.put(o.node(), o.state()));
        return states;
    }

    private static <R> List<NodeOutcome<R>> finish(Execution<String, R> execution) throws Exception {
        return execution.await(LIMIT).orElseThrow(() -> new AssertionError("run did not end within " + LIMIT));
    }

    /** The {@link #diamond()} run without fail-fast in which "web" failed: "api" still built, "site" skipped. */
    private static void assertOnlySiteSkippedAfterWebFailed(Execution<String, String> run) throws Exception {
        List<NodeOutcome<String>> outcomes = finish(run);

        Map<String, State> expected = new LinkedHashMap<>();
        expected.put("base", State.SUCCEEDED);
        expected.put("web", State.FAILED);
        expected.put("api", State.SUCCEEDED);
        expected.put("site", State.SKIPPED);
        assertEquals(expected, states(outcomes));
        assertEquals("web failed", outcomes.get(3).error().getMessage());
        assertEquals("web", run.firstFailure().orElseThrow().node());
    }

    @Test
    void dependentsStartAfterTheirNeedsAndReceiveTheirValues() throws Exception {
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, true)
                .start(
                        diamond(),
                        ctx -> {
                            log.add("start:" + ctx.name());
                            Thread.sleep(20);
                            String value = ctx.node()
                                    + ctx.inputs().values().stream().collect(Collectors.joining("+", "(", ")"));
                            log.add("end:" + ctx.name());
                            return CompletableFuture.completedFuture(value);
                        },
                        e -> {});

        List<NodeOutcome<String>> outcomes = finish(run);

        assertEquals(
                List.of("base", "web", "api", "site"),
                outcomes.stream().map(NodeOutcome::node).toList());
        assertEquals("S(W(B())+A(B()))", outcomes.get(3).value());
        assertTrue(log.indexOf("end:base") < log.indexOf("start:web"), log::toString);
        assertTrue(log.indexOf("end:base") < log.indexOf("start:api"), log::toString);
        assertTrue(log.indexOf("end:web") < log.indexOf("start:site"), log::toString);
        assertTrue(log.indexOf("end:api") < log.indexOf("start:site"), log::toString);
        assertTrue(run.firstFailure().isEmpty());
    }

    @Test
    void independentNodesRunConcurrentlyWhenUnbounded() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(5);
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, true)
                .start(
                        independent(5),
                        ctx -> {
                            allStarted.countDown();
                            // every step waits for all five: only possible if all five run at once
                            if (!allStarted.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                                throw new AssertionError("not all steps ran concurrently");
                            }
                            return CompletableFuture.completedFuture(ctx.name());
                        },
                        e -> {});

        assertEquals(
                List.of(State.SUCCEEDED, State.SUCCEEDED, State.SUCCEEDED, State.SUCCEEDED, State.SUCCEEDED),
                finish(run).stream().map(NodeOutcome::state).toList());
    }

    @Test
    void parallelismBoundsTheStepsWorkingAtOnce() throws Exception {
        BlockingQueue<CompletableFuture<String>> working = new LinkedBlockingQueue<>();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        Execution<String, String> run = new Scheduler(2, true)
                .start(
                        independent(6),
                        ctx -> {
                            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                            CompletableFuture<String> done = new CompletableFuture<>();
                            working.add(done);
                            return done.whenComplete((v, e) -> active.decrementAndGet());
                        },
                        e -> {});

        for (int finished = 0; finished < 6; finished++) {
            CompletableFuture<String> next = working.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (finished < 5) {
                // two are working; give a third the chance to start wrongly before ending one
                Thread.sleep(30);
            }
            next.complete("ok");
        }

        finish(run);
        assertEquals(2, maxActive.get());
        assertNull(working.poll());
    }

    @Test
    void aNodeThatPublishedEarlyGivesItsSlotToItsDependents() throws Exception {
        // With --parallel 1, base must stay open until web and api finished (as a BuildKit job whose result
        // dependents read); it would deadlock if it kept its slot while waiting. Dependents ready at the same
        // time get the slot in graph order.
        BuildGraph<String> fanOut = BuildGraph.<String>builder()
                .node("base", "B")
                .node("web", "W")
                .edge("web", "base")
                .node("api", "A")
                .edge("api", "base")
                .build();
        Execution<String, String> run = new Scheduler(1, true)
                .start(
                        fanOut,
                        ctx -> {
                            log.add("start:" + ctx.name());
                            if (ctx.name().equals("base")) {
                                ctx.publish("base-result");
                                return ctx.dependentsFinished().thenApply(v -> {
                                    log.add("end:base");
                                    return "base-exported";
                                });
                            }
                            log.add("end:" + ctx.name());
                            return CompletableFuture.completedFuture(ctx.name() + "<" + ctx.inputs() + ">");
                        },
                        e -> {});

        List<NodeOutcome<String>> outcomes = finish(run);

        assertEquals(List.of("start:base", "start:web", "end:web", "start:api", "end:api", "end:base"), log);
        assertEquals("base-exported", outcomes.get(0).value());
        assertEquals("web<{base=base-result}>", outcomes.get(1).value());
    }

    @Test
    void startingEarlyRunsEveryStepAtOnceAndEachWaitsForItsInputs() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(4);
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, true)
                .startingEarly()
                .start(
                        diamond(),
                        ctx -> {
                            allStarted.countDown();
                            // base publishes only once all four started: site started before web and api could publish
                            if (!allStarted.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                                throw new AssertionError("not all steps started at once");
                            }
                            Map<String, String> inputs = ctx.inputsReady()
                                    .toCompletableFuture()
                                    .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                            assertEquals(inputs, ctx.inputs());
                            return CompletableFuture.completedFuture(
                                    ctx.node() + inputs.values().stream().collect(Collectors.joining("+", "(", ")")));
                        },
                        e -> {});

        List<NodeOutcome<String>> outcomes = finish(run);

        assertEquals("S(W(B())+A(B()))", outcomes.get(3).value());
        assertEquals(
                List.of(State.SUCCEEDED, State.SUCCEEDED, State.SUCCEEDED, State.SUCCEEDED),
                outcomes.stream().map(NodeOutcome::state).toList());
    }

    @Test
    void startingEarlyWithABoundGivesSlotsInGraphOrderAndCannotDeadlock() throws Exception {
        // a chain whose steps each hold their slot until their input is there: with one slot, c may only
        // start once b ended, b once a ended
        BuildGraph<String> chain = BuildGraph.<String>builder()
                .node("a", "A")
                .node("b", "B")
                .edge("b", "a")
                .node("c", "C")
                .edge("c", "b")
                .build();
        Execution<String, String> run = new Scheduler(1, true)
                .startingEarly()
                .start(
                        chain,
                        ctx -> {
                            log.add("start:" + ctx.name());
                            String value = ctx.node()
                                    + ctx.inputsReady()
                                            .toCompletableFuture()
                                            .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                            log.add("end:" + ctx.name());
                            return CompletableFuture.completedFuture(value);
                        },
                        e -> {});

        List<NodeOutcome<String>> outcomes = finish(run);

        assertEquals(List.of("start:a", "end:a", "start:b", "end:b", "start:c", "end:c"), log);
        assertEquals("C{b=B{a=A{}}}", outcomes.get(2).value());
    }

    @Test
    void startingEarlyWithoutFailFastSkipsAStartedStepWhoseInputFailed() throws Exception {
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, false)
                .startingEarly()
                .start(
                        diamond(),
                        ctx -> {
                            if (ctx.name().equals("web")) {
                                throw new IllegalStateException("web failed");
                            }
                            // site started, and gives up when its input fails
                            ctx.inputsReady().toCompletableFuture().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                            return CompletableFuture.completedFuture(ctx.name());
                        },
                        e -> {});

        assertOnlySiteSkippedAfterWebFailed(run);
    }

    @Test
    void firstFailureCancelsRunningAndPendingStepsAndFinishedOnesKeepTheirValue() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch quickDone = new CountDownLatch(1);
        BuildGraph<String> graph = BuildGraph.<String>builder()
                .node("quick", "q")
                .node("slow", "s")
                .node("broken", "b")
                .node("after", "a")
                .edge("after", "broken")
                .build();
        List<GraphEvent> events = Collections.synchronizedList(new ArrayList<>());

        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, true)
                .start(
                        graph,
                        ctx -> {
                            switch (ctx.name()) {
                                case "quick":
                                    quickDone.countDown();
                                    return CompletableFuture.completedFuture("quick-image");
                                case "slow":
                                    CompletableFuture<String> slow = new CompletableFuture<>();
                                    ctx.onCancel(() ->
                                            slow.completeExceptionally(new IllegalStateException("solve cancelled")));
                                    slowStarted.countDown();
                                    return slow;
                                case "broken":
                                    // a step that was called ends with its own outcome, so quick's having run is all
                                    // that is waited for
                                    if (!slowStarted.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                                            || !quickDone.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                                        throw new AssertionError("quick and slow did not start");
                                    }
                                    throw new IllegalStateException(
                                            "process did not complete successfully: exit code: 1");
                                default:
                                    log.add("start:" + ctx.name());
                                    return CompletableFuture.completedFuture("never");
                            }
                        },
                        events::add);

        List<NodeOutcome<String>> outcomes = finish(run);

        Map<String, State> expected = new LinkedHashMap<>();
        expected.put("quick", State.SUCCEEDED);
        expected.put("slow", State.CANCELLED);
        expected.put("broken", State.FAILED);
        expected.put("after", State.CANCELLED);
        assertEquals(expected, states(outcomes));
        assertEquals("quick-image", outcomes.get(0).value());
        assertEquals(List.of(), log, "a node needing the failed one never starts");
        NodeOutcome<String> failure = run.firstFailure().orElseThrow();
        assertEquals("broken", failure.node());
        assertEquals(
                "process did not complete successfully: exit code: 1",
                failure.error().getMessage());
        assertTrue(events.stream()
                .anyMatch(e -> e instanceof GraphEvent.Cancelling c && c.node().equals("broken")));
    }

    @Test
    void withoutFailFastOnlyTheNodesNeedingAFailureAreSkipped() throws Exception {
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, false)
                .start(
                        diamond(),
                        ctx -> {
                            if (ctx.name().equals("web")) {
                                throw new IllegalStateException("web failed");
                            }
                            Thread.sleep(ctx.name().equals("api") ? 50 : 0);
                            return CompletableFuture.completedFuture(ctx.name());
                        },
                        e -> {});

        assertOnlySiteSkippedAfterWebFailed(run);
    }

    @Test
    void cancelStopsBlockedStepsAndTheRunEndsPromptly() throws Exception {
        // Blocking steps (threads sleeping in a long call), stopped by interrupting them from the hook.
        CountDownLatch running = new CountDownLatch(2);
        BuildGraph<String> graph = BuildGraph.<String>builder()
                .node("one", "1")
                .node("two", "2")
                .node("three", "3")
                .edge("three", "one")
                .build();
        Execution<String, String> run = new Scheduler(Scheduler.UNBOUNDED, true)
                .start(
                        graph,
                        ctx -> {
                            Thread worker = Thread.currentThread();
                            ctx.onCancel(worker::interrupt);
                            running.countDown();
                            Thread.sleep(60_000);
                            return CompletableFuture.completedFuture("too late");
                        },
                        e -> {});
        assertTrue(running.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS));

        long before = System.nanoTime();
        run.cancel();
        List<NodeOutcome<String>> outcomes = finish(run);

        assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(Duration.ofSeconds(2)) < 0);
        Map<String, State> expected = new LinkedHashMap<>();
        expected.put("one", State.CANCELLED);
        expected.put("two", State.CANCELLED);
        expected.put("three", State.CANCELLED);
        assertEquals(expected, states(outcomes));
        assertTrue(run.firstFailure().isEmpty(), "a cancel is not a failure");
        assertEquals(Duration.ZERO, outcomes.get(2).elapsed(), "three never ran");
    }

    @Test
    void cancellingNodesWaitingForASlotNeverStartsThem() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Execution<String, String> run = new Scheduler(1, true)
                .start(
                        independent(3),
                        ctx -> {
                            started.incrementAndGet();
                            CompletableFuture<String> done = new CompletableFuture<>();
                            ctx.onCancel(() -> done.cancel(false));
                            firstRunning.countDown();
                            return done;
                        },
                        e -> {});
        assertTrue(firstRunning.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS));

        run.cancel();

        assertEquals(
                List.of(State.CANCELLED, State.CANCELLED, State.CANCELLED),
                finish(run).stream().map(NodeOutcome::state).toList());
        assertEquals(1, started.get());
    }

    @Test
    void eventsReportStartAndEndOfEveryStep() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Execution<String, String> run = new Scheduler(1, true)
                .start(
                        BuildGraph.<String>builder()
                                .node("base", "b")
                                .node("app", "a")
                                .edge("app", "base")
                                .build(),
                        ctx -> CompletableFuture.completedFuture(ctx.name()),
                        e -> seen.add(
                                e instanceof GraphEvent.Finished f
                                        ? "finished " + e.node() + " "
                                                + f.outcome().state()
                                        : e.getClass().getSimpleName().toLowerCase() + " " + e.node()));

        finish(run);

        assertEquals(List.of("started base", "finished base SUCCEEDED", "started app", "finished app SUCCEEDED"), seen);
    }
}
