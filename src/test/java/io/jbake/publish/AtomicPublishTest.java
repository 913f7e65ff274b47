package io.jbake.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.buildkit.BuildRequest.Export;
import io.jbake.buildkit.auth.AuthService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AtomicPublishTest {

    private final AtomicPublish atomic =
            new AtomicPublish(new RegistryClient(host -> AuthService.Credential.ANONYMOUS));

    @Test
    void aPushedImageBecomesAPushByDigestToTheRepositoriesOfItsNames() {
        List<Export> prepared = atomic.prepare(
                "app",
                List.of(
                        new Export(
                                "image",
                                Map.of(
                                        "name",
                                        "reg.example/team/app:v1,reg.example/team/app:latest,other.example/app",
                                        "push",
                                        "true",
                                        "oci-artifact",
                                        "false")),
                        new Export("local", Map.of())),
                AtomicPublish.Daemon.BUILDKIT);

        assertEquals(
                List.of(
                        new Export(
                                "image",
                                Map.of(
                                        "name",
                                        "reg.example/team/app,other.example/app",
                                        "push",
                                        "true",
                                        "push-by-digest",
                                        "true",
                                        "store",
                                        "false",
                                        "oci-artifact",
                                        "false")),
                        new Export("local", Map.of())),
                prepared);
        // BuildKit names the image as it was given; the tags are those names with latest for none
        assertEquals(
                Optional.of("reg.example/team/app:v1,reg.example/team/app:latest,other.example/app"),
                atomic.imageNames("app"));
        assertEquals(
                List.of("reg.example/team/app:v1", "reg.example/team/app:latest", "other.example/app:latest"),
                atomic.withheld());
    }

    @Test
    void onDockerEngineTheNamesAreNormalisedAsItsExporterWould() {
        atomic.prepare(
                "app",
                List.of(new Export("image", Map.of("name", "team/app", "push", ""))),
                AtomicPublish.Daemon.ENGINE_CONTAINERD_STORE);

        assertEquals(Optional.of("docker.io/team/app:latest"), atomic.imageNames("app"));
    }

    @Test
    void anUnnamedUnpushedImageAndFilesPassAsTheyAre() {
        List<Export> exports = List.of(
                new Export("image", Map.of()), new Export("tar", Map.of()), new Export("oci", Map.of("tar", "false")));

        assertEquals(exports, atomic.prepare("t", exports, AtomicPublish.Daemon.ENGINE_CLASSIC_STORE));
        assertEquals(Optional.empty(), atomic.imageNames("t"));
    }

    @Test
    void whatWouldMoveATagBeforeTheEndIsRefused() {
        assertEquals(
                "target t: --atomic: a docker output (a load into an image store, or a docker tarball) is not held"
                        + " back; push to a registry (--push), or write an oci tarball",
                refusal(new Export("docker", Map.of("name", "app")), AtomicPublish.Daemon.BUILDKIT));
        assertEquals(
                "target t: --atomic: the image app:v1 is stored under its tags as the target finishes, which it"
                        + " cannot hold back; push it (--push, push=true) or leave its name out",
                refusal(new Export("image", Map.of("name", "app:v1", "push", "false")), AtomicPublish.Daemon.BUILDKIT));
        assertEquals(
                "target t: --atomic: this builder cannot push by digest: Docker Engine with the classic image store"
                        + " stores the image under its tags and pushes tags; use Docker Engine with the containerd"
                        + " image store or a BuildKit daemon (docker-container, remote, kubernetes driver)",
                refusal(
                        new Export("image", Map.of("name", "app:v1", "push", "true")),
                        AtomicPublish.Daemon.ENGINE_CLASSIC_STORE));
        assertEquals(
                "target t: --atomic: the name app@sha256:" + "b".repeat(64) + " has a digest, which no tag can be"
                        + " written to",
                refusal(
                        new Export("image", Map.of("name", "app@sha256:" + "b".repeat(64), "push", "true")),
                        AtomicPublish.Daemon.BUILDKIT));
        assertEquals(
                "target t: --atomic: a pushed image output has no name (tags or name=)",
                refusal(new Export("image", Map.of("push", "true")), AtomicPublish.Daemon.BUILDKIT));
        assertEquals(
                "target t: --atomic: it does not know what the moby exporter publishes",
                refusal(new Export("moby", Map.of()), AtomicPublish.Daemon.BUILDKIT));
    }

    @Test
    void twoPushedImagesOrOneTagOfTwoTargetsAreRefused() {
        Export pushed = new Export("image", Map.of("name", "reg.example/app:v1", "push", "true"));
        assertEquals(
                "it takes one pushed image output per target",
                assertThrows(
                                AtomicPublish.RefusedException.class,
                                () -> atomic.prepare("a", List.of(pushed, pushed), AtomicPublish.Daemon.BUILDKIT))
                        .getMessage()
                        .replace("target a: --atomic: ", ""));
        atomic.prepare("a", List.of(pushed), AtomicPublish.Daemon.BUILDKIT);
        assertEquals(
                "target b: --atomic: the tag reg.example/app:v1 is also target a's; it writes each tag once",
                assertThrows(
                                AtomicPublish.RefusedException.class,
                                () -> atomic.prepare("b", List.of(pushed), AtomicPublish.Daemon.BUILDKIT))
                        .getMessage());
    }

    @Test
    void aFailedTagIsReportedWithTheTagsWrittenAndThoseNot() {
        ImageName v1 = ImageName.parse("reg.example/app:v1");
        ImageName v2 = ImageName.parse("reg.example/app:v2");
        ImageName other = ImageName.parse("reg.example/other:v1");
        String digest = "sha256:" + "c".repeat(64);
        AtomicPublish.Outcome outcome = new AtomicPublish.Outcome(
                List.of(new AtomicPublish.TagWrite("a", v1, digest)),
                Optional.of(new AtomicPublish.TagWrite("a", v2, digest)),
                "PUT https://reg.example/v2/app/manifests/v2: HTTP 500",
                List.of(new AtomicPublish.TagWrite("b", other, digest)));

        assertEquals(
                "ERROR: target a: --atomic: writing tag reg.example/app:v2 -> " + digest
                        + " failed: PUT https://reg.example/v2/app/manifests/v2: HTTP 500\n"
                        + "ERROR: tags written (1): reg.example/app:v1 -> " + digest + "\n"
                        + "ERROR: tags not written (2): reg.example/app:v2, reg.example/other:v1\n",
                outcome.errorReport());
        assertEquals(
                List.of(
                        "reg.example/app:v1 -> " + digest,
                        "failed: reg.example/app:v2 -> " + digest
                                + ": PUT https://reg.example/v2/app/manifests/v2: HTTP 500",
                        "not written: reg.example/other:v1 -> " + digest),
                outcome.stepLines());
    }

    private String refusal(Export export, AtomicPublish.Daemon daemon) {
        return assertThrows(AtomicPublish.RefusedException.class, () -> atomic.prepare("t", List.of(export), daemon))
                .getMessage();
    }
}
