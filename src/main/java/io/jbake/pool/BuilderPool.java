package io.jbake.pool;

import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The daemons a bake builds on, connected: one for a single builder (today's bake, unlimited, as buildx), or
 * several ({@code --builder a,b}, a multi-node builder), each with its platforms and a limit on the targets it
 * builds at once. {@link Placement} decides where each target goes, as it starts.
 */
public final class BuilderPool implements AutoCloseable {
    /** A node's limit when {@code --node-jobs} is not given and its daemon does not report its cores. */
    static final int DEFAULT_NODE_JOBS = 2;

    /** One connected node. */
    public record Node(BuildKitClient client, PoolNode spec) {}

    /** A node of a pool that could not be reached: its targets go to the others. */
    public record Unreachable(String node, String message) {}

    private final List<Node> nodes;
    private final List<Unreachable> unreachable;
    private final boolean pool;
    private final boolean limited;

    private BuilderPool(List<Node> nodes, List<Unreachable> unreachable, boolean pool, boolean limited) {
        this.nodes = List.copyOf(nodes);
        this.unreachable = List.copyOf(unreachable);
        this.pool = pool;
        this.limited = limited;
    }

    /**
     * Connects to every node of {@code endpoints} at once. One node is today's bake: its platforms are not
     * asked and it is limited only when {@code nodeJobs} is given.
     *
     * @param nodeJobs {@code --node-jobs}, or 0 for each node's cores (Docker Engine's {@code NCPU}), else 2
     * @param connect connects to one node
     * @throws BuildKitException when the one node, or every node of a pool, cannot be reached (the others are
     *     closed); a pool leaves a node it cannot reach out ({@link #unreachable()}) while another answers
     */
    public static BuilderPool connect(
            List<Endpoint> endpoints, int nodeJobs, Function<Endpoint, BuildKitClient> connect) {
        boolean pool = endpoints.size() > 1;
        List<CompletableFuture<Node>> connecting = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            connecting.add(CompletableFuture.supplyAsync(() -> {
                BuildKitClient client = connect.apply(endpoint);
                try {
                    List<String> platforms = pool ? client.workerPlatforms() : List.of();
                    int limit = nodeJobs > 0
                            ? nodeJobs
                            : pool ? endpoint.cpuCount().orElse(DEFAULT_NODE_JOBS) : Integer.MAX_VALUE;
                    // one builder builds what it is given: the build says when it cannot
                    boolean multiPlatform = !pool || client.buildsMultiPlatform();
                    return new Node(client, new PoolNode(endpoint.builderNode(), platforms, limit, multiPlatform));
                } catch (RuntimeException e) {
                    client.close();
                    throw e;
                }
            }));
        }
        List<Node> nodes = new ArrayList<>();
        List<Unreachable> unreachable = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < connecting.size(); i++) {
            try {
                nodes.add(connecting.get(i).join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                unreachable.add(new Unreachable(endpoints.get(i).builderNode(), cause.getMessage()));
                if (failure == null) {
                    failure = cause;
                }
            }
        }
        if (failure != null && (!pool || nodes.isEmpty())) {
            nodes.forEach(n -> n.client().close());
            throw failure;
        }
        return new BuilderPool(nodes, unreachable, pool, pool || nodeJobs > 0);
    }

    /** The nodes, in the order given; the first is the one a remote definition is fetched on. */
    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    /**
     * Whether the bake was given several nodes (the metadata and progress then name each target's node), even
     * if only one of them could be reached.
     */
    public boolean isPool() {
        return pool;
    }

    /** The nodes of the pool that could not be reached, in the order given. */
    public List<Unreachable> unreachable() {
        return unreachable;
    }

    /** Whether a target waits for a free slot of a node ({@link Placement#acquire}) before it builds. */
    public boolean limited() {
        return limited;
    }

    /**
     * The placement of a bake's targets on these nodes ({@link Placement}), which they take as they start.
     *
     * @param items every target of the bake, in build order
     * @param lastNodes by target, the node that built it last ({@link NodeAffinity})
     */
    public Placement placement(List<Placement.Item> items, Map<String, String> lastNodes) {
        return new Placement(nodes.stream().map(Node::spec).toList(), items, lastNodes);
    }

    /**
     * Whether {@code node}'s daemon still answers (its workers, within a few seconds): a build that failed
     * otherwise than at the daemon's word asks, to tell its node's failure from its own.
     */
    public static boolean answers(Node node) {
        try {
            node.client().workerPlatforms();
            return true;
        } catch (BuildKitException e) {
            return false;
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.client().close());
    }
}
