package io.jbake.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable directed acyclic graph of named nodes, each carrying a payload {@code N}, where an edge
 * goes from a node to a node it needs (in bake: from a target to the target its {@code target:} context
 * names). An edge may carry labels (in bake: the names of the contexts that link the two targets).
 * Nodes keep the order in which they were added; every listing the graph gives (nodes, dependencies,
 * dependents, {@link #topologicalOrder()}) is in that order, so output built from a graph is
 * deterministic.
 *
 * <p>{@link Builder#build()} rejects what buildx rejects when it loads links, with buildx's messages:
 * a node needing itself, a node needing an unknown node, and cycles.
 */
public final class BuildGraph<N> {
    private final Map<String, N> nodes;
    private final Map<String, List<String>> dependencies;
    private final Map<String, List<String>> dependents;
    /** from node, then to node: the edge's labels. */
    private final Map<String, Map<String, List<String>>> labels;

    private BuildGraph(
            Map<String, N> nodes,
            Map<String, List<String>> dependencies,
            Map<String, Map<String, List<String>>> labels) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.dependencies = dependencies;
        this.labels = labels;
        Map<String, List<String>> reverse = new HashMap<>();
        for (String name : nodes.keySet()) {
            reverse.put(name, new ArrayList<>());
        }
        for (String name : nodes.keySet()) {
            for (String dependency : dependencies.get(name)) {
                reverse.get(dependency).add(name);
            }
        }
        reverse.replaceAll((name, list) -> List.copyOf(list));
        this.dependents = reverse;
    }

    public static <N> Builder<N> builder() {
        return new Builder<>();
    }

    /** Node names, in insertion order. */
    public Set<String> names() {
        return nodes.keySet();
    }

    public int size() {
        return nodes.size();
    }

    public boolean contains(String name) {
        return nodes.containsKey(name);
    }

    /** The payload of node {@code name}; throws for an unknown name. */
    public N node(String name) {
        N node = nodes.get(name);
        if (node == null && !nodes.containsKey(name)) {
            throw new IllegalArgumentException("no node " + name);
        }
        return node;
    }

    /** The nodes {@code name} needs, without duplicates, in the order the edges were added. */
    public List<String> dependencies(String name) {
        return require(dependencies, name);
    }

    /** The labels of the edge from {@code from} to {@code to}, in the order given; empty without labels. */
    public List<String> labels(String from, String to) {
        return labels.getOrDefault(from, Map.of()).getOrDefault(to, List.of());
    }

    /** The nodes that need {@code name}, in node order. */
    public List<String> dependents(String name) {
        return require(dependents, name);
    }

    /**
     * Every node after all the nodes it needs. Among nodes that are ready at the same time, the earlier
     * added comes first.
     */
    public List<String> topologicalOrder() {
        Map<String, Integer> waitingOn = new HashMap<>();
        for (String name : nodes.keySet()) {
            waitingOn.put(name, dependencies.get(name).size());
        }
        List<String> order = new ArrayList<>(nodes.size());
        Set<String> ready = new LinkedHashSet<>();
        for (String name : nodes.keySet()) {
            if (waitingOn.get(name) == 0) {
                ready.add(name);
            }
        }
        while (!ready.isEmpty()) {
            // the earliest-added ready node, so that independent nodes keep their insertion order
            String next = null;
            for (String name : nodes.keySet()) {
                if (ready.contains(name)) {
                    next = name;
                    break;
                }
            }
            ready.remove(next);
            order.add(next);
            for (String dependent : dependents.get(next)) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        return order;
    }

    private static List<String> require(Map<String, List<String>> edges, String name) {
        List<String> list = edges.get(name);
        if (list == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return list;
    }

    /** Collects nodes and edges; edges may name nodes added later. Not thread-safe. */
    public static final class Builder<N> {
        private final Map<String, N> nodes = new LinkedHashMap<>();
        private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        private final Map<String, Map<String, List<String>>> labels = new HashMap<>();

        private Builder() {}

        /** Adds node {@code name}; adding a name twice is a programming error. */
        public Builder<N> node(String name, N payload) {
            if (nodes.containsKey(name)) {
                throw new IllegalArgumentException("duplicate node " + name);
            }
            nodes.put(name, payload);
            dependencies.computeIfAbsent(name, k -> new LinkedHashSet<>());
            return this;
        }

        /** Records that {@code from} needs {@code to}. Repeating an edge has no effect. */
        public Builder<N> edge(String from, String to) {
            dependencies.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
            return this;
        }

        /** Records that {@code from} needs {@code to}, adding {@code label} to the edge's labels. */
        public Builder<N> edge(String from, String to, String label) {
            edge(from, to);
            labels.computeIfAbsent(from, k -> new HashMap<>())
                    .computeIfAbsent(to, k -> new ArrayList<>())
                    .add(label);
            return this;
        }

        /**
         * Checks the edges and freezes the graph.
         *
         * @throws GraphException {@code target X cannot link to itself}, {@code failed to find target X} or
         *     {@code infinite loop from A to B}, found by walking nodes and their edges in insertion order
         *     as buildx's {@code loadLinks} walks them (buildx walks a Go map, so which of two nodes of a
         *     cycle it names first varies from run to run; jbake always names the same)
         */
        public BuildGraph<N> build() {
            for (String from : dependencies.keySet()) {
                if (!nodes.containsKey(from)) {
                    throw new IllegalArgumentException("edge from unknown node " + from);
                }
            }
            Set<String> checked = new LinkedHashSet<>();
            for (String name : nodes.keySet()) {
                checkLinks(name, new ArrayDeque<>(), checked);
            }
            Map<String, List<String>> frozen = new HashMap<>();
            dependencies.forEach((name, deps) -> frozen.put(name, List.copyOf(deps)));
            Map<String, Map<String, List<String>>> frozenLabels = new HashMap<>();
            labels.forEach((from, edges) -> {
                Map<String, List<String>> copy = new HashMap<>();
                edges.forEach((to, list) -> copy.put(to, List.copyOf(list)));
                frozenLabels.put(from, copy);
            });
            return new BuildGraph<>(new LinkedHashMap<>(nodes), frozen, frozenLabels);
        }

        /** Depth-first walk keeping the current path, so that a cycle is reported between two of its nodes. */
        private void checkLinks(String name, Deque<String> path, Set<String> checked) {
            if (checked.contains(name)) {
                return;
            }
            path.addLast(name);
            for (String target : dependencies.get(name)) {
                if (target.equals(name)) {
                    throw new GraphException("target " + target + " cannot link to itself");
                }
                if (path.contains(target)) {
                    throw new GraphException("infinite loop from " + name + " to " + target);
                }
                if (!nodes.containsKey(target)) {
                    throw new GraphException("failed to find target " + target);
                }
                checkLinks(target, path, checked);
            }
            path.removeLast();
            checked.add(name);
        }
    }
}
