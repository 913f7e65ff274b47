package io.jbake.build;

import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.progress.StepObserver;
import io.jbake.graph.NodeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Records a bake's targets as they run, for {@link BakeRun}: {@link BakeBuild} tells each target's start, its
 * waits and its end ({@link Target}), and each build's progress passes through {@link Target#listening}, which
 * keeps its steps (names, times, cached, error; not their logs, which the progress display keeps). Thread-safe.
 */
final class RunRecorder {
    /** Clocks that differ by less than this are taken as one: the difference is then the status's latency. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(1);

    private volatile Instant started = Instant.now();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final boolean pool;
    /** Whether {@code --jobs} limits the bake: a target's time before its start is then a wait for a slot. */
    private final boolean limited;

    /**
     * @param dependencies each target's links, in graph order
     * @param nodes each target's node, {@code <builder>/<node>}
     */
    RunRecorder(Map<String, List<String>> dependencies, Map<String, String> nodes, boolean pool, boolean limited) {
        this.pool = pool;
        this.limited = limited;
        dependencies.forEach((name, links) -> targets.put(name, new Target(links, nodes.getOrDefault(name, ""))));
    }

    /** The bake starts building now (its sessions are open). */
    void begin() {
        started = Instant.now();
    }

    Target target(String name) {
        return targets.get(name);
    }

    /**
     * The bake as it ran.
     *
     * @param outcomes every target's outcome
     * @param lastLogLines a step's last log lines by vertex digest, as the progress display keeps them
     * @param atomicNames under {@code --atomic}, each target's image names once its tags were written (none for a
     *     target not in it: its image was pushed by digest only); empty without it, when a target's names are
     *     its exporter's {@code image.name}
     * @param attempts each target's attempts ({@code --retries}); a target not in it was built once, or never
     */
    BakeRun finish(
            List<? extends NodeOutcome<BakeBuild.TargetResult>> outcomes,
            boolean cancelled,
            Function<String, List<String>> lastLogLines,
            Optional<Map<String, String>> atomicNames,
            Map<String, Retries.Attempts> attempts) {
        Map<String, NodeOutcome<BakeBuild.TargetResult>> byName = new LinkedHashMap<>();
        outcomes.forEach(outcome -> byName.put(outcome.node(), outcome));
        List<TargetRun> runs = new ArrayList<>();
        Instant ended = started;
        for (Map.Entry<String, Target> entry : targets.entrySet()) {
            NodeOutcome<BakeBuild.TargetResult> outcome = byName.get(entry.getKey());
            if (outcome == null) {
                continue;
            }
            TargetRun run = entry.getValue()
                    .snapshot(
                            entry.getKey(),
                            outcome,
                            linkedVertexes(entry.getKey()),
                            lastLogLines,
                            atomicNames,
                            attempts);
            if (run.ended() != null && run.ended().isAfter(ended)) {
                ended = run.ended();
            }
            runs.add(run);
        }
        return new BakeRun(started, ended, cancelled, pool, runs);
    }

    /** The vertexes the builds of the targets {@code name} links reported (theirs include their own links'). */
    private Set<String> linkedVertexes(String name) {
        Set<String> digests = new HashSet<>();
        for (String dependency : targets.get(name).dependencies) {
            Target linked = targets.get(dependency);
            synchronized (linked) {
                digests.addAll(linked.vertexes.keySet());
            }
        }
        return digests;
    }

    /** One target's record. */
    final class Target {
        private final List<String> dependencies;
        private volatile String node;
        private Instant stepStarted;
        private Instant inputsReady;
        private Instant slotAcquired;
        private Instant ended;
        private Instant published;
        /** This machine's clock minus the daemon's, once measured; zero within {@link #CLOCK_TOLERANCE}. */
        private Duration clockOffset;
        /** The build's vertexes by digest, in the order first reported. */
        private final Map<String, VertexRecord> vertexes = new LinkedHashMap<>();

        private Target(List<String> dependencies, String node) {
            this.dependencies = dependencies;
            this.node = node;
        }

        /** The target took the node {@code node} ({@code <builder>/<node>}) as it started, in a pool. */
        void placedOn(String node) {
            this.node = node;
        }

        synchronized void stepStarted() {
            stepStarted = Instant.now();
        }

        synchronized void inputsReady() {
            inputsReady = Instant.now();
        }

