package io.jbake.pool;

import io.jbake.buildkit.transport.BuildKitException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which node of a pool builds each target, decided while the bake runs: a target takes a node when it is ready to
 * start ({@link #acquire}), so a node that finishes early takes more of the work. Targets linked by {@code
 * target:} contexts read each other's results at the daemon, so a linked chain (every target reachable through
 * links, either way; items given without their links are placed each on its own, as with a registry for the pool)
 * builds on one node: its first target to start chooses it, among the nodes that support all
 * of the chain's platforms, and the others follow. A target whose chain has no node yet goes, among those nodes
 * that have a free slot, to the node that built it last ({@code preferred}, cache affinity), else to the least
 * loaded one (the fewest targets building for its limit, the first such node on a tie). A chain no node supports
 * goes where it would with no platforms, for the daemon to refuse it. While no node fits, the target waits; the
 * waiting targets are served in build order.
 *
 * <p>A node found down ({@link #nodeDown}) takes nothing more: the targets still waiting go to the other nodes,
 * except those whose chain has started there (their bases' results are gone with it), which fail naming it.
 */
public final class Placement {

    /**
     * A target as placement sees it.
     *
     * @param name its name
     * @param links the targets it links by {@code target:} contexts
     * @param platforms the platforms it builds for; empty for the daemon's own
     */
    public record Item(String name, List<String> links, List<String> platforms) {}

    private final List<PoolNode> nodes;
    /** By target: its index in build order (the order waiting targets are served in). */
    private final Map<String, Integer> order = new HashMap<>();
    /** By target: its chain, named by one of its targets. */
    private final Map<String, String> chainOf = new HashMap<>();
    /** By chain: every platform its targets build for. */
    private final Map<String, List<String>> chainPlatforms = new HashMap<>();
    /** By chain: the node its first target took, once one did. */
    private final Map<String, Integer> chainNode = new HashMap<>();
    /** By chain: its targets that took a node. */
    private final Map<String, Set<String>> chainStarted = new HashMap<>();
    /** By target: the node it would rather build on (where it was built last), by index. */
    private final Map<String, Integer> preferred = new HashMap<>();

    private final int[] building;
    /** By node: why it is down; absent while it is up. */
    private final Map<Integer, String> down = new TreeMap<>();
    /** By target: the node it took. */
    private final Map<String, Integer> placed = new LinkedHashMap<>();
    /** The targets waiting for a node, by build order; a served one gets its node here. */
    private final TreeMap<Integer, Waiting> waiting = new TreeMap<>();

    private static final class Waiting {
        final String target;
        Integer node;
        RuntimeException failure;

        Waiting(String target) {
            this.target = target;
        }
    }

    /**
     * @param nodes the pool's nodes
     * @param items every target of the bake, in build order (a target after those it links)
     * @param lastNodes by target, the name of the node that built it last ({@link NodeAffinity}); a node not in
     *     the pool is ignored
     */
    public Placement(List<PoolNode> nodes, List<Item> items, Map<String, String> lastNodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a pool has at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.building = new int[nodes.size()];
        Map<String, String> root = new HashMap<>();
        items.forEach(item -> root.put(item.name(), item.name()));
        for (Item item : items) {
            for (String link : item.links()) {
                if (root.containsKey(link)) {
                    root.put(find(root, link), find(root, item.name()));
                }
            }
        }
        for (Item item : items) {
            String chain = find(root, item.name());
            order.put(item.name(), order.size());
            chainOf.put(item.name(), chain);
            List<String> platforms = chainPlatforms.computeIfAbsent(chain, c -> new ArrayList<>());
            item.platforms().stream().filter(p -> !platforms.contains(p)).forEach(platforms::add);
            String last = lastNodes.get(item.name());
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).name().equals(last)) {
                    preferred.put(item.name(), i);
                }
            }
        }
    }

    /**
     * Waits until {@code target} can take a slot of a node and takes it.
     *
     * @return the index of its node
     * @throws BuildKitException when its chain started on a node that is down, or no node of the pool is left
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public int acquire(String target) throws InterruptedException {
        Waiting me = new Waiting(target);
        synchronized (this) {
            waiting.put(order.get(target), me);
            serve();
            try {
                while (me.node == null && me.failure == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                if (me.node == null) {
                    waiting.remove(order.get(target));
                    throw e;
                }
                Thread.currentThread().interrupt(); // served meanwhile: the caller gives the slot back
            }
            if (me.failure != null) {
                throw me.failure;
            }
            return me.node;
        }
    }

    /** Gives back the slot {@code target} took ({@link #acquire}); its node stays its node. */
    public synchronized void release(String target) {
        Integer node = placed.get(target);
        if (node != null && building[node] > 0) {
            building[node]--;
            serve();
        }
    }

    /**
     * Marks a node down, for {@code reason}: it takes no more targets; the waiting ones go to the others (or fail,
     * when their chain started there).
     */
    public synchronized void nodeDown(int node, String reason) {
        down.putIfAbsent(node, reason);
        serve();
    }

    /**
     * "The node is down, place elsewhere", for a target whose build failed because its node went down (the one
     * call a retry needs): marks that node down ({@link #nodeDown}), gives back the target's slot there, and waits
     * for a slot on another node ({@link #acquire}).
     *
     * @return the index of the target's new node
     * @throws BuildKitException when another target of its chain started on the node that is down (its result is
     *     gone with it), or no node of the pool is left
     */
    public int placeElsewhere(String target, String reason) throws InterruptedException {
        synchronized (this) {
            int node = placed.get(target);
            release(target);
            placed.remove(target);
            String chain = chainOf.get(target);
            chainStarted.get(chain).remove(target);
            if (chainStarted.get(chain).isEmpty()) {
                chainNode.remove(chain);
            }
            nodeDown(node, reason);
        }
        return acquire(target);
    }

    /** Whether the node of index {@code node} was marked down. */
    public synchronized boolean isDown(int node) {
        return down.containsKey(node);
    }

    /** How many targets wait for a node. */
    synchronized int waitingTargets() {
        return waiting.size();
    }

    /** By target, the index of the node it took, for the targets that took one. */
    public synchronized Map<String, Integer> placed() {
        return new LinkedHashMap<>(placed);
    }

    /** Gives a node to every waiting target that can take one now, in build order, and wakes them. */
    private void serve() {
        boolean served = false;
        for (var it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            try {
                int node = choose(w.target);
                if (node < 0) {
                    continue;
                }
                w.node = node;
                building[node]++;
                placed.put(w.target, node);
                String chain = chainOf.get(w.target);
                chainNode.put(chain, node);
                chainStarted.computeIfAbsent(chain, c -> new HashSet<>()).add(w.target);
            } catch (BuildKitException e) {
                w.failure = e;
            }
            it.remove();
            served = true;
        }
        if (served) {
            notifyAll();
        }
    }

    /** The node {@code target} takes now, or -1 while none fits. */
    private int choose(String target) {
        String chain = chainOf.get(target);
        Integer fixed = chainNode.get(chain);
        if (fixed != null) {
            if (down.containsKey(fixed)) {
                throw new BuildKitException("node " + nodes.get(fixed).name() + " failed: " + down.get(fixed)
                        + " (a target linked with this one built there)");
            }
            return hasSlot(fixed) ? fixed : -1;
        }
        List<String> platforms = chainPlatforms.get(chain);
        boolean multiPlatform = platforms.size() > 1;
        List<Integer> eligible = new ArrayList<>();
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (down.containsKey(i)) {
                continue;
            }
            up.add(i);
            PoolNode node = nodes.get(i);
            if (Platforms.supportsAll(node.platforms(), platforms) && (!multiPlatform || node.multiPlatform())) {
                eligible.add(i);
            }
        }
        if (up.isEmpty()) {
            StringBuilder reasons = new StringBuilder();
            down.forEach((i, reason) -> reasons.append(reasons.length() == 0 ? "" : "; ")
                    .append(nodes.get(i).name())
                    .append(": ")
                    .append(reason));
            throw new BuildKitException("no node of the pool is left: " + reasons);
        }
        if (eligible.isEmpty()) {
            eligible = up;
        }
        Integer last = preferred.get(target);
        if (last != null && eligible.contains(last) && hasSlot(last)) {
            return last;
        }
        int best = -1;
        for (int i : eligible) {
            // building[i] / limit(i) < building[best] / limit(best), without division
            if (hasSlot(i)
                    && (best < 0
                            || (long) building[i] * nodes.get(best).limit()
                                    < (long) building[best] * nodes.get(i).limit())) {
                best = i;
            }
        }
        return best;
    }

    private boolean hasSlot(int node) {
        return building[node] < nodes.get(node).limit();
    }

    private static String find(Map<String, String> root, String name) {
        String r = name;
        while (!root.get(r).equals(r)) {
            r = root.get(r);
        }
        root.put(name, r);
        return r;
    }
}
