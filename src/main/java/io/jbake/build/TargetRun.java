package io.jbake.build;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one target of a bake did, for {@code --results}, {@code --report} and the summary table: recorded by
 * {@link BakeBuild} (its start, its waits, its end, its node) and by its build's progress (the steps).
 *
 * @param name the target
 * @param dependencies the targets it links ({@code target:} contexts), in graph order
 * @param status how it ended
 * @param error its failure's message as the error report words it after {@code ERROR: target <name>: }; empty
 *     unless it failed or was cancelled while building
 * @param started when its build was started (after any wait for a {@code --jobs} slot); null if it never was
 * @param ended when its build ended; null if it never started (a target others link ends once they are done
 *     with its result)
 * @param published when its result was ready for the targets that link it; null when none does, or it never was
 * @param waitingForSlot time it waited for a slot: of {@code --jobs} before it started (when it limits the bake),
 *     of its node in a pool
 * @param waitingOnDependencies time from its start until the targets it links had published their results
 * @param steps its build's own steps, as its progress reported them, in the order they started: not those of the
 *     targets it links, which its build reports too
 * @param digest the image digest ({@code containerimage.digest}), empty when none
 * @param tags the image names it exported or pushed ({@code image.name}), in order
 * @param node the node that built it, {@code <builder>/<node>}
 * @param failedStep the step that failed, if one did (not cancelled): its name and its last log lines
 * @param retries why each of its builds but the last was made again ({@code --retries}), in order; empty when it
 *     was built once
 */
public record TargetRun(
        String name,
        List<String> dependencies,
        TargetStatus status,
        String error,
        Instant started,
        Instant ended,
        Instant published,
        Duration waitingForSlot,
        Duration waitingOnDependencies,
        List<Step> steps,
        String digest,
        List<String> tags,
        String node,
        Optional<FailedStep> failedStep,
        List<String> retries) {

    public TargetRun {
        dependencies = List.copyOf(dependencies);
        retries = List.copyOf(retries);
        steps = List.copyOf(steps);
        tags = List.copyOf(tags);
    }

    /** How many times it was built: once, and again for each of its {@link #retries}; none if it never started. */
    public int attempts() {
        return started == null ? 0 : retries.size() + 1;
    }

    /** What part of a build a step is, as the report's timeline colours it. */
    public enum Phase {
        /** Sending local files to the daemon: {@code [internal] load build context}, a named context's upload. */
        UPLOAD,
        /** The build itself. */
        SOLVE,
        /** Writing the result: {@code exporting to image}, pushing. */
        EXPORT
    }

    /**
     * One vertex of the build.
     *
     * @param started when it started, on this machine's clock; null if it never did
     * @param completed when it completed, on this machine's clock; null if it never did
     * @param error the daemon's error, empty when none
     */
    public record Step(String name, Instant started, Instant completed, boolean cached, String error, Phase phase) {
        /**
         * Whether the step counts in {@link #cachedSteps()}/{@link #totalSteps()}: the build's own steps, not
         * BuildKit's internal ones ({@code [internal] ...}, {@code [auth] ...}) or the upload and export,
         * which are never cached.
         */
        public boolean countable() {
            return phase == Phase.SOLVE && !name.startsWith("[internal]") && !name.startsWith("[auth]");
        }
    }

    /** The step that failed, with its last log lines as the progress display's failure summary keeps them. */
    public record FailedStep(String name, String error, List<String> lastLines) {
        public FailedStep {
            lastLines = List.copyOf(lastLines);
        }
    }

    /** How many of the {@link Step#countable()} steps came from the cache. */
    public int cachedSteps() {
        return (int) steps.stream().filter(s -> s.countable() && s.cached()).count();
    }

    /** How many {@link Step#countable()} steps the build had. */
    public int totalSteps() {
        return (int) steps.stream().filter(Step::countable).count();
    }

    /** From start to end; zero when it never started. */
    public Duration duration() {
        return started == null || ended == null ? Duration.ZERO : Duration.between(started, ended);
    }

    /**
     * When the targets linking this one could go on: its {@link #published} result, else its end; null if it
     * never started.
     */
    public Instant readyForDependents() {
        return published != null ? published : ended;
    }

    /** The phase of a step named {@code name} (without a target prefix). */
    public static Phase phaseOf(String name) {
        if (name.endsWith("load build context") || name.contains("load from client") || name.contains("transferring")) {
            return Phase.UPLOAD;
        }
        if (name.startsWith("exporting")
                || name.startsWith("pushing")
                || name.startsWith("sending tarball")
                || name.startsWith("resolving provenance")) {
            return Phase.EXPORT;
        }
        return Phase.SOLVE;
    }
}
