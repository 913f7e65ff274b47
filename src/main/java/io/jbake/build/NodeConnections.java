package io.jbake.build;

import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.pool.BuilderPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Each node's live client: the pool's own until its connection dies (the daemon restarted), then a new one to
 * the same endpoint, made once however many of the node's targets found the old one dead. The one place a
 * connection to a node is made again; closing closes the clients made here (the pool closes its own).
 */
final class NodeConnections implements AutoCloseable {
    /** How often a node that refuses connections is asked again while it restarts. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final Function<Endpoint, BuildKitClient> connect;
    private final Map<BuilderPool.Node, BuildKitClient> current = new ConcurrentHashMap<>();
    private final Map<BuilderPool.Node, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<BuildKitClient> opened = new ArrayList<>();

    /** @param connect connects a new client to an endpoint ({@link BuildKitClient#connect(Endpoint)}) */
    NodeConnections(Function<Endpoint, BuildKitClient> connect) {
        this.connect = connect;
    }

    /** The client {@code node}'s builds use now. */
    BuildKitClient client(BuilderPool.Node node) {
        return current.getOrDefault(node, node.client());
    }

    /**
     * A client of {@code node} in place of {@code dead}, whose connection was lost: a new connection to the same
     * endpoint, asked again while the daemon refuses for up to {@code wait} (it is restarting); the client another
     * target of the node made already, if it did.
     *
     * @throws BuildKitException when the daemon did not answer within {@code wait} (its last refusal), or the
     *     thread was interrupted ({@code build canceled})
     */
    BuildKitClient reconnect(BuilderPool.Node node, BuildKitClient dead, Duration wait) {
        ReentrantLock lock = locks.computeIfAbsent(node, n -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("build canceled");
        }
        try {
            BuildKitClient now = client(node);
            if (now != dead) {
                return now;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                try {
                    BuildKitClient fresh = connect.apply(node.client().endpoint());
                    synchronized (opened) {
                        opened.add(fresh);
                    }
                    current.put(node, fresh);
                    return fresh;
                } catch (BuildKitException refused) {
                    if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
                        throw refused;
                    }
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildKitException("build canceled");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        synchronized (opened) {
            opened.forEach(BuildKitClient::close);
            opened.clear();
        }
    }
}
