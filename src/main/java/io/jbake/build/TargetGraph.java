package io.jbake.build;

import io.jbake.bake.model.Target;
import io.jbake.graph.BuildGraph;
import io.jbake.graph.GraphException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build graph of a bake: one node per resolved target (requested ones and those pulled in by a
 * {@code target:} context), an edge from a target to each target its contexts link to, labelled with
 * the context's name.
 */
public final class TargetGraph {
    /** The prefix of a named context value that links to another target. */
    public static final String LINK_PREFIX = "target:";

    private TargetGraph() {}

    /**
     * Builds the graph of {@code targets}, nodes sorted by name as {@code --print} sorts them.
     *
     * @throws GraphException for a link to a target not in {@code targets}, to itself, or a cycle
     *     (bake's resolution rejects these first, with the same messages)
     */
    public static BuildGraph<Target> of(Map<String, Target> targets) {
        BuildGraph.Builder<Target> builder = BuildGraph.builder();
        Map<String, Target> sorted = new TreeMap<>(targets);
        sorted.forEach(builder::node);
        sorted.forEach((name, target) -> {
            if (target.contexts() != null) {
                target.contexts().forEach((context, value) -> {
                    if (value != null && value.startsWith(LINK_PREFIX)) {
                        builder.edge(name, value.substring(LINK_PREFIX.length()), context);
                    }
                });
            }
        });
        return builder.build();
    }
}
