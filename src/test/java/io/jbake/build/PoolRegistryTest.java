package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.BuildResult;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {

    @Test
    void aBaseIsReadFromItsTagOfThisBake() {
        PoolRegistry registry = PoolRegistry.parse("127.0.0.1:5087/pool/");

        assertEquals("127.0.0.1:5087/pool/base:jbake-0123456789ab", registry.image("base", "0123456789ab"));
        assertEquals(
                "docker-image://127.0.0.1:5087/pool/base:jbake-0123456789ab", registry.context("base", "0123456789ab"));
    }

    @Test
    void aTargetNameThatIsNoRepositoryComponentIsMadeOneThatNoOtherNameGives() {
        assertEquals("base-image", PoolRegistry.component("base-image"));
        assertEquals("app-1-8d573d9d", PoolRegistry.component("App_1"));
        assertEquals("x-c6cf95e5", PoolRegistry.component("-x-"));
    }

    @Test
    void aBakeIdIsTwelveHexDigits() {
        assertEquals("359d41baf78a", PoolRegistry.newBakeId(new Random(42)));
        assertTrue(PoolRegistry.newBakeId().matches("[0-9a-f]{12}"));
    }

    @Test
    void aLoopbackRegistryIsSpokenToInPlainHttp() {
        for (String repository :
                List.of("127.0.0.1:5087/pool", "127.3.2.1/pool", "localhost:5000/a/b", "[::1]:5000/p")) {
            assertTrue(PoolRegistry.parse(repository).insecure(), repository);
        }
        for (String repository : List.of("registry.example.com/pool", "10.0.0.1:5000/pool", "team/pool", "pool")) {
            assertFalse(PoolRegistry.parse(repository).insecure(), repository);
        }
    }

    @Test
    void aRepositoryWithATagOrDigestOrSchemeIsRefused() {
        for (String repository : List.of(
                "127.0.0.1:5087/pool:v1", "r.example.com/p@sha256:00", "http://r.example.com/p", "R/Pool", "")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> PoolRegistry.parse(repository));
            assertEquals(
                    "invalid --pool-registry " + repository
                            + ": expected a repository (no tag or digest), like 127.0.0.1:5000/pool",
                    e.getMessage());
        }
    }

    private static final Map<String, String> RESPONSE = Map.of(
            "containerimage.digest", "sha256:aa",
            "containerimage.config.digest", "sha256:cc",
            "containerimage.descriptor", "e30=",
            "image.name", "docker.io/library/own:1",
            "cache.x", "y");

    private static BuildResult result() {
        return new BuildResult("ref1", RESPONSE, "default/default");
    }

    @Test
    void aBaseWithoutAnImageOutputHasNoImageKeysInItsMetadata() {
        BuildResult own = BakeBuild.withoutPoolExport(result(), List.of(new BuildRequest.Export("local", Map.of())));

        assertEquals(Map.of("cache.x", "y"), own.exporterResponse());
        assertEquals("ref1", own.ref());
    }

    @Test
    void aBaseWithAnUnnamedImageOutputHasItsDigestsButNoName() {
        BuildResult own = BakeBuild.withoutPoolExport(result(), List.of(new BuildRequest.Export("image", Map.of())));

        assertEquals(
                Map.of(
                        "containerimage.digest", "sha256:aa",
                        "containerimage.config.digest", "sha256:cc",
                        "containerimage.descriptor", "e30=",
                        "cache.x", "y"),
                own.exporterResponse());
    }

    @Test
    void aBaseWithANamedImageOutputKeepsTheResponseItsOwnExportWon() {
        BuildResult own = BakeBuild.withoutPoolExport(
                result(), List.of(new BuildRequest.Export("image", Map.of("name", "own:1"))));

        assertEquals(RESPONSE, own.exporterResponse());
    }
}
