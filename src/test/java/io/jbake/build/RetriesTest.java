package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.jbake.buildkit.BuildFailedException;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.pool.BuilderPool;
import io.jbake.pool.PoolNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Retries}' loop with attempts that fail as told, on clients that reach no daemon. */
class RetriesTest {
    private static final Endpoint ENGINE = Endpoint.docker("unix:///nonexistent/jbake-retries/docker.sock", null);
    private static final String LOST =
            "lost the connection to Docker Engine at unix:///nonexistent/jbake-retries/docker.sock: the daemon closed"
                    + " the connection";
    private static final String PUSH_503 =
            "failed to solve: failed to push r/app:t: unexpected status from PUT request to http://r/v2/app/manifests/t:"
                    + " 503 Service Unavailable";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final ProgressDisplay display =
            ProgressDisplay.create("plain", new PrintStream(progress, true, StandardCharsets.UTF_8), false);
    private final BuilderPool.Node node = new BuilderPool.Node(client(), new PoolNode("n", List.of(), 1, false));
    private final List<BuildKitClient> reconnected = new ArrayList<>();
    private final NodeConnections connections = new NodeConnections(endpoint -> {
        BuildKitClient fresh = client();
        reconnected.add(fresh);
        return fresh;
    });

    private static BuildKitClient client() {
        return new BuildKitClient(null, ENGINE, null, null);
    }

    private static BuildResult result() {
        return new BuildResult("ref", Map.of(), "n");
    }

    private String shown() {
        display.close();
        return progress.toString(StandardCharsets.UTF_8);
    }

    /** An attempt that fails with each of {@code failures} in turn, then succeeds; it records its clients. */
    private static final class Attempts implements BiFunction<BuildKitClient, BuildRequest, BuildResult> {
        final List<BuildKitClient> clients = new ArrayList<>();
        final List<BuildRequest> requests = new ArrayList<>();
        private final Iterator<RuntimeException> failures;

        Attempts(RuntimeException... failures) {
            this.failures = List.of(failures).iterator();
        }

        @Override
        public BuildResult apply(BuildKitClient client, BuildRequest request) {
            clients.add(client);
            requests.add(request);
            if (failures.hasNext()) {
                throw failures.next();
            }
            return result();
        }
    }

    private BuildRequest.Builder request() {
        return BuildRequest.builder().context(dir);
    }

    @Test
    void aRegistry5xxIsRetriedOnTheSameClientAndShown() {
        Retries retries = new Retries(2, display, connections);
        Attempts attempts = new Attempts(new BuildFailedException(PUSH_503, List.of()));

        retries.build("app", node, request(), () -> false, attempts);

        assertEquals(List.of(node.client(), node.client()), attempts.clients);
        assertEquals(Map.of("app", new Retries.Attempts(2, List.of(PUSH_503))), retries.attempts());
        assertEquals(List.of(), reconnected);
        String shown = shown();
        assertTrue(shown.contains("[internal] retry app (attempt 2 of 3): " + PUSH_503 + "\n"), shown);
        assertTrue(shown.contains(" waiting 1s done\n"), shown);
    }

    @Test
    void aLostConnectionIsRetriedOnANewClientServingItsOwnDirectories() {
        Retries retries = new Retries(1, display, connections);
        Attempts attempts = new Attempts(new BuildKitException(LOST, Status.UNAVAILABLE.asRuntimeException()));
        BuildRequest.Builder request = request().localDirFromSession("context", "shared-session");

        retries.build("app", node, request, () -> false, attempts);

        assertEquals(1, reconnected.size());
        assertEquals(List.of(node.client(), reconnected.get(0)), attempts.clients);
        assertSame(reconnected.get(0), connections.client(node));
        // the first attempt read the context through the shared session, the second serves it itself
        assertEquals("shared-session", attempts.requests.get(0).frontendAttrs().get("local-sessionid:context"));
        assertEquals(null, attempts.requests.get(1).frontendAttrs().get("local-sessionid:context"));
        assertEquals(
                dir.toAbsolutePath().normalize(),
                attempts.requests.get(1).localDirs().get("context"));
        assertEquals(Map.of("app", new Retries.Attempts(2, List.of(LOST))), retries.attempts());
    }

    @Test
    void aFailingStepIsAttemptedOnce() {
        Retries retries = new Retries(3, display, connections);
        BuildFailedException step = new BuildFailedException(
                "failed to solve: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                List.of());
        Attempts attempts = new Attempts(step);

        assertSame(
                step,
                assertThrows(
                        BuildFailedException.class,
                        () -> retries.build("app", node, request(), () -> false, attempts)));

        assertEquals(1, attempts.clients.size());
        assertEquals(Map.of("app", new Retries.Attempts(1, List.of())), retries.attempts());
        assertTrue(!shown().contains("retry"));
    }

    @Test
    void theLastAttemptsFailureIsTheTargets() {
        Retries retries = new Retries(1, display, connections);
        BuildFailedException first = new BuildFailedException(PUSH_503, List.of());
        BuildFailedException second = new BuildFailedException(PUSH_503 + " again", List.of());
        Attempts attempts = new Attempts(first, second);

        assertSame(
                second,
                assertThrows(
                        BuildFailedException.class,
                        () -> retries.build("app", node, request(), () -> false, attempts)));

        assertEquals(Map.of("app", new Retries.Attempts(2, List.of(PUSH_503))), retries.attempts());
    }

    @Test
    void withoutRetriesATransientFailureFailsAtOnce() {
        Retries retries = new Retries(0, display, connections);
        BuildFailedException push = new BuildFailedException(PUSH_503, List.of());

        assertSame(
                push,
                assertThrows(
                        BuildFailedException.class,
                        () -> retries.build("app", node, request(), () -> false, new Attempts(push))));

        assertEquals(Map.of("app", new Retries.Attempts(1, List.of())), retries.attempts());
    }

    @Test
    void aTargetThatPublishedItsResultIsNotRetried() {
        Retries retries = new Retries(2, display, connections);
        BuildKitException lost = new BuildKitException(LOST, Status.UNAVAILABLE.asRuntimeException());

        assertSame(
                lost,
                assertThrows(
                        BuildKitException.class,
                        () -> retries.build("base", node, request(), () -> true, new Attempts(lost))));

        assertEquals(Map.of("base", new Retries.Attempts(1, List.of())), retries.attempts());
        assertEquals(List.of(), reconnected);
    }

    @Test
    void aCancelledBakeStopsWaitingAtOnce() throws Exception {
        Retries retries = new Retries(5, display, connections);
        AtomicInteger tries = new AtomicInteger();
        CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                retries.build("app", node, request(), () -> false, (client, request) -> {
                    tries.incrementAndGet();
                    throw new BuildFailedException(PUSH_503, List.of());
                });
                ended.complete(null);
            } catch (RuntimeException e) {
                ended.complete(e);
            }
        });
        worker.start();
        // the first attempt failed and the worker waits before the second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long interrupted = System.nanoTime();
        worker.interrupt(); // what BakeBuild's cancel does to a building target's thread
        RuntimeException failure = ended.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - interrupted);

        assertEquals("build canceled", failure.getMessage());
        assertEquals(1, tries.get());
        // well within the 1 s wait it would otherwise have waited
        assertTrue(took.compareTo(Retries.FIRST_WAIT) < 0, "took " + took);
        assertEquals(Optional.empty(), TransientFailure.of(failure));
    }
}
