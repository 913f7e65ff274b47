package io.jbake.build;

import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.pool.BuilderPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code --retries N}: a target's build attempted again, up to N times, after a failure that is not the build's
 * own ({@link TransientFailure}). Each attempt is a fresh build with a fresh session (the request built again, its
 * secrets, SSH agents and files served again); one after a lost connection runs on a new connection to the same
 * node ({@link NodeConnections}), its directories then served by its own session (the shared ones died with the
 * old connection). A target that already published its result to the targets linking it is not attempted again:
 * they read that result at the daemon, and fail with it.
 *
 * <p>The waits before attempts 2, 3, ... are 1 s, 2 s, 4 s, 8 s, then 10 s each, without jitter: one bake's
 * retries are few (jitter spreads many clients' retries, and a bake already starts all its targets at once), and
 * a wait that is always the same shows the same in the progress. An attempt after a lost connection also waits up
 * to {@value #RECONNECT_WAIT_SECONDS} s for the daemon to answer again (a restarting daemon refuses meanwhile).
 * A cancelled bake interrupts the waiting thread, which stops at once.
 *
 * <p>Each retry shows as a local step, {@code [internal] retry <target> (attempt 2 of 3): <reason>}; {@link
 * #attempts()} has, per target, how many attempts it took and why each retry was made.
 */
public final class Retries {
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final long RECONNECT_WAIT_SECONDS = 10;

    /** A target's attempts: how many builds it took (1 when not retried) and the reason of each retry, in order. */
    public record Attempts(int count, List<String> retryReasons) {
        public Attempts {
            retryReasons = List.copyOf(retryReasons);
        }
    }

    private final int retries;
    private final ProgressDisplay display;
    private final NodeConnections connections;
    private final Map<String, Attempts> attempts = new LinkedHashMap<>();

    /**
     * @param retries how many times a target may be built again (0: once, as without {@code --retries})
     * @param display shows each retry
     * @param connections each node's live client
     */
    Retries(int retries, ProgressDisplay display, NodeConnections connections) {
        this.retries = retries;
        this.display = display;
        this.connections = connections;
    }

    /**
     * Builds target {@code target} on {@code node}: {@code build} with the node's live client and the request
     * {@code request} builds, attempted again while the failure is transient and attempts are left.
     *
     * @param published whether the target has published its result to the targets linking it (then no retry)
     * @throws RuntimeException the last attempt's failure
     */
    BuildResult build(
            String target,
            BuilderPool.Node node,
            BuildRequest.Builder request,
            BooleanSupplier published,
            BiFunction<BuildKitClient, BuildRequest, BuildResult> build) {
        List<String> reasons = new ArrayList<>();
        boolean reconnect = false;
        for (int attempt = 1; ; attempt++) {
            BuildKitClient client = connections.client(node);
            try {
                if (reconnect) {
                    client = connections.reconnect(node, client, Duration.ofSeconds(RECONNECT_WAIT_SECONDS));
                }
                if (client != node.client()) {
                    request.localDirsFromOwnSession(); // the shared sessions were served by the lost connection
                }
                BuildResult result = build.apply(client, request.build());
                record(target, attempt, reasons);
                return result;
            } catch (RuntimeException failure) {
                Optional<TransientFailure.Reason> reason = attempt > retries
                                || published.getAsBoolean()
                                || Thread.currentThread().isInterrupted()
                        ? Optional.empty()
                        : TransientFailure.of(failure);
                if (reason.isEmpty()) {
                    record(target, attempt, reasons);
                    throw failure;
                }
                reasons.add(reason.get().text());
                reconnect = reason.get().reconnect();
                Duration wait = wait(attempt);
                Instant now = Instant.now();
                display.localStep(
                        "[internal] retry " + target + " (attempt " + (attempt + 1) + " of " + (retries + 1) + "): "
                                + reason.get().text(),
                        now,
                        now,
                        List.of(new ProgressDisplay.LocalProgress("waiting " + wait.toSeconds() + "s", 0, 0)));
                sleep(wait, failure);
            }
        }
    }

    /** The wait before attempt {@code failed + 1}: 1 s doubled for each attempt before, at most 10 s. */
    static Duration wait(int failed) {
        if (failed >= 5) {
            return MAX_WAIT;
        }
        Duration wait = FIRST_WAIT.multipliedBy(1L << (failed - 1));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    /** Per target that built (or tried to), its attempts; in the order they ended. */
    Map<String, Attempts> attempts() {
        synchronized (attempts) {
            return Map.copyOf(attempts);
        }
    }

    private void record(String target, int attempt, List<String> reasons) {
        synchronized (attempts) {
            attempts.put(target, new Attempts(attempt, reasons));
        }
    }

    /** Waits {@code wait}; a cancelled bake (the thread interrupted) ends the wait at once, failing the target. */
    private static void sleep(Duration wait, RuntimeException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            BuildKitException canceled = new BuildKitException("build canceled");
            canceled.addSuppressed(failure);
            throw canceled;
        }
    }

    /**
     * {@code arrive} called once, its stage given to every later call: a retried target reaches {@code --jobs
     * defer-output}'s barrier once, however many attempts it takes.
     */
    static Supplier<CompletionStage<Void>> once(Supplier<CompletionStage<Void>> arrive) {
        AtomicReference<CompletionStage<Void>> arrived = new AtomicReference<>();
        return () -> {
            synchronized (arrived) {
                if (arrived.get() == null) {
                    arrived.set(arrive.get());
                }
                return arrived.get();
            }
        };
    }
}
