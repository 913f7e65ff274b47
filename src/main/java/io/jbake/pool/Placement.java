package io.jbake.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node of a pool builds each target, decided before the bake starts. Targets linked by {@code target:}
 * contexts read each other's results at the daemon, so a linked chain (every target reachable through links,
 * either way) goes to one node, the one that supports all of its platforms. Each chain, a lone target being
 * one, goes to the least loaded node that supports its platforms: the fewest targets placed there for its
 * limit, the first such node on a tie; so independent targets spread over the nodes in proportion to their
 * limits. A chain no node supports goes where it would with no platforms, for the daemon to refuse it.
 */
public final class Placement {
    private Placement() {}

    /**
     * A target as placement sees it.
     *
     * @param name its name
     * @param links the targets it links by {@code target:} contexts
     * @param platforms the platforms it builds for; empty for the daemon's own
     */
    public record Item(String name, List<String> links, List<String> platforms) {}

    /**
     * Places {@code items} on {@code nodes}.
     *
     * @param items every target of the bake, in build order (a target after those it links)
     * @return by target name, the index of its node in {@code nodes}
     */
    public static Map<String, Integer> place(List<PoolNode> nodes, List<Item> items) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a pool has at least one node");
        }
        Map<String, String> root = new HashMap<>();
        items.forEach(item -> root.put(item.name(), item.name()));
        for (Item item : items) {
            for (String link : item.links()) {
                if (root.containsKey(link)) {
                    root.put(find(root, link), find(root, item.name()));
                }
            }
        }
        Map<String, List<Item>> chains = new LinkedHashMap<>();
        for (Item item : items) {
            chains.computeIfAbsent(find(root, item.name()), r -> new ArrayList<>())
                    .add(item);
        }
        int[] placed = new int[nodes.size()];
        Map<String, Integer> placement = new LinkedHashMap<>();
        for (List<Item> chain : chains.values()) {
            List<String> platforms = chain.stream()
                    .flatMap(item -> item.platforms().stream())
                    .distinct()
                    .toList();
            List<Integer> eligible = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (Platforms.supportsAll(nodes.get(i).platforms(), platforms)) {
                    eligible.add(i);
                }
            }
            if (eligible.isEmpty()) {
                for (int i = 0; i < nodes.size(); i++) {
                    eligible.add(i);
                }
            }
            int best = eligible.get(0);
            for (int i : eligible) {
                // placed[i] / limit(i) < placed[best] / limit(best), without division
                if ((long) placed[i] * nodes.get(best).limit()
                        < (long) placed[best] * nodes.get(i).limit()) {
                    best = i;
                }
            }
            placed[best] += chain.size();
            for (Item item : chain) {
                placement.put(item.name(), best);
            }
        }
        return placement;
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
