package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool of the test daemon's two Docker Engines: the main one ({@code default}, as {@code DOCKER_HOST}) and
 * the containerd-store one, a buildx builder {@code second} of the docker driver in a store of the test's.
 * Both are linux/amd64 machines, so a platform only one node has cannot be tried here ({@link PlacementTest}
 * covers it).
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoolDaemonTest {
    private static final String MAIN = "default/default";
    private static final String SECOND = "second/second0";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());

    @BeforeEach
    void pool() throws IOException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        TestDaemon.secondBuilder(dir, env);
        env.remove("JBAKE_JOBS");
        env.put("NONCE", UUID.randomUUID().toString()); // nothing comes from the cache
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // where a target was built last
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    /** Each target's {@code jbake.build.node} in the metadata file, by target. */
    private Map<String, String> nodes() throws IOException {
        JsonObject metadata =
                JsonParser.parseString(Files.readString(dir.resolve("m.json"))).getAsJsonObject();
        Map<String, String> nodes = new TreeMap<>();
        for (String target : metadata.keySet()) {
            JsonObject entry = metadata.getAsJsonObject(target);
            nodes.put(target, entry.get("jbake.build.node").getAsString());
            // buildx's ref names the node too: the build ran there
            assertTrue(
                    entry.get("buildx.build.ref").getAsString().startsWith(nodes.get(target) + "/"), entry.toString());
        }
        return nodes;
    }

    @Test
    void eightIndependentTargetsSpreadOverBothNodes() throws IOException {
        StringBuilder hcl = new StringBuilder("variable \"NONCE\" {}\ngroup \"default\" {\n  targets = [");
        for (int i = 1; i <= 8; i++) {
            hcl.append(i > 1 ? ", " : "").append("\"t").append(i).append('"');
        }
        hcl.append("]\n}\n");
        for (int i = 1; i <= 8; i++) {
            hcl.append("target \"t")
                    .append(i)
                    .append("\" {\n  dockerfile-inline = \"FROM busybox:local\\nRUN echo ${NONCE} t")
                    .append(i)
                    .append("\\n\"\n}\n");
        }
        Files.writeString(dir.resolve("docker-bake.hcl"), hcl);

        CommandRun run = jbake(
                "--progress=plain",
                "--builder",
                "default",
                "--builder",
                "second",
                "--node-jobs",
                "2",
                "--metadata-file",
                "m.json");

        assertEquals(0, run.code(), run.err());
        Map<String, String> nodes = nodes();
        assertEquals(8, nodes.size(), nodes.toString());
        // the first four take a slot each at once, two on each node; the rest go where a slot frees first
        Map<String, Long> perNode = new TreeMap<>();
        nodes.values().forEach(node -> perNode.merge(node, 1L, Long::sum));
        assertEquals(List.of(MAIN, SECOND), List.copyOf(perNode.keySet()), perNode.toString());
        assertTrue(perNode.values().stream().allMatch(count -> count >= 2), perNode.toString());
        // the steps name the node
        for (int i = 1; i <= 8; i++) {
            String step = "[t" + i + "@" + nodes.get("t" + i) + " 2/2] RUN echo ";
            assertTrue(run.err().contains(step), step + "\n" + run.err());
        }
        // a pool is no one builder: no "#0 building with ... instance" line
        assertTrue(run.err().startsWith("#1 [internal] load local bake definitions\n"), run.err());
    }

    @Test
    void aLinkedChainStaysOnOneNode() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["lone", "app"]
        }
        target "base" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} > /base\\n"
        }
        target "mid" {
          contexts = { base = "target:base" }
          dockerfile-inline = "FROM base\\nRUN cat /base > /mid\\n"
        }
        target "app" {
          contexts = { mid = "target:mid" }
          dockerfile-inline = "FROM mid\\nRUN cat /mid\\n"
          output = ["type=local,dest=out/app"]
        }
        target "lone" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} lone\\n"
        }
        """);

        CommandRun run = jbake("--progress=plain", "--builder", "default,second", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        // the chain on one node, whichever its base took as it started
        Map<String, String> nodes = nodes();
        assertEquals(
                List.of(nodes.get("base"), nodes.get("base")),
                List.of(nodes.get("mid"), nodes.get("app")),
                nodes.toString());
        // the lone target, starting with the base, on the other
        assertEquals(
                Set.of(MAIN, SECOND), new TreeSet<>(List.of(nodes.get("base"), nodes.get("lone"))), nodes.toString());
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/app/mid")));
    }

    @Test
    void aSecondBakePlacesEachTargetWhereTheLastOnePutIt() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["a", "b"]
        }
        target "a" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} a\\n"
        }
        target "b" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} b\\n"
        }
        """);
        // alone, each goes to the pool's first node, second
        for (String target : List.of("a", "b")) {
            CommandRun run = jbake("--builder", "second,default", "--metadata-file", "m.json", target);
            assertEquals(0, run.code(), run.err());
            assertEquals(Map.of(target, SECOND), nodes());
        }

        // together, with default first and a slot each on second: both go back there instead of spreading
        CommandRun run = jbake("--builder", "default,second", "--node-jobs", "2", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        assertEquals(Map.of("a", SECOND, "b", SECOND), nodes());
        String remembered = Files.readString(dir.resolve("cache/jbake/pool-nodes"));
        assertTrue(remembered.contains(dir.toAbsolutePath() + "\ta\t" + SECOND + "\n"), remembered);
        assertTrue(remembered.contains(dir.toAbsolutePath() + "\tb\t" + SECOND + "\n"), remembered);
    }

    @Test
    void anUnreachableNodeLeavesItsTargetsToTheOthers() throws IOException {
        for (String gone : List.of("gone", "gone2")) {
            Files.writeString(
                    dir.resolve("buildx/instances/" + gone),
                    "{\"Name\":\"" + gone + "\",\"Driver\":\"remote\",\"Nodes\":[{\"Name\":\"" + gone
                            + "0\",\"Endpoint\":\"unix://" + dir.resolve(gone + ".sock") + "\"}]}");
        }
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["a", "b"]
        }
        target "a" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} a\\n"
        }
        target "b" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} b\\n"
        }
        """);

        CommandRun run = jbake("--progress=plain", "--builder", "gone,second", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.err().contains("[internal] node gone/gone0 is unreachable, its targets go to the other nodes\n"),
                run.err());
        assertEquals(Map.of("a", SECOND, "b", SECOND), nodes());

        // with no node left, the bake fails as on one unreachable builder
        CommandRun none = jbake("--progress=plain", "--builder", "gone,gone2");
        assertEquals(1, none.code(), none.err());
        assertTrue(none.err().contains("gone.sock"), none.err());
    }

    @Test
    void aNodesDefaultLimitIsTheCoresItsEngineReports() throws Exception {
        int cores = Integer.parseInt(
                TestDaemon.docker("info", "--format", "{{.NCPU}}").strip());
        assertEquals(OptionalInt.of(cores), TestDaemon.endpoint().cpuCount());
        // a buildkitd does not say
        assertEquals(
                OptionalInt.empty(),
                Endpoint.buildkit("unix:///nowhere.sock", null).cpuCount());
    }

    @Test
    void nodeJobsIsAtLeastOne() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"default\" {}\n");

        CommandRun run = jbake("--builder", "default,second", "--node-jobs", "0");

        // a flag error, as the docker CLI ends one
        assertEquals(125, run.code(), run.err());
        assertTrue(run.err().startsWith("invalid --node-jobs 0: must be at least 1\n\nUsage:"), run.err());
    }

    @Test
    void oneBuilderIsTodaysBakeWithoutNodeNames() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE}\\n"
        }
        """);

        CommandRun run = jbake("--progress=plain", "--builder", "second", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        String metadata = Files.readString(dir.resolve("m.json"));
        assertTrue(metadata.contains("\"buildx.build.ref\": \"" + SECOND + "/"), metadata);
        assertFalse(metadata.contains("jbake.build.node"), metadata);
        assertTrue(run.err().contains("\n#6 [2/2] RUN echo " + env.get("NONCE") + "\n"), run.err());
    }
}
