package io.jbake.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GraphFormatTest {
    /** Payload: whether the target is only linked. */
    private static final BuildGraph<Boolean> MONOREPO = BuildGraph.<Boolean>builder()
            .node("api", false)
            .edge("api", "base", "base")
            .node("web", false)
            .edge("web", "base", "base")
            .edge("web", "assets", "static")
            .edge("web", "assets", "docs")
            .node("end", false)
            .node("assets", false)
            .node("base", true)
            .build();

    @Test
    void dot() {
        assertEquals("""
        digraph bake {
          "end";
          "assets";
          "base" [style=dashed];
          "api";
          "web";
          "base" -> "api" [label="base"];
          "base" -> "web" [label="base"];
          "assets" -> "web" [label="static, docs"];
        }
        """, GraphFormat.DOT.render(MONOREPO, linked -> linked));
    }

    @Test
    void mermaidUsesGeneratedIdsSoKeywordsAreSafeTargetNames() {
        assertEquals("""
        flowchart LR
          t0["end"]
          t1["assets"]
          t2["base"]:::linked
          t3["api"]
          t4["web"]
          t2 -->|"base"| t3
          t2 -->|"base"| t4
          t1 -->|"static, docs"| t4
          classDef linked stroke-dasharray: 5 5
        """, GraphFormat.MERMAID.render(MONOREPO, linked -> linked));
    }

    @Test
    void json() {
        assertEquals("""
        {
          "targets": [
            {
              "name": "end",
              "linked": false,
              "contexts": {}
            },
            {
              "name": "assets",
              "linked": false,
              "contexts": {}
            },
            {
              "name": "base",
              "linked": true,
              "contexts": {}
            },
            {
              "name": "api",
              "linked": false,
              "contexts": {
                "base": "base"
              }
            },
            {
              "name": "web",
              "linked": false,
              "contexts": {
                "base": "base",
                "static": "assets",
                "docs": "assets"
              }
            }
          ]
        }
        """, GraphFormat.JSON.render(MONOREPO, linked -> linked));
    }

    @Test
    void affectedTargetsAreMarkedInEveryFormat() {
        // payload: the name; base is only linked, base and app are affected, docs is not
        BuildGraph<String> graph = BuildGraph.<String>builder()
                .node("app", "app")
                .edge("app", "base", "base")
                .node("base", "base")
                .node("docs", "docs")
                .build();
        Predicate<String> linked = "base"::equals;
        Predicate<String> affected = name -> !name.equals("docs");

        assertEquals("""
        digraph bake {
          "base" [style=dashed, color=red, penwidth=2];
          "app" [color=red, penwidth=2];
          "docs";
          "base" -> "app" [label="base"];
        }
        """, GraphFormat.DOT.render(graph, linked, affected));
        assertEquals("""
        flowchart LR
          t0["base"]:::linked
          t1["app"]
          t2["docs"]
          t0 -->|"base"| t1
          classDef linked stroke-dasharray: 5 5
          class t0,t1 affected
          classDef affected stroke:#d00,stroke-width:3px
        """, GraphFormat.MERMAID.render(graph, linked, affected));
        assertEquals("""
        {
          "targets": [
            {
              "name": "base",
              "linked": true,
              "affected": true,
              "contexts": {}
            },
            {
              "name": "app",
              "linked": false,
              "affected": true,
              "contexts": {
                "base": "base"
              }
            },
            {
              "name": "docs",
              "linked": false,
              "affected": false,
              "contexts": {}
            }
          ]
        }
        """, GraphFormat.JSON.render(graph, linked, affected));
    }

    @Test
    void quotesAreEscapedInEveryFormat() {
        BuildGraph<Boolean> graph = BuildGraph.<Boolean>builder()
                .node("app", false)
                .edge("app", "base", "say \"hi\"\\")
                .node("base", false)
                .build();

        assertEquals(
                "  \"base\" -> \"app\" [label=\"say \\\"hi\\\"\\\\\"];",
                GraphFormat.DOT.render(graph, b -> b).lines().toList().get(3));
        assertEquals(
                "  t0 -->|\"say #quot;hi#quot;\\\"| t1",
                GraphFormat.MERMAID.render(graph, b -> b).lines().toList().get(3));
        assertEquals(
                "        \"say \\\"hi\\\"\\\\\": \"base\"",
                GraphFormat.JSON.render(graph, b -> b).lines().toList().get(11));
    }

    @Test
    void emptyGraph() {
        BuildGraph<Boolean> empty = BuildGraph.<Boolean>builder().build();

        assertEquals("digraph bake {\n}\n", GraphFormat.DOT.render(empty, b -> b));
        assertEquals("flowchart LR\n", GraphFormat.MERMAID.render(empty, b -> b));
        assertEquals("{\n  \"targets\": []\n}\n", GraphFormat.JSON.render(empty, b -> b));
    }

    @Test
    void parseAcceptsTheThreeNames() {
        assertEquals(GraphFormat.MERMAID, GraphFormat.parse("mermaid"));
        assertEquals(GraphFormat.DOT, GraphFormat.parse("DOT"));
        assertEquals(
                "unknown graph format \"svg\": use dot, mermaid or json",
                assertThrows(IllegalArgumentException.class, () -> GraphFormat.parse("svg"))
                        .getMessage());
    }
}
