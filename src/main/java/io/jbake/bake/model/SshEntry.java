package io.jbake.bake.model;

import io.jbake.go.GoJson;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code ssh} entry: an agent id and optional agent socket or private key paths. An entry
 * without paths forwards the agent at {@code SSH_AUTH_SOCK}.
 *
 * @param id agent id ({@code default} when the user writes just {@code default})
 * @param paths sockets or key files, empty when none
 */
public record SshEntry(String id, List<String> paths) implements GoJson.JsonWritable {

    public SshEntry {
        paths = List.copyOf(paths);
    }

    /** buildx's order of ssh entries (by id, then paths), which compose keeps them in. */
    static final Comparator<SshEntry> ORDER = Comparator.comparing(SshEntry::id).thenComparing((a, b) -> {
        for (int i = 0; i < Math.min(a.paths().size(), b.paths().size()); i++) {
            int c = a.paths().get(i).compareTo(b.paths().get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.paths().size(), b.paths().size());
    });

    /** Parses {@code <id>} or {@code <id>=<path>[,<path>...]} (split on {@code =} then {@code ,}, no CSV quoting). */
    public static SshEntry parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new SshEntry(text, List.of());
        }
        return new SshEntry(
                text.substring(0, eq), Arrays.asList(text.substring(eq + 1).split(",", -1)));
    }

    @Override
    public String toString() {
        if (paths.isEmpty()) {
            return id;
        }
        StringBuilder sb = new StringBuilder();
        Csv.appendPair(sb, id, String.join(",", paths));
        return sb.toString();
    }

    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        json.fieldOmitEmpty("id", id);
        json.fieldOmitEmpty("paths", paths);
        json.endObject();
    }
}
