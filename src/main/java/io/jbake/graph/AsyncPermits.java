package io.jbake.graph;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore whose {@link #acquire} returns a future instead of blocking, so a node waiting
 * for its turn holds no thread. Waiters are served by rank, lowest first, then first come, first served;
 * the scheduler ranks nodes by topological position, so nodes that become ready together start in graph
 * order whatever order their readiness callbacks ran in.
 */
final class AsyncPermits {
    private record Waiter(int rank, long arrival, CompletableFuture<Void> future) {}

    private final PriorityQueue<Waiter> waiters =
            new PriorityQueue<>(Comparator.comparingInt(Waiter::rank).thenComparingLong(Waiter::arrival));
    private long arrivals;
    private int available;

    /** @param permits the bound; {@link Integer#MAX_VALUE} for none */
    AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        this.available = permits;
    }

    /**
     * A future completed once a permit is held by the caller. Cancelling (or otherwise completing) the
     * future before it is granted withdraws the request; a permit is never granted to a completed future.
     */
    CompletableFuture<Void> acquire(int rank) {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> future = new CompletableFuture<>();
            waiters.add(new Waiter(rank, arrivals++, future));
            return future;
        }
    }

    /** Returns one permit, handing it to the first waiter still waiting. */
    void release() {
        while (true) {
            CompletableFuture<Void> next;
            synchronized (this) {
                Waiter first = waiters.poll();
                if (first == null) {
                    available++;
                    return;
                }
                next = first.future();
            }
            // completed outside the lock: the waiter's continuation may run here and acquire again
            if (next.complete(null)) {
                return;
            }
        }
    }
}
