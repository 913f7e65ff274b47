package io.jbake.bake;

import java.util.Arrays;
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

  /** Parses {@code <id>} or {@code <id>=<path>[,<path>...]} (split on {@code =} then {@code ,}, no CSV quoting). */
  public static SshEntry parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      return new SshEntry(text, List.of());
    }
    return new SshEntry(text.substring(0, eq), Arrays.asList(text.substring(eq + 1).split(",", -1)));
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
    if (!id.isEmpty()) {
      json.field("id", id);
    }
    if (!paths.isEmpty()) {
      json.field("paths", paths);
    }
    json.endObject();
  }
}
