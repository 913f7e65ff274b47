package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAffinityTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsInTheUsersCacheDirectory() {
        Path home = Path.of("/home/me");
        assertEquals(
                Path.of("/var/cache/me/jbake/pool-nodes"),
                NodeAffinity.file(Map.of("XDG_CACHE_HOME", "/var/cache/me"), home));
        // the XDG specification ignores a relative path, as an empty one
        assertEquals(
                Path.of("/home/me/.cache/jbake/pool-nodes"),
                NodeAffinity.file(Map.of("XDG_CACHE_HOME", "cache"), home));
        assertEquals(Path.of("/home/me/.cache/jbake/pool-nodes"), NodeAffinity.file(Map.of(), home));
    }

    @Test
    void remembersTheLastNodeOfEachTargetOfEachDirectory() throws IOException {
        Path file = dir.resolve("cache/jbake/pool-nodes");
        NodeAffinity one = new NodeAffinity(file, Path.of("/work/one"));
        NodeAffinity two = new NodeAffinity(file, Path.of("/work/two/"));
        assertEquals(Map.of(), one.lastNodes());

        one.remember(new TreeMap<>(Map.of("app", "a/a", "web", "b/b")));
        two.remember(Map.of("app", "b/b"));
        one.remember(Map.of("app", "b/b"));

        assertEquals(Map.of("app", "b/b", "web", "b/b"), one.lastNodes());
        assertEquals(Map.of("app", "b/b"), two.lastNodes());
        // the most recent last; written whole, no temporary file left
        assertEquals("/work/one\tweb\tb/b\n/work/two\tapp\tb/b\n/work/one\tapp\tb/b\n", Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void keepsTheMostRecentEntriesOnly() throws IOException {
        Path file = dir.resolve("pool-nodes");
        NodeAffinity affinity = new NodeAffinity(file, Path.of("/work"));
        Map<String, String> built = new TreeMap<>();
        for (int i = 0; i < NodeAffinity.MAX_ENTRIES + 5; i++) {
            built.put(String.format("t%04d", i), "a/a");
        }
        affinity.remember(built);

        List<String> lines = Files.readAllLines(file);
        assertEquals(NodeAffinity.MAX_ENTRIES, lines.size());
        assertEquals("/work\tt0005\ta/a", lines.get(0));
        assertEquals(NodeAffinity.MAX_ENTRIES, affinity.lastNodes().size());
    }

    @Test
    void aLineItCannotReadIsForgottenAndAFileTooLargeIsNotRead() throws IOException {
        Path file = dir.resolve("pool-nodes");
        Files.writeString(file, "garbage\n/work\tapp\n/work\tapp\tb/b\n\t\t\n/work\tweb\ta/a\textra\n");
        NodeAffinity affinity = new NodeAffinity(file, Path.of("/work"));
        assertEquals(Map.of("app", "b/b"), affinity.lastNodes());

        affinity.remember(Map.of("web", "a/a", "odd\tname", "a/a"));
        assertEquals("/work\tapp\tb/b\n/work\tweb\ta/a\n", Files.readString(file));

        Files.writeString(file, "/work\tapp\tb/b\n" + "x".repeat((int) NodeAffinity.MAX_FILE_BYTES));
        assertEquals(Map.of(), affinity.lastNodes());
    }
}
