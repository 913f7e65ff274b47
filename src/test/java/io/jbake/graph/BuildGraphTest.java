package io.jbake.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildGraphTest {

    @Test
    void topologicalOrderPutsNeedsFirstAndKeepsInsertionOrderOtherwise() {
        BuildGraph<String> graph = BuildGraph.<String>builder()
                .node("web", "w")
                .edge("web", "base")
                .node("api", "a")
                .edge("api", "base")
                .edge("api", "proto")
                .node("docs", "d")
                .node("base", "b")
                .node("proto", "p")
                .build();

        assertEquals(List.of("docs", "base", "web", "proto", "api"), graph.topologicalOrder());
        assertEquals(List.of("base", "proto"), graph.dependencies("api"));
        assertEquals(List.of("web", "api"), graph.dependents("base"));
        assertEquals(List.of(), graph.dependents("web"));
    }

    @Test
    void repeatedEdgeCountsOnce() {
        BuildGraph<String> graph = BuildGraph.<String>builder()
                .node("app", "a")
                .edge("app", "base")
                .edge("app", "base")
                .node("base", "b")
                .build();

        assertEquals(List.of("base"), graph.dependencies("app"));
    }

    @Test
    void selfLinkIsRejectedWithBuildxMessage() {
        GraphException e = assertThrows(
                GraphException.class,
                () -> BuildGraph.<String>builder()
                        .node("app", "a")
                        .edge("app", "app")
                        .build());

        assertEquals("target app cannot link to itself", e.getMessage());
    }

    @Test
    void unknownLinkIsRejectedWithBuildxMessage() {
        GraphException e = assertThrows(
                GraphException.class,
                () -> BuildGraph.<String>builder()
                        .node("app", "a")
                        .edge("app", "nosuch")
                        .build());

        assertEquals("failed to find target nosuch", e.getMessage());
    }

    @Test
    void twoTargetsLinkingEachOtherIsALoopFromTheSecondToTheFirst() {
        // buildx: loadLinks(a) walks a -> b, then b's link back to a is in the path
        GraphException e = assertThrows(
                GraphException.class,
                () -> BuildGraph.<String>builder()
                        .node("a", "a")
                        .edge("a", "b")
                        .node("b", "b")
                        .edge("b", "a")
                        .build());

        assertEquals("infinite loop from b to a", e.getMessage());
    }

    @Test
    void longerCycleNamesTheEdgeClosingIt() {
        GraphException e = assertThrows(
                GraphException.class,
                () -> BuildGraph.<String>builder()
                        .node("app", "x")
                        .edge("app", "b")
                        .node("b", "x")
                        .edge("b", "c")
                        .node("c", "x")
                        .edge("c", "b")
                        .build());

        assertEquals("infinite loop from c to b", e.getMessage());
    }
}
