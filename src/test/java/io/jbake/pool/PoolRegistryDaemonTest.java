package io.jbake.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --pool-registry} on the test daemon's pool ({@link PoolDaemonTest}'s: the main engine as {@code default},
 * classic image store, and the containerd-store engine as builder {@code second}): a linked chain split over both
 * nodes through the test registry, and the same chain on one node without it.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoolRegistryDaemonTest {
    private static final String MAIN = "default/default";
    private static final String SECOND = "second/second0";

    private static final String CHAIN = """
        variable "NONCE" {}
        group "default" {
          targets = ["base", "app"]
        }
        target "base" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo ${NONCE} > /base\\n"
          output = ["type=local,dest=out-base"]
        }
        target "app" {
          contexts = { base = "target:base" }
          dockerfile-inline = "FROM base\\nRUN cat /base > /app\\n"
          output = ["type=local,dest=out"]
        }
        """;

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(System.getenv());
    private String registry;
    /** A repository of this test's own in the test registry: {@code pool3-<random>}. */
    private String repository;

    @BeforeEach
    void pool() throws IOException {
        TestDaemon.endpoint(); // fails clearly when the test daemon is not set up
        registry = System.getenv("JBAKE_TEST_REGISTRY");
        Assumptions.assumeTrue(registry != null && !registry.isEmpty(), "JBAKE_TEST_REGISTRY is not set");
        repository = "pool3-" + UUID.randomUUID().toString().substring(0, 8);
        TestDaemon.secondBuilder(dir, env);
        env.remove("JBAKE_JOBS");
        env.remove("JBAKE_POOL_REGISTRY");
        env.put("NONCE", UUID.randomUUID().toString()); // nothing comes from the cache
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Files.writeString(dir.resolve("docker-bake.hcl"), CHAIN);
    }

    /** Writes where each target was built last ({@link NodeAffinity}'s file): the bake prefers those nodes. */
    private void builtLast(String baseNode, String appNode) throws IOException {
        Path affinity = Files.createDirectories(dir.resolve("cache/jbake")).resolve("pool-nodes");
        String bakeDir = dir.toAbsolutePath().normalize().toString();
        Files.writeString(affinity, bakeDir + "\tbase\t" + baseNode + "\n" + bakeDir + "\tapp\t" + appNode + "\n");
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    /** The metadata file's entries, by target. */
    private Map<String, JsonObject> metadata() throws IOException {
        JsonObject metadata =
                JsonParser.parseString(Files.readString(dir.resolve("m.json"))).getAsJsonObject();
        Map<String, JsonObject> entries = new TreeMap<>();
        metadata.keySet().forEach(target -> entries.put(target, metadata.getAsJsonObject(target)));
        return entries;
    }

    /** The registry's answer to {@code GET /v2/<repository>/base/tags/list}: status and body. */
    private HttpResponse<String> baseTags() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/base/tags/list"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Both ways: the classic-store engine pushes through the Docker API after the build, the other's exporter. */
    @ParameterizedTest
    @CsvSource({MAIN + "," + SECOND, SECOND + "," + MAIN})
    void aBaseBuiltOnOneNodeReachesItsDependentOnTheOtherThroughTheRegistry(String baseNode, String appNode)
            throws Exception {
        builtLast(baseNode, appNode);
        CommandRun run = jbake(
                "--progress=plain",
                "--builder",
                "default,second",
                "--node-jobs",
                "1",
                "--pool-registry",
                "127.0.0.1:" + registry.substring(registry.indexOf(':') + 1) + "/" + repository,
                "--metadata-file",
                "m.json");

        assertEquals(0, run.code(), run.err());
        Map<String, JsonObject> metadata = metadata();
        assertEquals(baseNode, metadata.get("base").get("jbake.build.node").getAsString(), metadata.toString());
        assertEquals(appNode, metadata.get("app").get("jbake.build.node").getAsString(), metadata.toString());
        // the app's own output holds what the base wrote, on the other node
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/app")));
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/base")));
        // the base keeps its own output beside the registry's
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out-base/base")));
        // one tag, this bake's
        HttpResponse<String> tags = baseTags();
        assertEquals(200, tags.statusCode(), tags.body());
        JsonObject list = JsonParser.parseString(tags.body()).getAsJsonObject();
        assertEquals(repository + "/base", list.get("name").getAsString());
        assertEquals(1, list.getAsJsonArray("tags").size(), tags.body());
        String tag = list.getAsJsonArray("tags").get(0).getAsString();
        assertTrue(tag.matches("jbake-[0-9a-f]{12}"), tag);
        // the base has no output of its own: buildx would write no image keys for it
        for (String key : new String[] {"image.name", "containerimage.digest", "containerimage.descriptor"}) {
            assertFalse(metadata.get("base").has(key), metadata.get("base").toString());
        }
        // the app reads the base as an image of the registry, on its FROM step
        String image = registry + "/" + repository + "/base:" + tag;
        // pushed as the base's own step, read as the app's context step
        String push = baseNode.equals(MAIN)
                ? "[base@" + MAIN + "] pushing " + image + " with docker\n"
                : " pushing manifest for " + image + "@sha256:";
        assertTrue(run.err().contains(push), run.err());
        assertTrue(
                run.err().contains("[app@" + appNode + " context base] load metadata for " + image + "\n"), run.err());
    }

    @Test
    void withoutThePoolRegistryTheChainStaysOnOneNodeAndNothingIsPushed() throws Exception {
        builtLast(MAIN, SECOND);
        CommandRun run = jbake(
                "--progress=plain", "--builder", "default,second", "--node-jobs", "1", "--metadata-file", "m.json");

        assertEquals(0, run.code(), run.err());
        Map<String, JsonObject> metadata = metadata();
        assertEquals(MAIN, metadata.get("base").get("jbake.build.node").getAsString(), metadata.toString());
        assertEquals(MAIN, metadata.get("app").get("jbake.build.node").getAsString(), metadata.toString());
        assertEquals(env.get("NONCE") + "\n", Files.readString(dir.resolve("out/app")));
        assertEquals(404, baseTags().statusCode());
        assertFalse(run.err().contains("pushing"), run.err());
    }

    /**
     * BuildKit merges the exporters' responses into one; the pool's export goes first, so the base's own image
     * output keeps its keys in the metadata file, as without the registry.
     */
    @Test
    void aBaseWithAnImageOutputOfItsOwnKeepsItsMetadata() throws Exception {
        builtLast(SECOND, MAIN);
        Files.writeString(
                dir.resolve("docker-bake.hcl"),
                CHAIN.replace("type=local,dest=out-base", "type=image,name=jbake-pool3-own:base"));
        Map<String, String> before = new TreeMap<>();
        for (String registryFlag : new String[] {"", "127.0.0.1:5087/" + repository}) {
            CommandRun run = jbake(
                    "--builder",
                    "default,second",
                    "--node-jobs",
                    "1",
                    "--pool-registry",
                    registryFlag,
                    "--metadata-file",
                    "m.json");

            assertEquals(0, run.code(), run.err());
            JsonObject base = metadata().get("base");
            assertEquals(SECOND, base.get("jbake.build.node").getAsString(), base.toString());
            assertEquals(
                    "docker.io/library/jbake-pool3-own:base",
                    base.get("image.name").getAsString());
            Map<String, String> image = new TreeMap<>();
            for (String key : new String[] {"containerimage.digest", "containerimage.config.digest"}) {
                image.put(key, base.get(key).getAsString());
            }
            if (before.isEmpty()) {
                before.putAll(image);
            } else {
                assertEquals(before, image); // the same image: the base's RUN is cached
            }
        }
        assertEquals(200, baseTags().statusCode());
    }

    @Test
    void thePoolRegistryFlagWinsOverTheVariableWhichIsCheckedBeforeBuilding() {
        env.put("JBAKE_POOL_REGISTRY", "http://127.0.0.1:1/pool");

        CommandRun invalid = jbake("--builder", "default,second");

        assertEquals(125, invalid.code(), invalid.err());
        assertTrue(
                invalid.err()
                        .startsWith(
                                "invalid --pool-registry http://127.0.0.1:1/pool: expected a repository (no tag or digest),"
                                        + " like 127.0.0.1:5000/pool\n\nUsage:"),
                invalid.err());

        CommandRun flagWins = jbake("--builder", "default,second", "--pool-registry", "", "--print");
        assertEquals(0, flagWins.code(), flagWins.err());
    }
}
