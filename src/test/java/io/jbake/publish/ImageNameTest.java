package io.jbake.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageNameTest {

    @Test
    void dockerHubNamesGetTheirRegistryLibraryAndLatest() {
        assertEquals(new ImageName("docker.io", "library/alpine", "latest", false), ImageName.parse("alpine"));
        assertEquals(new ImageName("docker.io", "team/app", "v1", false), ImageName.parse("team/app:v1"));
        assertEquals(new ImageName("docker.io", "library/app", "1", false), ImageName.parse("index.docker.io/app:1"));
        assertEquals("registry-1.docker.io", ImageName.parse("team/app").apiHost());
        assertEquals(
                "docker.io/library/alpine:latest", ImageName.parse("alpine").toString());
    }

    @Test
    void aFirstComponentThatLooksLikeAHostIsTheRegistry() {
        ImageName name = ImageName.parse("127.0.0.1:5087/atomic/app:v2");
        assertEquals(new ImageName("127.0.0.1:5087", "atomic/app", "v2", false), name);
        assertEquals("127.0.0.1:5087", name.apiHost());
        assertEquals("127.0.0.1:5087/atomic/app", name.repositoryName());
        assertEquals(new ImageName("localhost", "app", "latest", false), ImageName.parse("localhost/app"));
        assertEquals(new ImageName("ghcr.io", "org/app", "latest", false), ImageName.parse("ghcr.io/org/app"));
    }

    @Test
    void aDigestIsKeptAsAFact() {
        ImageName name = ImageName.parse("reg.example/app:v1@sha256:" + "a".repeat(64));
        assertEquals(new ImageName("reg.example", "app", "v1", true), name);
    }

    @Test
    void loopbackRegistriesAreReachedOverPlainHttp() {
        assertTrue(ImageName.parse("127.0.0.1:5087/a").loopback());
        assertTrue(ImageName.parse("localhost:5000/a").loopback());
        assertTrue(ImageName.parse("[::1]:5000/a").loopback());
        assertFalse(ImageName.parse("reg.example:5000/a").loopback());
        assertFalse(ImageName.parse("a").loopback());
    }

    @Test
    void whatIsNoImageNameIsRefused() {
        assertEquals(
                "invalid image name reg.example/App:v1",
                assertThrows(IllegalArgumentException.class, () -> ImageName.parse("reg.example/App:v1"))
                        .getMessage());
        assertEquals(
                "invalid tag in image name app:-x",
                assertThrows(IllegalArgumentException.class, () -> ImageName.parse("app:-x"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageName.parse("reg.example/"));
    }
}
