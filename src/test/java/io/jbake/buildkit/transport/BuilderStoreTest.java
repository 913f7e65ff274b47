package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which daemon {@code --builder}, {@code BUILDX_BUILDER} and buildx's builder store name. The instance files
 * are as buildx 0.29.1 wrote them ({@code docker buildx create --name r1 --driver remote tcp://127.0.0.1:1234},
 * and with {@code --driver-opt cacert=...,cert=...,key=...,servername=bk.example}); the error messages are
 * the reference buildx's.
 */
class BuilderStoreTest {

    private static final String R1 = "{\"Name\":\"r1\",\"Driver\":\"remote\",\"Nodes\":[{\"Name\":\"r10\","
            + "\"Endpoint\":\"tcp://127.0.0.1:1234\",\"Platforms\":null,\"DriverOpts\":null,\"Flags\":null,"
            + "\"Files\":null}],\"Dynamic\":false}";
    private static final String R2 = "{\"Name\":\"r2\",\"Driver\":\"remote\",\"Nodes\":[{\"Name\":\"r20\","
            + "\"Endpoint\":\"tcp://127.0.0.1:1235\",\"Platforms\":null,\"DriverOpts\":{\"cacert\":\"/tls/ca.pem\","
            + "\"cert\":\"/tls/cert.pem\",\"key\":\"/tls/key.pem\",\"servername\":\"bk.example\"},\"Flags\":null,"
            + "\"Files\":null}],\"Dynamic\":false}";

    @TempDir
    Path home;

    Path config;
    Map<String, String> env;

    @BeforeEach
    void store() throws Exception {
        config = home.resolve("cfg");
        env = Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_HOST", "unix:///tmp/engine.sock");
        Files.createDirectories(config.resolve("buildx/instances"));
        Files.writeString(config.resolve("buildx/instances/r1"), R1);
        Files.writeString(config.resolve("buildx/instances/r2"), R2);
    }

    private void writeContext(String name, String host) throws Exception {
        Path meta = Files.createDirectories(config.resolve("contexts/meta/" + DockerContexts.sha256(name)));
        Files.writeString(
                meta.resolve("meta.json"),
                "{\"Name\":\"" + name + "\",\"Metadata\":{}," + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host
                        + "\",\"SkipTLSVerify\":false}}}");
    }

    private Map<String, String> with(String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.put(key, value);
        return m;
    }

    @Test
    void remoteBuilderByName() {
        Endpoint e = Endpoint.fromEnvironment("r1", env, home);
        assertEquals(Endpoint.Kind.BUILDKIT, e.kind());
        assertEquals("tcp://127.0.0.1:1234", e.address());
        assertEquals("r1/r10", e.builderNode());
        assertEquals("remote:r1", e.builderLabel());
        // names are looked up lower-cased, as buildx stores them
        assertEquals("r1/r10", Endpoint.fromEnvironment("R1", env, home).builderNode());
    }

    @Test
    void remoteBuilderWithTlsDriverOptions() {
        Endpoint e = Endpoint.fromEnvironment("r2", env, home);
        assertEquals("tcp://127.0.0.1:1235", e.address());
        assertEquals("r2/r20", e.builderNode());
    }

    @Test
    void buildxBuilderVariableAndTheFlagWinsOverIt() {
        assertEquals(
                "r1/r10",
                Endpoint.fromEnvironment("", with("BUILDX_BUILDER", "r1"), home).builderNode());
        assertEquals(
                "r2/r20",
                Endpoint.fromEnvironment("r2", with("BUILDX_BUILDER", "r1"), home)
                        .builderNode());
        // a named builder wins over BUILDKIT_HOST, which only stands in for buildx's current builder
        assertEquals(
                "r1/r10",
                Endpoint.fromEnvironment("r1", with("BUILDKIT_HOST", "unix:///b.sock"), home)
                        .builderNode());
    }

    @Test
    void aPoolIsEveryNodeOfEachItem() throws Exception {
        Files.writeString(
                config.resolve("buildx/instances/multi"),
                "{\"Name\":\"multi\",\"Driver\":\"remote\",\"Nodes\":["
                        + "{\"Name\":\"multi0\",\"Endpoint\":\"tcp://10.0.0.1:1234\"},"
                        + "{\"Name\":\"multi1\",\"Endpoint\":\"tcp://10.0.0.2:1234\"}]}");
        writeContext("c1", "unix:///run/c1.sock");
        assertEquals(
                List.of(
                        "multi/multi0 buildkitd at tcp://10.0.0.1:1234",
                        "multi/multi1 buildkitd at tcp://10.0.0.2:1234"),
                describe(Endpoint.poolFromEnvironment("multi", env, home)));
        // a comma list, from the flag or BUILDX_BUILDER; a node named twice is one; in a pool of several items
        // a Docker context other than the current one is a node too
        List<String> pool = List.of(
                "r1/r10 buildkitd at tcp://127.0.0.1:1234",
                "c1/c1 Docker Engine at unix:///run/c1.sock",
                "default/default Docker Engine at unix:///tmp/engine.sock");
        assertEquals(pool, describe(Endpoint.poolFromEnvironment("r1, c1,default,r1", env, home)));
        assertEquals(pool, describe(Endpoint.poolFromEnvironment("", with("BUILDX_BUILDER", "r1,c1,default"), home)));
        // one item is today's builder
        assertEquals(
                List.of("r1/r10 buildkitd at tcp://127.0.0.1:1234"),
                describe(Endpoint.poolFromEnvironment("r1", env, home)));
        assertEquals(
                List.of("remote/remote0 buildkitd at unix:///b.sock"),
                describe(Endpoint.poolFromEnvironment("", with("BUILDKIT_HOST", "unix:///b.sock"), home)));
        assertEquals(
                "use `docker --context=c1 buildx` to switch to context \"c1\"",
                assertThrows(BuildKitException.class, () -> Endpoint.poolFromEnvironment("c1", env, home))
                        .getMessage());
        assertEquals(
                "no builder \"nope\" found",
                assertThrows(BuildKitException.class, () -> Endpoint.poolFromEnvironment("r1,nope", env, home))
                        .getMessage());
    }

    private static List<String> describe(List<Endpoint> nodes) {
        return nodes.stream().map(e -> e.builderNode() + " " + e).toList();
    }

    @Test
    void unknownBuilderAsBuildxSaysIt() {
        assertEquals(
                "no builder \"nope\" found",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("nope", env, home))
                        .getMessage());
        assertEquals(
                "no builder \"Bad!\" found",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("Bad!", env, home))
                        .getMessage());
    }

    @Test
    void dockerContextsAreBuildersOfTheDockerDriver() throws Exception {
        writeContext("c1", "unix:///run/c1.sock");
        Endpoint current = Endpoint.fromEnvironment("default", env, home);
        assertEquals(Endpoint.Kind.DOCKER, current.kind());
        assertEquals("unix:///tmp/engine.sock", current.address());
        assertEquals("default/default", current.builderNode());
        assertEquals("docker:default", current.builderLabel());
        // with DOCKER_HOST set the current context is "default", so another context is refused as buildx does
        assertEquals(
                "use `docker --context=c1 buildx` to switch to context \"c1\"",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("c1", env, home))
                        .getMessage());
        Map<String, String> inC1 = Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "c1");
        Endpoint c1 = Endpoint.fromEnvironment("c1", inC1, home);
        assertEquals("unix:///run/c1.sock", c1.address());
        assertEquals("c1/c1", c1.builderNode());
        assertEquals("docker:c1", c1.builderLabel());
        assertEquals("c1/c1", Endpoint.fromEnvironment("", inC1, home).builderNode());
    }

    @Test
    void currentBuilderForTheCurrentEndpoint() throws Exception {
        // docker buildx use r1 (keyed by the engine address for the default context)
        Files.writeString(
                config.resolve("buildx/current"),
                "{\"Key\":\"unix:///tmp/engine.sock\",\"Name\":\"r1\",\"Global\":false}");
        assertEquals("r1/r10", Endpoint.fromEnvironment("", env, home).builderNode());
        // chosen for another endpoint: not current here
        assertEquals(
                "default/default",
                Endpoint.fromEnvironment("", with("DOCKER_HOST", "unix:///tmp/other.sock"), home)
                        .builderNode());
        // docker buildx use --global r1
        Files.writeString(
                config.resolve("buildx/current"),
                "{\"Key\":\"unix:///tmp/engine.sock\",\"Name\":\"r1\",\"Global\":true}");
        assertEquals(
                "r1/r10",
                Endpoint.fromEnvironment("", with("DOCKER_HOST", "unix:///tmp/other.sock"), home)
                        .builderNode());
        // the reference's own file: no name chosen
        Files.writeString(
                config.resolve("buildx/current"),
                "{\"Key\":\"unix:///tmp/engine.sock\",\"Name\":\"\",\"Global\":false}");
        assertEquals("default/default", Endpoint.fromEnvironment("", env, home).builderNode());
    }

    @Test
    void defaultBuilderOfAnEndpoint() throws Exception {
        // docker buildx use --default r2: defaults/<first 20 hex of sha256(key)>
        Path defaults = Files.createDirectories(config.resolve("buildx/defaults"));
        Files.writeString(
                defaults.resolve(
                        DockerContexts.sha256("unix:///tmp/engine.sock").substring(0, 20)),
                "r2");
        assertEquals("r2/r20", Endpoint.fromEnvironment("", env, home).builderNode());
    }

    @Test
    void buildxConfigVariableMovesTheStore() throws Exception {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere/instances"));
        Files.writeString(elsewhere.resolve("moved"), R1.replace("\"Name\":\"r1\"", "\"Name\":\"moved\""));
        Map<String, String> moved =
                with("BUILDX_CONFIG", home.resolve("elsewhere").toString());
        assertEquals("moved/r10", Endpoint.fromEnvironment("moved", moved, home).builderNode());
        assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("r1", moved, home));
    }

    @Test
    void dockerContainerBuilder() throws Exception {
        writeContext("c1", "unix:///run/c1.sock");
        Files.writeString(
                config.resolve("buildx/instances/dc"),
                "{\"Name\":\"dc\",\"Driver\":\"docker-container\","
                        + "\"Nodes\":[{\"Name\":\"dc0\",\"Endpoint\":\"c1\",\"Platforms\":null,\"DriverOpts\":null,"
                        + "\"Flags\":[\"--allow-insecure-entitlement=network.host\"],\"Files\":null}],\"Dynamic\":false}");
        Endpoint e = Endpoint.fromEnvironment("dc", env, home);
        assertEquals(Endpoint.Kind.BUILDKIT, e.kind());
        assertEquals(
                "buildkitd in container buildx_buildkit_dc0 of Docker Engine at unix:///run/c1.sock", e.toString());
        assertEquals("dc/dc0", e.builderNode());
        assertEquals("docker-container:dc", e.builderLabel());
    }

    @Test
    void unsupportedDriverAndBadOptionsAreClearErrors() throws Exception {
        Files.writeString(
                config.resolve("buildx/instances/k8s"),
                "{\"Name\":\"k8s\",\"Driver\":\"kubernetes\","
                        + "\"Nodes\":[{\"Name\":\"k8s0\",\"Endpoint\":\"kubernetes:///k8s?deployment=&kubeconfig=\"}]}");
        assertEquals(
                "builder \"k8s\" uses the kubernetes driver, which jbake does not support (it supports docker,"
                        + " docker-container and remote)",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("k8s", env, home))
                        .getMessage());
        Files.writeString(
                config.resolve("buildx/instances/r3"),
                R2.replace("\"cacert\":\"/tls/ca.pem\",", "").replace("r2", "r3"));
        assertEquals(
                "failed to initialize builder r3 (r30): tls enabled, but missing keys cacert",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("r3", env, home))
                        .getMessage());
        Files.writeString(
                config.resolve("buildx/instances/r4"),
                R1.replace("r1", "r4")
                        .replace("\"DriverOpts\":null", "\"DriverOpts\":{\"foo\":\"1\",\"servername\":\"x\"}"));
        assertEquals(
                "failed to initialize builder r4 (r40): invalid driver option foo for remote driver",
                assertThrows(BuildKitException.class, () -> Endpoint.fromEnvironment("r4", env, home))
                        .getMessage());
    }
}
