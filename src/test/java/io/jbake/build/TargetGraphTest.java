package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.cli.CommandRun;
import java.io.IOException;
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

    private CommandRun run(String... args) {
        return CommandRun.of(dir, Map.of(), args);
    }

    @Test
    void dotByDefaultWithLinkedTargetsDashed() {
        assertEquals(new CommandRun(0, """
        digraph bake {
          "assets" [style=dashed];
          "base" [style=dashed];
          "api";
          "web";
          "base" -> "api" [label="base"];
          "assets" -> "web" [label="assets"];
          "base" -> "web" [label="base"];
        }
        """, ""), run("--graph", "api", "web"));
    }

    @Test
    void mermaidForTheRequestedTargetOnly() {
        assertEquals(new CommandRun(0, """
        flowchart LR
          t0["base"]:::linked
          t1["api"]
          t0 -->|"base"| t1
          classDef linked stroke-dasharray: 5 5
        """, ""), run("--graph=mermaid", "api"));
    }

    @Test
    void jsonOfTheDefaultGroup() {
        assertEquals(new CommandRun(0, """
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
        """, ""), run("--graph=json"));
    }

    @Test
    void unknownFormatIsAFlagError() {
        CommandRun result = run("--graph=svg");

        assertEquals(125, result.code());
        assertEquals(
                "invalid argument \"svg\" for \"--graph\" flag: unknown graph format \"svg\": use dot, mermaid or json",
                result.err().lines().findFirst().orElseThrow());
    }
}
