package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final List<String> AMD64 = List.of("linux/amd64", "linux/386");
    private static final List<String> ARM = List.of("linux/arm64", "linux/arm/v7");

    private static Placement.Item lone(String name) {
        return new Placement.Item(name, List.of(), List.of());
    }

    @Test
    void independentTargetsSpreadInProportionToTheLimits() {
        List<Placement.Item> items = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            items.add(lone("t" + i));
        }
        Map<String, Integer> even =
                Placement.place(List.of(new PoolNode("a/a", AMD64, 2), new PoolNode("b/b", AMD64, 2)), items);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 1; i <= 8; i++) {
            expected.put("t" + i, (i - 1) % 2);
        }
        assertEquals(expected, even);
        // a node with three times the slots takes three targets for the other's one
        Map<String, Integer> uneven =
                Placement.place(List.of(new PoolNode("a/a", AMD64, 1), new PoolNode("b/b", AMD64, 3)), items);
        assertEquals(
                List.of(0, 1, 1, 1, 0, 1, 1, 1),
                items.stream().map(i -> uneven.get(i.name())).toList());
    }

    @Test
    void aLinkedChainStaysOnOneNodeAndCountsAsItsSize() {
        List<Placement.Item> items = List.of(
                lone("base"),
                lone("other"),
                new Placement.Item("mid", List.of("base"), List.of()),
                new Placement.Item("app", List.of("mid"), List.of()),
                lone("last"),
                // links two chains: all four go together
                new Placement.Item("both", List.of("app", "other"), List.of()));
        Map<String, Integer> placement =
                Placement.place(List.of(new PoolNode("a/a", AMD64, 2), new PoolNode("b/b", AMD64, 2)), items);
        assertEquals(Map.of("base", 0, "mid", 0, "app", 0, "other", 0, "both", 0, "last", 1), placement);
    }

    @Test
    void aPlatformGoesToTheNodesThatHaveIt() {
        List<Placement.Item> items = List.of(
                new Placement.Item("arm1", List.of(), List.of("linux/arm64")),
                new Placement.Item("arm2", List.of(), List.of("linux/arm64/v8")),
                new Placement.Item("x86", List.of(), List.of("linux/amd64")),
                new Placement.Item("multi", List.of(), List.of("linux/amd64", "linux/arm64")),
                new Placement.Item("child", List.of("arm1"), List.of()));
        List<PoolNode> nodes = List.of(new PoolNode("a/a", AMD64, 4), new PoolNode("b/b", ARM, 4));
        // "multi" has no node with both: it goes where a lone target would, for the daemon to refuse
        assertEquals(Map.of("arm1", 1, "child", 1, "arm2", 1, "x86", 0, "multi", 0), Placement.place(nodes, items));
    }

    @Test
    void platformsMatchAsOciPlatformsDo() {
        assertTrue(Platforms.matches("linux/arm64", "linux/arm64/v8"));
        assertTrue(Platforms.matches("linux/arm/v7", "linux/arm"));
        assertTrue(Platforms.matches("linux/amd64", "Linux/x86_64"));
        assertFalse(Platforms.matches("linux/arm/v6", "linux/arm/v7"));
        assertFalse(Platforms.matches("linux/amd64", "windows/amd64"));
        assertTrue(Platforms.supportsAll(AMD64, List.of()));
        assertFalse(Platforms.supportsAll(AMD64, List.of("linux/amd64", "linux/arm64")));
    }
}
