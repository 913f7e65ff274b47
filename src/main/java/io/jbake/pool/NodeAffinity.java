package io.jbake.pool;

import io.jbake.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node of a pool built each target last, remembered between bakes so that a target goes back to the node
 * whose cache has its layers ({@link Placement} prefers it while it has a free slot). One small file,
 * {@code $XDG_CACHE_HOME/jbake/pool-nodes} (else {@code ~/.cache/jbake/pool-nodes}): a line per target, {@code
 * <directory>\t<target>\t<builder>/<node>}, the directory being the bake's (the same target name in another
 * project is another target), the most recent last, at most {@link #MAX_ENTRIES} lines (the oldest go). It is
 * written whole, to a temporary file renamed over the old one, so a reader never sees half of it; two bakes that
 * end at once keep the last one's. Being a hint, a file that cannot be read or written is no error.
 */
public final class NodeAffinity {
    /** The most targets remembered, over all directories: about 100 KiB. */
    static final int MAX_ENTRIES = 1000;

    static final String FILE_NAME = "pool-nodes";

    /** A file larger than this is not read (its lines are then forgotten). */
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Path file;
    private final String directory;

    /**
     * @param file the file ({@link #file})
     * @param directory the bake's directory, which the entries of this bake are for
     */
    public NodeAffinity(Path file, Path directory) {
        this.file = file;
        this.directory = directory.toAbsolutePath().normalize().toString();
    }

    /**
     * The file in the user's cache directory: {@code $XDG_CACHE_HOME/jbake/pool-nodes} when that variable is an
     * absolute path (the XDG specification ignores a relative one), else {@code <home>/.cache/jbake/pool-nodes}.
     */
    public static Path file(Map<String, String> env, Path home) {
        String cache = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = !cache.isEmpty() && Path.of(cache).isAbsolute() ? Path.of(cache) : home.resolve(".cache");
        return base.resolve("jbake").resolve(FILE_NAME);
    }

    /** By target of this bake's directory, the node that built it last; empty when the file cannot be read. */
    public Map<String, String> lastNodes() {
        Map<String, String> nodes = new HashMap<>();
        for (String[] entry : read()) {
            if (entry[0].equals(directory)) {
                nodes.put(entry[1], entry[2]);
            }
        }
        return nodes;
    }

    /**
     * Remembers where {@code built}'s targets (target to node) were built, as the most recent entries; does nothing
     * when the file cannot be written.
     */
    public void remember(Map<String, String> built) {
        if (built.isEmpty() || !fits(directory)) {
            return;
        }
        // by directory and target, in order from the oldest: an entry written again moves to the end
        LinkedHashMap<List<String>, String> entries = new LinkedHashMap<>();
        for (String[] entry : read()) {
            entries.remove(List.of(entry[0], entry[1]));
            entries.put(List.of(entry[0], entry[1]), entry[2]);
        }
        built.forEach((target, node) -> {
            if (fits(target) && fits(node)) {
                entries.remove(List.of(directory, target));
                entries.put(List.of(directory, target), node);
            }
        });
        StringBuilder text = new StringBuilder();
        int skip = Math.max(0, entries.size() - MAX_ENTRIES);
        for (Map.Entry<List<String>, String> entry : entries.entrySet()) {
            if (skip > 0) {
                skip--;
                continue;
            }
            text.append(entry.getKey().get(0))
                    .append('\t')
                    .append(entry.getKey().get(1))
                    .append('\t')
                    .append(entry.getValue())
                    .append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, text.toString(), "rw-------");
        } catch (IOException | RuntimeException e) {
            // a hint only: the next bake places its targets without it
        }
    }

    /** The file's well-formed entries ({@code directory, target, node}), oldest first; none when unreadable. */
    private List<String[]> read() {
        List<String[]> entries = new ArrayList<>();
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return entries; // not this class's: rewritten within bounds on the next remember
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException | RuntimeException e) {
            return entries;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3 && !fields[0].isEmpty() && !fields[1].isEmpty() && !fields[2].isEmpty()) {
                entries.add(fields);
            }
        }
        return entries;
    }

    /** Whether {@code field} can be a field of a line: no tab, no line break. */
    private static boolean fits(String field) {
        return field.indexOf('\t') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0;
    }
}
