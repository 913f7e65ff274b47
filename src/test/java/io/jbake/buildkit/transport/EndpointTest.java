package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which daemon the environment and the Docker CLI configuration name. */
class EndpointTest {

    @TempDir
    Path home;

    private Path writeContext(Path config, String name, String host) throws Exception {
        Path meta = config.resolve("contexts/meta/" + DockerContexts.sha256(name));
        Files.createDirectories(meta);
        Files.writeString(
                meta.resolve("meta.json"),
                "{\"Name\":\"" + name + "\",\"Metadata\":{}," + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host
                        + "\",\"SkipTLSVerify\":false}}}");
        return meta;
    }

    @Test
    void buildkitHostWinsOverDockerHost() {
        Endpoint e = Endpoint.fromEnvironment(
                Map.of("BUILDKIT_HOST", "tcp://10.0.0.1:1234", "DOCKER_HOST", "unix:///var/run/other.sock"), home);
        assertEquals(Endpoint.Kind.BUILDKIT, e.kind());
        assertEquals("tcp://10.0.0.1:1234", e.address());
    }

    @Test
    void dockerHostWinsOverContexts() throws Exception {
        writeContext(home.resolve(".docker"), "remote", "tcp://10.0.0.2:2375");
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"remote\"}");
        Endpoint e = Endpoint.fromEnvironment(Map.of("DOCKER_HOST", "unix:///tmp/d.sock"), home);
        assertEquals(Endpoint.Kind.DOCKER, e.kind());
        assertEquals("unix:///tmp/d.sock", e.address());
    }

    @Test
    void currentContextFromConfigJson() throws Exception {
        writeContext(home.resolve(".docker"), "remote", "tcp://10.0.0.2:2375");
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"remote\"}");
        assertEquals(
                "tcp://10.0.0.2:2375", Endpoint.fromEnvironment(Map.of(), home).address());
    }

    @Test
    void dockerContextVariableAndDockerConfigDirectory() throws Exception {
        Path config = home.resolve("cfg");
        writeContext(config, "ci", "unix:///run/ci-docker.sock");
        Endpoint e = Endpoint.fromEnvironment(Map.of("DOCKER_CONTEXT", "ci", "DOCKER_CONFIG", config.toString()), home);
        assertEquals("unix:///run/ci-docker.sock", e.address());
        assertEquals("Docker Engine at unix:///run/ci-docker.sock", e.toString());
    }

    @Test
    void defaultContextAndNoConfigMeanTheDefaultSocket() throws Exception {
        assertEquals(
                "unix:///var/run/docker.sock",
                Endpoint.fromEnvironment(Map.of(), home).address());
        assertEquals(
                "unix:///var/run/docker.sock",
                Endpoint.fromEnvironment(Map.of("DOCKER_CONTEXT", "default"), home)
                        .address());
    }

    @Test
    void unknownContextIsAClearError() {
        BuildKitException e = assertThrows(
                BuildKitException.class, () -> Endpoint.fromEnvironment(Map.of("DOCKER_CONTEXT", "nope"), home));
        assertEquals(
                "Docker context not found: "
                        + home.resolve(".docker/contexts/meta/" + DockerContexts.sha256("nope") + "/meta.json")
                        + " does not exist",
                e.getMessage());
    }

    @Test
    void unsupportedAddressIsAClearError() {
        BuildKitException e =
                assertThrows(BuildKitException.class, () -> Endpoint.buildkit("docker-container://buildkitd", null));
        assertEquals(
                "unsupported daemon address \"docker-container://buildkitd\": use unix:///path or tcp://host:port",
                e.getMessage());
    }
}
