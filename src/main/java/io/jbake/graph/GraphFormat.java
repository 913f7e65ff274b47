package io.jbake.graph;

import io.jbake.go.GoJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The renderings of {@code jbake --graph[=FORMAT]}: the build graph without building it. Nodes come in
 * topological order (what is built first comes first); arrows follow the data, from the target whose
 * result is used to the target using it, labelled with the context names; targets built only because
 * another links to them are marked (dashed in dot and mermaid, {@code "linked": true} in json), and so are the
 * targets a change affects when the command asks ({@code --affected-since}).
 */
public enum GraphFormat {
    /** Graphviz: {@code jbake --graph | dot -Tsvg > graph.svg}. */
    DOT {
        @Override
        public <N> String render(BuildGraph<N> graph, Predicate<N> linked, Predicate<N> affected) {
            StringBuilder out = new StringBuilder("digraph bake {\n");
            for (String name : graph.topologicalOrder()) {
                out.append("  ").append(dotId(name));
                List<String> attributes = new ArrayList<>();
                if (linked.test(graph.node(name))) {
                    attributes.add("style=dashed");
                }
                if (affected != null && affected.test(graph.node(name))) {
                    attributes.add("color=red, penwidth=2");
                }
                if (!attributes.isEmpty()) {
                    out.append(" [").append(String.join(", ", attributes)).append(']');
                }
                out.append(";\n");
            }
            forEachEdge(
                    graph,
                    (from, to, label) -> out.append("  ")
                            .append(dotId(from))
                            .append(" -> ")
                            .append(dotId(to))
                            .append(" [label=")
                            .append(dotId(label))
                            .append("];\n"));
            return out.append("}\n").toString();
        }
    },

    /** A Mermaid flowchart, for Markdown that renders it (GitHub, GitLab). */
    MERMAID {
        @Override
        public <N> String render(BuildGraph<N> graph, Predicate<N> linked, Predicate<N> affected) {
            // Node ids are generated: a target may be named like a Mermaid keyword ("end", "graph").
            Map<String, String> ids = new HashMap<>();
            StringBuilder out = new StringBuilder("flowchart LR\n");
            List<String> order = graph.topologicalOrder();
            boolean anyLinked = false;
            for (String name : order) {
                String id = "t" + ids.size();
                ids.put(name, id);
                out.append("  ")
                        .append(id)
                        .append("[\"")
                        .append(mermaidText(name))
                        .append("\"]");
                if (linked.test(graph.node(name))) {
                    out.append(":::linked");
                    anyLinked = true;
                }
                out.append('\n');
            }
            forEachEdge(
                    graph,
                    (from, to, label) -> out.append("  ")
                            .append(ids.get(from))
                            .append(" -->|\"")
                            .append(mermaidText(label))
                            .append("\"| ")
                            .append(ids.get(to))
                            .append('\n'));
            if (anyLinked) {
                out.append("  classDef linked stroke-dasharray: 5 5\n");
            }
            if (affected != null) {
                List<String> marked = new ArrayList<>();
                for (String name : order) {
                    if (affected.test(graph.node(name))) {
                        marked.add(ids.get(name));
                    }
                }
                if (!marked.isEmpty()) {
                    out.append("  class ").append(String.join(",", marked)).append(" affected\n");
                    out.append("  classDef affected stroke:#d00,stroke-width:3px\n");
                }
            }
            return out.toString();
        }
    },

    /** For tools: {@code {"targets": [{"name", "linked", "contexts": {context: target}}]}}. */
    JSON {
        @Override
        public <N> String render(BuildGraph<N> graph, Predicate<N> linked, Predicate<N> affected) {
            List<Map<String, Object>> targets = new ArrayList<>();
            for (String name : graph.topologicalOrder()) {
                // written field by field, not through a map: the graph does not promise one label per node
                GoJson.JsonWritable contexts = json -> {
                    json.beginObject();
                    for (String dependency : graph.dependencies(name)) {
                        for (String label : graph.labels(name, dependency)) {
                            json.field(label, dependency);
                        }
                    }
                    json.endObject();
                };
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("name", name);
                target.put("linked", linked.test(graph.node(name)));
                if (affected != null) {
                    target.put("affected", affected.test(graph.node(name)));
                }
                target.put("contexts", contexts);
                targets.add(target);
            }
            return GoJson.indent(Map.of("targets", targets)) + "\n";
        }
    };

    /** Renders {@code graph}; {@code linked} tells targets built only through a link. */
    public <N> String render(BuildGraph<N> graph, Predicate<N> linked) {
        return render(graph, linked, null);
    }

    /**
     * Renders {@code graph} with the targets {@code affected} tells marked ({@code --affected-since}: red in dot,
     * the class {@code affected} in mermaid, {@code "affected"} in json); null marks none and adds nothing.
     */
    public abstract <N> String render(BuildGraph<N> graph, Predicate<N> linked, Predicate<N> affected);

    /** The format named {@code value} ({@code dot}, {@code mermaid}, {@code json}), in any case. */
    public static GraphFormat parse(String value) {
        for (GraphFormat format : values()) {
            if (format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown graph format \"" + value + "\": use dot, mermaid or json");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private interface EdgeSink {
        void edge(String from, String to, String label);
    }

    /** Every (dependency -> dependent) arrow once, joined labels, in the order of the dependents. */
    private static <N> void forEachEdge(BuildGraph<N> graph, EdgeSink sink) {
        for (String dependent : graph.topologicalOrder()) {
            for (String dependency : graph.dependencies(dependent)) {
                sink.edge(dependency, dependent, String.join(", ", graph.labels(dependent, dependency)));
            }
        }
    }

    private static String dotId(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }
}