        synchronized void slotAcquired() {
            slotAcquired = Instant.now();
        }

        synchronized void published() {
            published = Instant.now();
        }

        synchronized void ended() {
            ended = Instant.now();
        }

        /** {@code progress}, with this target's steps recorded as they pass. */
        ProgressListener listening(ProgressListener progress) {
            return StepObserver.observing(progress, this::record);
        }

        private synchronized void record(StepObserver.StepUpdate update) {
            VertexRecord vertex = vertexes.computeIfAbsent(update.digest(), VertexRecord::new);
            vertex.name = update.name();
            if (clockOffset == null) {
                Duration offset = Duration.between(update.started(), Instant.now());
                clockOffset = offset.abs().compareTo(CLOCK_TOLERANCE) < 0 ? Duration.ZERO : offset;
            }
            vertex.started = update.started().plus(clockOffset);
            vertex.completed =
                    update.completed() == null ? null : update.completed().plus(clockOffset);
            vertex.cached |= update.cached();
            vertex.error = update.error();
        }

        private synchronized TargetRun snapshot(
                String name,
                NodeOutcome<BakeBuild.TargetResult> outcome,
                Set<String> linkedVertexes,
                Function<String, List<String>> lastLogLines,
                Optional<Map<String, String>> atomicNames,
                Map<String, Retries.Attempts> attempts) {
            List<String> retries = Optional.ofNullable(attempts.get(name))
                    .map(Retries.Attempts::retryReasons)
                    .orElse(List.of());
            TargetStatus status = TargetStatus.of(outcome);
            boolean ran = status != TargetStatus.SKIPPED && stepStarted != null;
            Instant end = ended != null ? ended : stepStarted;
            Duration forSlot = Duration.ZERO;
            Duration onDependencies = Duration.ZERO;
            if (ran) {
                forSlot = limited ? positive(Duration.between(started, stepStarted)) : Duration.ZERO;
                Instant waitedFrom = stepStarted;
                if (!dependencies.isEmpty() && inputsReady != null) {
                    onDependencies = positive(Duration.between(stepStarted, inputsReady));
                    waitedFrom = later(stepStarted, inputsReady);
                }
                if (slotAcquired != null) {
                    forSlot = forSlot.plus(positive(Duration.between(waitedFrom, slotAcquired)));
                }
            }
            List<TargetRun.Step> steps = new ArrayList<>();
            Optional<TargetRun.FailedStep> failed = Optional.empty();
            for (VertexRecord v : vertexes.values()) {
                if (v.started == null || linkedVertexes.contains(v.digest)) {
                    continue;
                }
                steps.add(new TargetRun.Step(
                        v.name, v.started, v.completed, v.cached, v.error, TargetRun.phaseOf(v.name)));
                if (failed.isEmpty()
                        && status == TargetStatus.FAILED
                        && !v.error.isEmpty()
                        && !v.error.endsWith("context canceled")) {
                    failed = Optional.of(new TargetRun.FailedStep(v.name, v.error, lastLogLines.apply(v.digest)));
                }
            }
            String error = "";
            if ((status == TargetStatus.FAILED || status == TargetStatus.CANCELLED) && outcome.error() != null) {
                error = String.valueOf(outcome.error().getMessage());
            }
            String digest = "";
            List<String> tags = List.of();
            if (status == TargetStatus.SUCCEEDED
                    && outcome.value() != null
                    && outcome.value().build() != null) {
                BuildResult build = outcome.value().build();
                digest = build.exporterResponse().getOrDefault("containerimage.digest", "");
                String names = atomicNames
                        .map(written -> written.getOrDefault(name, ""))
                        .orElseGet(() -> build.exporterResponse().getOrDefault("image.name", ""));
                tags = names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
            }
            return new TargetRun(
                    name,
                    dependencies,
                    status,
                    error,
                    ran ? stepStarted : null,
                    ran ? end : null,
                    ran ? published : null,
                    forSlot,
                    onDependencies,
                    steps,
                    digest,
                    tags,
                    node,
                    failed,
                    retries);
        }
    }

    private static final class VertexRecord {
        final String digest;
        String name = "";
        Instant started;
        Instant completed;
        boolean cached;
        String error = "";

        VertexRecord(String digest) {
            this.digest = digest;
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
