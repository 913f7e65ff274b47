package io.jbake.pool;

import java.util.List;

/**
 * One node of a builder pool as placement sees it.
 *
 * @param name {@code <builder>/<node>}, as buildx names a node in {@code buildx.build.ref}
 * @param platforms the platforms its workers build for ({@code os/arch[/variant]})
 * @param limit the most targets it builds at once ({@code --node-jobs}, else its cores, else 2)
 * @param multiPlatform whether it builds for several platforms at once (Docker Engine only with its containerd
 *     image store)
 */
public record PoolNode(String name, List<String> platforms, int limit, boolean multiPlatform) {
    public PoolNode {
        if (limit < 1) {
            throw new IllegalArgumentException("a node's limit must be at least 1: " + limit);
        }
        platforms = List.copyOf(platforms);
    }

    /** A node that builds for several platforms at once, as BuildKit does. */
    public PoolNode(String name, List<String> platforms, int limit) {
        this(name, platforms, limit, true);
    }
}
