package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.buildkit.PrivateEngine;
import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.JbakeProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a pool that dies mid-bake: a private engine ({@link PrivateEngine}, slot 30) beside the shared test
 * daemon, killed while its first target runs. Its running target fails naming it; the targets still waiting for a
 * node build on the other.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoolNodeFailureDaemonTest {
    private static final int ENGINE_SLOT = 30;
    private static final String MAIN = "default/default";
    private static final String EXTRA = "extra/extra0";

    @TempDir
    Path dir;

    @Test
    void aNodeKilledMidBakeFailsItsRunningTargetAndItsQueuedOnesBuildOnTheOther() throws Exception {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        String nonce = UUID.randomUUID().toString();
        StringBuilder hcl = new StringBuilder("group \"default\" {\n  targets = [\"t1\", \"t2\", \"t3\", \"t4\"]\n}\n");
        for (int i = 1; i <= 4; i++) {
            hcl.append("target \"t")
                    .append(i)
                    .append("\" {\n  dockerfile-inline = \"FROM busybox:local\\nRUN echo started ")
                    .append(nonce)
                    .append(" t")
                    .append(i)
                    .append(" && sleep 12\\n\"\n}\n");
        }
        Files.writeString(dir.resolve("docker-bake.hcl"), hcl);
        try (PrivateEngine engine = PrivateEngine.start(ENGINE_SLOT)) {
            Path store = Files.createDirectories(dir.resolve("buildx/instances"));
            Files.writeString(
                    store.resolve("extra"),
                    "{\"Name\":\"extra\",\"Driver\":\"docker\",\"Nodes\":[{\"Name\":\"extra0\",\"Endpoint\":\""
                            + engine.host() + "\"}]}");
            ProcessBuilder builder = new ProcessBuilder(JbakeProcess.IN_PROCESS.command(
                            null,
                            "--progress=plain",
                            "--builder",
                            "default,extra",
                            "--node-jobs",
                            "1",
                            "--jobs",
                            "defer-error",
                            "--metadata-file",
                            "m.json"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.put("BUILDX_CONFIG", dir.resolve("buildx").toString());
            env.remove("BUILDX_BUILDER");
            env.remove("BUILDKIT_HOST");
            env.remove("JBAKE_JOBS");
            env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
            Process bake = builder.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(bake.getInputStream(), StandardCharsets.UTF_8))) {
                // the extra node's first target, once its RUN step prints: plain progress may hold a step's lines
                // back for up to 5 s while another step has the output (buildx's anti-flicker), so the step sleeps
                // well beyond that, and is still running when its engine is killed
                Pattern onExtra =
                        Pattern.compile("#(\\d+) \\[(t\\d)@" + Pattern.quote(EXTRA) + " 2/2\\] RUN echo started .*");
                Map<String, String> stepTargets = new TreeMap<>();
                String killedTarget = null;
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    Matcher header = onExtra.matcher(line);
                    if (header.matches()) {
                        stepTargets.put(header.group(1), header.group(2));
                    }
                    Optional<String> running = stepTargets.entrySet().stream()
                            .filter(e -> lines.get(lines.size() - 1)
                                    .matches("#" + e.getKey() + " \\d+\\.\\d+ started " + nonce + " " + e.getValue()))
                            .map(Map.Entry::getValue)
                            .findFirst();
                    if (killedTarget == null && running.isPresent()) {
                        killedTarget = running.get();
                        engine.kill();
                    }
                }
                assertTrue(bake.waitFor(120, TimeUnit.SECONDS), String.join("\n", lines));
                String output = String.join("\n", lines);
                assertTrue(killedTarget != null, output);

                assertEquals(1, bake.exitValue(), output);
                String error = lines.get(lines.size() - 1);
                assertTrue(
                        error.startsWith("ERROR: target " + killedTarget + ": node " + EXTRA
                                + " failed: lost the connection to Docker Engine at " + engine.host() + ": "),
                        output);
                // the three others built on the node left, the ones queued behind the killed one included
                JsonObject metadata = JsonParser.parseString(Files.readString(dir.resolve("m.json")))
                        .getAsJsonObject();
                Map<String, String> nodes = new TreeMap<>();
                metadata.keySet()
                        .forEach(target -> nodes.put(
                                target,
                                metadata.getAsJsonObject(target)
                                        .get("jbake.build.node")
                                        .getAsString()));
                Map<String, String> expected = new TreeMap<>();
                for (int i = 1; i <= 4; i++) {
                    if (!("t" + i).equals(killedTarget)) {
                        expected.put("t" + i, MAIN);
                    }
                }
                assertEquals(expected, nodes, output);
            } finally {
                bake.destroyForcibly().waitFor();
            }
        }
    }
}
