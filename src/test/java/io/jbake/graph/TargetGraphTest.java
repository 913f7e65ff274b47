package io.jbake.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbake --graph} on a real compose project whose services link others through {@code service:}. */
class TargetGraphTest {
  @TempDir
  Path dir;

  @BeforeEach
  void writeProject() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          base:
            build:
              context: base
          api:
            build:
              context: api
              additional_contexts:
                base: service:base
          web:
            build:
              context: web
              additional_contexts:
                base: service:base
                assets: service:assets
          assets:
            build:
              context: assets
        """);
  }

  private String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, Map.of(), dir, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void dotByDefaultWithLinkedTargetsDashed() {
    assertEquals(Outcome.of("0", """
        digraph bake {
          "assets" [style=dashed];
          "base" [style=dashed];
          "api";
          "web";
          "base" -> "api" [label="base"];
          "assets" -> "web" [label="assets"];
          "base" -> "web" [label="base"];
        }
        """, ""), Outcome.of(run("--graph", "api", "web")));
  }

  @Test
  void mermaidForTheRequestedTargetOnly() {
    assertEquals(Outcome.of("0", """
        flowchart LR
          t0["base"]:::linked
          t1["api"]
          t0 -->|"base"| t1
          classDef linked stroke-dasharray: 5 5
        """, ""), Outcome.of(run("--graph=mermaid", "api")));
  }

  @Test
  void jsonOfTheDefaultGroup() {
    assertEquals(Outcome.of("0", """
        {
          "targets": [
            {
              "name": "assets",
              "linked": false,
              "contexts": {}
            },
            {
              "name": "base",
              "linked": false,
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
                "assets": "assets",
                "base": "base"
              }
            }
          ]
        }
        """, ""), Outcome.of(run("--graph=json")));
  }

  @Test
  void unknownFormatIsAFlagError() {
    String[] result = run("--graph=svg");

    assertEquals("125", result[0]);
    assertEquals("invalid argument \"svg\" for \"--graph\" flag: unknown graph format \"svg\": use dot, mermaid or json",
        result[2].lines().findFirst().orElseThrow());
  }

  /** Exit code, stdout, stderr: compared together so a failure shows all three. */
  private record Outcome(String code, String out, String err) {
    static Outcome of(String code, String out, String err) {
      return new Outcome(code, out, err);
    }

    static Outcome of(String[] result) {
      return new Outcome(result[0], result[1], result[2]);
    }
  }
}
