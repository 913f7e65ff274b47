package io.jbake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
