package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.transport.BuildKitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlacementTest {
    private static final List<String> AMD64 = List.of("linux/amd64", "linux/386");
    private static final List<String> ARM = List.of("linux/arm64", "linux/arm/v7");

    private static Placement.Item lone(String name) {
        return new Placement.Item(name, List.of(), List.of());
    }

    private static List<Placement.Item> lones(int count) {
        List<Placement.Item> items = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            items.add(lone("t" + i));
        }
        return items;
    }

    private static Placement twoNodes(int limitA, int limitB, List<Placement.Item> items) {
        return new Placement(
                List.of(new PoolNode("a/a", AMD64, limitA), new PoolNode("b/b", AMD64, limitB)), items, Map.of());
    }

    /** Starts {@code target}'s acquire on a thread of its own and waits until it waits (or got its node). */
    private static CompletableFuture<Integer> acquireAsync(Placement placement, String target, int waitingAfter)
            throws InterruptedException {
        CompletableFuture<Integer> node = CompletableFuture.supplyAsync(() -> {
            try {
                return placement.acquire(target);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (placement.waitingTargets() < waitingAfter && !node.isDone()) {
            Thread.sleep(5);
        }
        return node;
    }

    @Test
    void aTargetTakesTheLeastLoadedNodeWithAFreeSlotWhenItStarts() throws InterruptedException {
        Placement even = twoNodes(2, 2, lones(8));
        assertEquals(
                List.of(0, 1, 0, 1),
                List.of(even.acquire("t1"), even.acquire("t2"), even.acquire("t3"), even.acquire("t4")));
        // b finished one early: it takes the next target, and the one after too once a's are both building
        even.release("t2");
        assertEquals(1, even.acquire("t5"));
        even.release("t4");
        even.release("t1");
        assertEquals(0, even.acquire("t6"));
        assertEquals(1, even.acquire("t7"));
        assertEquals(Map.of("t1", 0, "t2", 1, "t3", 0, "t4", 1, "t5", 1, "t6", 0, "t7", 1), even.placed());

        // a node with three times the slots takes three targets for the other's one
        Placement uneven = twoNodes(1, 3, lones(4));
        assertEquals(
                List.of(0, 1, 1, 1),
                List.of(uneven.acquire("t1"), uneven.acquire("t2"), uneven.acquire("t3"), uneven.acquire("t4")));
    }

    @Test
    void waitingTargetsTakeAFreedSlotInBuildOrder() throws Exception {
        Placement placement = twoNodes(1, 1, lones(4));
        assertEquals(0, placement.acquire("t1"));
        assertEquals(1, placement.acquire("t2"));
        CompletableFuture<Integer> t4 = acquireAsync(placement, "t4", 1);
        CompletableFuture<Integer> t3 = acquireAsync(placement, "t3", 2);
        assertFalse(t3.isDone());
        assertFalse(t4.isDone());

        placement.release("t2");
        assertEquals(1, t3.get());
        assertFalse(t4.isDone());
        placement.release("t1");
        assertEquals(0, t4.get());
    }

    @Test
    void aLinkedChainFollowsItsFirstTarget() throws Exception {
        List<Placement.Item> items = List.of(
                lone("base"),
                lone("other"),
                new Placement.Item("mid", List.of("base"), List.of()),
                new Placement.Item("app", List.of("mid"), List.of()),
                lone("last"),
                // links two chains: all five go together
                new Placement.Item("both", List.of("app", "other"), List.of()));
        Placement placement = twoNodes(3, 3, items);
        assertEquals(0, placement.acquire("last"));
        assertEquals(1, placement.acquire("other"));
        // the chain started on b: base follows though a is as loaded
        assertEquals(1, placement.acquire("base"));
        placement.release("last");
        assertEquals(1, placement.acquire("mid"));
        // b is full: app waits for it, though a is empty
        CompletableFuture<Integer> app = acquireAsync(placement, "app", 1);
        assertFalse(app.isDone());
        placement.release("base");
        assertEquals(1, app.get());
    }

    @Test
    void aPlatformGoesToTheNodesThatHaveIt() throws InterruptedException {
        List<Placement.Item> items = List.of(
                new Placement.Item("arm1", List.of(), List.of("linux/arm64")),
                new Placement.Item("arm2", List.of(), List.of("linux/arm64/v8")),
                new Placement.Item("x86", List.of(), List.of("linux/amd64")),
                new Placement.Item("multi", List.of(), List.of("linux/amd64", "linux/arm64")),
                new Placement.Item("child", List.of("arm1"), List.of()));
        Placement placement =
                new Placement(List.of(new PoolNode("a/a", AMD64, 4), new PoolNode("b/b", ARM, 4)), items, Map.of());
        assertEquals(1, placement.acquire("arm1"));
        assertEquals(1, placement.acquire("arm2"));
        assertEquals(0, placement.acquire("x86"));
        // "multi" has no node with both: it goes where a lone target would, for the daemon to refuse
        assertEquals(0, placement.acquire("multi"));
        // "child" is arm1's chain: arm64 too
        assertEquals(1, placement.acquire("child"));

        // several platforms at once only on a node that builds them at once
        Placement classic = new Placement(
                List.of(new PoolNode("a/a", AMD64, 4, false), new PoolNode("b/b", AMD64, 4, true)),
                List.of(new Placement.Item("both", List.of(), List.of("linux/amd64", "linux/386")), lone("one")),
                Map.of());
        assertEquals(1, classic.acquire("both"));
        assertEquals(0, classic.acquire("one"));
    }

    @Test
    void aTargetPrefersTheNodeThatBuiltItLastWhileThatNodeHasAFreeSlot() throws InterruptedException {
        Placement placement = new Placement(
                List.of(new PoolNode("a/a", AMD64, 2), new PoolNode("b/b", AMD64, 2)),
                lones(5),
                Map.of("t1", "b/b", "t2", "b/b", "t3", "b/b", "t4", "gone/gone0"));
        assertEquals(1, placement.acquire("t1"));
        assertEquals(1, placement.acquire("t2"));
        // b is full: t3 goes where there is a slot
        assertEquals(0, placement.acquire("t3"));
        // a node no longer in the pool is no preference
        assertEquals(0, placement.acquire("t4"));
        placement.release("t1");
        assertEquals(1, placement.acquire("t5"));
    }

    @Test
    void aNodeDownTakesNothingMoreAndFailsTheChainsThatStartedThere() throws Exception {
        List<Placement.Item> items = List.of(
                lone("t1"), lone("t2"), lone("t3"), new Placement.Item("child", List.of("t2"), List.of()), lone("t4"));
        Placement placement = twoNodes(1, 1, items);
        assertEquals(0, placement.acquire("t1"));
        assertEquals(1, placement.acquire("t2"));
        CompletableFuture<Integer> t3 = acquireAsync(placement, "t3", 1);
        CompletableFuture<Integer> child = acquireAsync(placement, "child", 2);

        placement.nodeDown(1, "lost the connection");
        // t2 published, then its node went down: its dependent cannot read it anywhere
        CompletionException failed = assertThrows(CompletionException.class, child::join);
        assertEquals(
                "node b/b failed: lost the connection (a target linked with this one built there)",
                failed.getCause().getMessage());
        assertTrue(placement.isDown(1));
        // t3 waits for a, not for b's slot that t2 gives back
        placement.release("t2");
        assertFalse(t3.isDone());
        placement.release("t1");
        assertEquals(0, t3.get());

        placement.nodeDown(0, "refused");
        BuildKitException none = assertThrows(BuildKitException.class, () -> placement.acquire("t4"));
        assertEquals("no node of the pool is left: a/a: refused; b/b: lost the connection", none.getMessage());
    }

    @Test
    void placeElsewhereMovesATargetOffItsFailedNode() throws InterruptedException {
        Placement placement = twoNodes(1, 1, lones(2));
        assertEquals(0, placement.acquire("t1"));
        assertEquals(1, placement.placeElsewhere("t1", "lost the connection"));
        assertTrue(placement.isDown(0));
        assertEquals(Map.of("t1", 1), placement.placed());
        placement.release("t1");
        assertEquals(1, placement.acquire("t2"));
    }

    @Test
    void platformsMatchAsOciPlatformsDo() {
        assertTrue(Platforms.matches("linux/arm64", "linux/arm64/v8"));
        assertTrue(Platforms.matches("linux/arm/v7", "linux/arm"));
        assertTrue(Platforms.matches("linux/amd64", "Linux/x86_64"));
        assertFalse(Platforms.matches("linux/arm/v6", "linux/arm/v7"));
        assertFalse(Platforms.matches("linux/amd64", "windows/amd64"));
        assertTrue(Platforms.supportsAll(AMD64, List.of()));
        assertFalse(Platforms.supportsAll(AMD64, List.of("linux/amd64", "linux/arm64")));
    }
}
