package io.jbake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows between jbake's rooms, written down and checked: cli -> graph -> bake -> hcl,
 * graph -> buildkit, and inside hcl, syntax -> value/func (values know nothing of syntax). A reference
 * from a room to one it may not see fails this test with the offending file and line.
 */
class ArchitectureTest {

  /** For each room (a package under io.jbake), the rooms it must not reference. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "hcl", List.of("bake", "graph", "buildkit", "cli"),
      "hcl.value", List.of("hcl.syntax", "hcl.json"),
      "hcl.func", List.of("hcl.syntax", "hcl.json"),
      "bake", List.of("graph", "buildkit", "cli"),
      "buildkit", List.of("hcl", "bake", "graph", "cli"),
      "graph", List.of("cli"));

  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.jbake\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)");

  @Test
  void roomsReferenceOnlyWhatTheirArrowsAllow() throws IOException {
    Path root = Path.of("src/main/java/io/jbake");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> check(root, f, violations));
    }
    assertEquals(List.of(), violations);
  }

  private static void check(Path root, Path file, List<String> violations) {
    String room = root.relativize(file.getParent()).toString().replace('/', '.');
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("package ")) {
        continue;
      }
      Matcher m = REFERENCE.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
          if (!within(room, rule.getKey())) {
            continue;
          }
          for (String forbidden : rule.getValue()) {
            if (within(target, forbidden) && !within(target, room)) {
              violations.add(file + ":" + (i + 1) + ": " + room + " must not reference " + forbidden);
            }
          }
        }
      }
    }
  }

  /** Whether {@code pkg} is {@code room} or inside it (io.jbake prefix already removed). */
  private static boolean within(String pkg, String room) {
    return pkg.equals(room) || pkg.startsWith(room + ".");
  }
}
