package io.jbake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import io.jbake.cli.JbakeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --results} and {@code --report} on the real daemon: a target ({@code base}), one that links it
 * ({@code app}, tagged), and one whose {@code RUN} writes a line and exits 3 ({@code fail}), under
 * {@code -j defer-error} so that the two others build whatever the failure.
 */
@Tag("daemon")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResultsDaemonTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());
    private String nonce;

    @BeforeEach
    void definition() throws IOException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        nonce = UUID.randomUUID().toString().replace("-", "");
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["base", "app", "fail"]
        }
        target "base" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo base ${NONCE} > /base\\n"
        }
        target "app" {
          contexts = { base = "target:base" }
          dockerfile-inline = "FROM base\\nRUN echo app ${NONCE} > /app\\n"
          tags = ["results/app:${NONCE}"]
        }
        target "fail" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo about to fail ${NONCE} && exit 3\\n"
        }
        """);
        env.put("NONCE", nonce); // nothing comes from the cache of another run
        env.remove("JBAKE_JOBS");
        env.remove("BUILDKIT_PROGRESS");
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    private JsonObject results() throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("results.json")))
                .getAsJsonObject();
    }

    @Test
    void resultsTellEachTargetAsTheErrorReportAndTheMetadataDo() throws IOException {
        Instant before = Instant.now();
        CommandRun run = jbake(
                "--progress=plain",
                "-j",
                "defer-error",
                "--metadata-file",
                "metadata.json",
                "--results",
                "results.json",
                "--report",
                "report.html");
        Instant after = Instant.now();

        assertEquals(1, run.code(), run.err());
        JsonObject results = results();
        assertEquals(1, results.get("version").getAsInt());
        assertEquals("failed", results.get("status").getAsString());
        JsonObject targets = results.getAsJsonObject("targets");
        assertEquals(List.of("app", "base", "fail"), List.copyOf(targets.keySet()));
        assertEquals("succeeded", targets.getAsJsonObject("base").get("status").getAsString());
        assertEquals("succeeded", targets.getAsJsonObject("app").get("status").getAsString());
        JsonObject fail = targets.getAsJsonObject("fail");
        assertEquals("failed", fail.get("status").getAsString());
        // the error as the error report words it: ERROR: target fail: <error>
        String error = fail.get("error").getAsString();
        assertEquals(
                "failed to solve: process \"/bin/sh -c echo about to fail " + nonce
                        + " && exit 3\" did not complete successfully: exit code: 3",
                error);
        assertTrue(run.err().contains("ERROR: target fail: " + error + "\n"), run.err());
        // the [internal] target results step classifies alike
        assertTrue(run.err().contains("succeeded: app, base\n"), run.err());
        assertTrue(run.err().contains("failed: fail\n"), run.err());

        JsonObject metadata = JsonParser.parseString(Files.readString(dir.resolve("metadata.json")))
                .getAsJsonObject();
        for (String name : List.of("app", "base")) {
            JsonObject target = targets.getAsJsonObject(name);
            JsonObject entry = metadata.getAsJsonObject(name);
            String digest = entry.has("containerimage.digest")
                    ? entry.get("containerimage.digest").getAsString()
                    : "";
            assertEquals(digest, target.get("digest").getAsString(), name);
            assertEquals("", target.get("error").getAsString());
            Instant start = Instant.parse(target.get("start").getAsString());
            Instant end = Instant.parse(target.get("end").getAsString());
            assertFalse(start.isBefore(before) || end.isAfter(after) || end.isBefore(start), name);
        }
        // its own steps: base's FROM and RUN; app's RUN (its FROM is base's result, counted there); fail's FROM and
        // RUN; no RUN comes from the cache (each is new)
        assertEquals(
                List.of(2, 1, 2),
                List.of(totalSteps(targets, "base"), totalSteps(targets, "app"), totalSteps(targets, "fail")));
        assertEquals(0, targets.getAsJsonObject("app").get("cachedSteps").getAsInt());
        assertTrue(targets.getAsJsonObject("app").get("digest").getAsString().startsWith("sha256:"));
        JsonArray tags = targets.getAsJsonObject("app").getAsJsonArray("tags");
        assertEquals("docker.io/results/app:" + nonce, tags.get(0).getAsString());
        assertEquals(List.of("base", "app"), strings(results.getAsJsonArray("criticalPath")));
        assertEquals("default", targets.getAsJsonObject("app").get("builder").getAsString());
        assertEquals("default", targets.getAsJsonObject("app").get("node").getAsString());

        // the summary table, after the failure summary, before the error
        int table = run.err().indexOf("TARGET  STATUS");
        assertTrue(table > 0 && table < run.err().indexOf("ERROR: target fail"), run.err());
        assertTrue(run.err().contains("\nfail    failed     "), run.err());

        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("about to fail " + nonce), "the failing step's log line is on the page");
        assertTrue(page.contains("&quot;/bin/sh -c echo about to fail"), "the error is escaped on the page");

        CommandRun again = jbake("--progress=plain", "-j", "defer-error", "--results", "results.json");

        assertEquals(1, again.code(), again.err());
        JsonObject second = results().getAsJsonObject("targets");
        assertEquals(List.of(2, 1), List.of(cachedSteps(second, "base"), cachedSteps(second, "app")), again.err());
        assertEquals(List.of(2, 1), List.of(totalSteps(second, "base"), totalSteps(second, "app")));
    }

    /** In a pool, each target's builder and node are those the metadata file names, and the table shows them. */
    @Test
    void inAPoolEachTargetNamesItsNode() throws IOException {
        TestDaemon.secondBuilder(dir, env);
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // no node remembered from another bake
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        variable "NONCE" {}
        group "default" {
          targets = ["one", "two"]
        }
        target "one" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo one ${NONCE}\\n"
        }
        target "two" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo two ${NONCE}\\n"
        }
        """);

        CommandRun run = jbake(
                "--progress=plain",
                "--builder",
                "default,second",
                "--metadata-file",
                "metadata.json",
                "--results",
                "results.json");

        assertEquals(0, run.code(), run.err());
        JsonObject targets = results().getAsJsonObject("targets");
        JsonObject metadata = JsonParser.parseString(Files.readString(dir.resolve("metadata.json")))
                .getAsJsonObject();
        List<String> nodes = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            JsonObject target = targets.getAsJsonObject(name);
            String node = target.get("builder").getAsString() + "/"
                    + target.get("node").getAsString();
            assertEquals(metadata.getAsJsonObject(name).get("jbake.build.node").getAsString(), node, name);
            nodes.add(node);
        }
        // each takes a node as it starts: the first to start the first node, the other the other one
        assertEquals(
                List.of("default/default", "second/second0"),
                nodes.stream().sorted().toList());
        assertTrue(run.err().contains("CACHED  NODE\n"), run.err());
        assertTrue(run.err().contains("  second/second0\n"), run.err());
    }

    /** Ctrl-C: the bake ends cancelled, and the results say so, the running target cancelled. */
    @Test
    void resultsAreWrittenWhenCtrlCCancelsTheBake() throws Exception {
        String marker = "jbake-results-slow-" + nonce;
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "slow" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo started && sleep 120 && echo %s\\n"
        }
        """.formatted(marker));
        Process jbake = new ProcessBuilder(JbakeProcess.IN_PROCESS.command(
                        dir.resolve("unused.sock"), "--progress=plain", "--results", "results.json", "slow"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(jbake.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.endsWith(" started")) { // the RUN step's log: the build runs at the daemon
                    new ProcessBuilder("kill", "-INT", Long.toString(jbake.pid()))
                            .start()
                            .waitFor();
                }
            }
            assertTrue(jbake.waitFor(30, TimeUnit.SECONDS), String.join("\n", output));
        } finally {
            jbake.destroyForcibly();
        }

        assertEquals(130, jbake.exitValue(), String.join("\n", output));
        JsonObject results = results();
        assertEquals("cancelled", results.get("status").getAsString());
        JsonObject slow = results.getAsJsonObject("targets").getAsJsonObject("slow");
        assertEquals("cancelled", slow.get("status").getAsString(), String.join("\n", output));
        assertFalse(slow.get("start").isJsonNull());
        // the summary table, before buildx's last line
        assertTrue(output.stream().anyMatch(l -> l.startsWith("slow    cancelled  ")), String.join("\n", output));
        assertEquals("ERROR: failed to solve: Canceled: context canceled", output.get(output.size() - 1));
    }

    private static int totalSteps(JsonObject targets, String name) {
        return targets.getAsJsonObject(name).get("totalSteps").getAsInt();
    }

    private static int cachedSteps(JsonObject targets, String name) {
        return targets.getAsJsonObject(name).get("cachedSteps").getAsInt();
    }

    private static List<String> strings(JsonArray array) {
        return array.asList().stream().map(e -> e.getAsString()).toList();
    }
}
