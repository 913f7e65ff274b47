package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.BuildHistoryEvent;
import io.jbake.buildkit.proto.BuildHistoryRecord;
import io.jbake.buildkit.proto.BuildHistoryRequest;
import io.jbake.buildkit.proto.BuildResultInfo;
import io.jbake.buildkit.proto.CacheOptions;
import io.jbake.buildkit.proto.CacheOptionsEntry;
import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.Descriptor;
import io.jbake.buildkit.proto.Exporter;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.WorkerRecord;
import io.jbake.buildkit.proto.gateway.Ref;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.buildkit.transport.ServedSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own work, against {@link FakeBuildKit} in process: the Solve request it assembles for a build,
 * the gateway calls, the provenance and push steps, the wording of failures. What BuildKit then does with
 * them is the daemon tests' ({@link BuildKitClientTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildKitClientInProcessTest {
    private static final Endpoint BUILDKITD = Endpoint.buildkit("tcp://buildkitd.invalid:1234", null);
    private static final Endpoint ENGINE = Endpoint.docker("unix:///nonexistent/jbake-test/docker.sock", null);
    private static final String CONTEXTS_CAP = "moby.buildkit.frontend.contexts+forward";
    private static final String SNAPSHOTTER_LABEL = "org.mobyproject.buildkit.worker.snapshotter";

    @TempDir
    Path dir;

    private final FakeBuildKit daemon;

    BuildKitClientInProcessTest() throws IOException {
        daemon = new FakeBuildKit();
    }

    @AfterEach
    void stop() throws InterruptedException {
        daemon.close();
    }

    private Path context(String name) throws Exception {
        Path context = Files.createDirectories(dir.resolve(name));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        return context;
    }

    /** A listener that keeps every status it hears. */
    private static final class Recorder implements ProgressListener {
        final List<StatusResponse> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void status(StatusResponse status) {
            statuses.add(status);
        }

        /** Each vertex update as {@code digest name [started] [completed] [error]}. */
        List<String> vertexes() {
            List<String> lines = new ArrayList<>();
            for (StatusResponse status : statuses) {
                for (Vertex v : status.getVertexesList()) {
                    lines.add(v.getDigest() + " " + v.getName() + (v.hasStarted() ? " started" : "")
                            + (v.hasCompleted() ? " completed" : "")
                            + (v.getError().isEmpty() ? "" : " error"));
                }
            }
            return lines;
        }
    }

    @Test
    void aBuildOnBuildkitdSendsTheAttrsExportersCacheAndEntitlementsAsBuildxAssemblesThem() throws Exception {
        Path context = context("app");
        BuildRequest request = BuildRequest.builder()
                .context(context)
                .target("release")
                .buildArg("VERSION", "1.2")
                .label("org.example.team", "core")
                .platforms(List.of("linux/amd64", "linux/arm64"))
                .namedContext("base", "docker-image://alpine:3.20")
                .export(new BuildRequest.Export("image", Map.of("name", "registry.example/app:1.2", "push", "true")))
                .export(new BuildRequest.Export("local", Map.of()))
                .cacheImport(new BuildRequest.CacheEntry("registry", Map.of("ref", "registry.example/app:cache")))
                .cacheExport(new BuildRequest.CacheEntry("inline", Map.of()))
                .entitlement("network.host")
                .build();
        daemon.exporterResponse = Map.of("containerimage.digest", "sha256:0123");

        BuildResult result = daemon.client(BUILDKITD).build(request, ProgressListener.NONE);

        assertEquals(1, daemon.solves.size());
        SolveRequest sent = daemon.solves.get(0);
        SolveRequest expected = SolveRequest.newBuilder()
                .setRef(result.ref())
                .setSession(sent.getSession())
                .setFrontend("dockerfile.v0")
                .putAllFrontendAttrs(Map.of(
                        "filename", "Dockerfile",
                        "target", "release",
                        "build-arg:VERSION", "1.2",
                        "label:org.example.team", "core",
                        "platform", "linux/amd64,linux/arm64",
                        "context:base", "docker-image://alpine:3.20",
                        "cache-imports", "[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"registry.example/app:cache\"}}]",
                        "frontend.caps", CONTEXTS_CAP))
                .addExporters(Exporter.newBuilder()
                        .setType("image")
                        .putAttrs("name", "registry.example/app:1.2")
                        .putAttrs("push", "true"))
                .addExporters(Exporter.newBuilder().setType("local"))
                .setExporterDeprecated("image")
                .putExporterAttrsDeprecated("name", "registry.example/app:1.2")
                .putExporterAttrsDeprecated("push", "true")
                .setCache(CacheOptions.newBuilder()
                        .addImports(CacheOptionsEntry.newBuilder()
                                .setType("registry")
                                .putAttrs("ref", "registry.example/app:cache"))
                        .addExports(CacheOptionsEntry.newBuilder().setType("inline")))
                .addEntitlements("network.host")
                .build();
        assertEquals(expected, sent);
        assertEquals(25, result.ref().length());
        assertEquals(
                new BuildResult(result.ref(), Map.of("containerimage.digest", "sha256:0123"), "remote/remote0"),
                result);
        Map<String, List<String>> headers = daemon.sessionHeaders.get(sent.getSession());
        assertEquals(
                List.of(
                        "X-Docker-Expose-Session-Uuid",
                        "X-Docker-Expose-Session-Name",
                        "X-Docker-Expose-Session-Sharedkey",
                        "X-Docker-Expose-Session-Grpc-Method"),
                List.copyOf(headers.keySet()));
        assertEquals(List.of(sent.getSession()), headers.get("X-Docker-Expose-Session-Uuid"));
        assertEquals(List.of("jbake"), headers.get("X-Docker-Expose-Session-Name"));
        assertEquals(List.of("app"), headers.get("X-Docker-Expose-Session-Sharedkey"));
        assertEquals(
                Set.of(
                        "/grpc.health.v1.Health/Check",
                        "/grpc.health.v1.Health/Watch",
                        "/moby.filesync.v1.FileSync/DiffCopy"),
                daemon.sessionMethods(sent.getSession()));
    }

    @Test
    void dockerEngineGetsItsOwnExporterAndLocalImagesAndPushesNothingWhenItsExporterDoes() throws Exception {
        daemon.workers = List.of(WorkerRecord.newBuilder()
                .setID("w0")
                .putLabels(SNAPSHOTTER_LABEL, "overlayfs")
                .build());
        BuildRequest request = BuildRequest.builder()
                .context(context("app"))
                .export(new BuildRequest.Export("image", Map.of("name", "registry.example/app", "push", "true")))
                .export(new BuildRequest.Export("docker", Map.of("name", "app:dev")))
                .build();
        BuildKitClient client = daemon.client(ENGINE);
        Recorder progress = new Recorder();

        assertTrue(client.buildsMultiPlatform());
        BuildResult result = client.build(request, progress);

        SolveRequest sent = daemon.solves.get(0);
        assertEquals(Map.of("filename", "Dockerfile", "image-resolve-mode", "local"), sent.getFrontendAttrsMap());
        assertEquals(
                List.of(
                        Exporter.newBuilder()
                                .setType("moby")
                                .putAttrs("name", "registry.example/app")
                                .putAttrs("push", "true")
                                .build(),
                        Exporter.newBuilder()
                                .setType("moby")
                                .putAttrs("name", "app:dev")
                                .build()),
                sent.getExportersList());
        assertEquals("moby", sent.getExporterDeprecated());
        assertEquals(List.of(), progress.vertexes());
        assertEquals(Map.of("buildx.build.ref", "default/default/" + result.ref()), result.metadata());
    }

    @Test
    void aPushByDigestGoesToTheContainerdStoreEnginesBuildKitImageExporter() throws Exception {
        daemon.workers = List.of(WorkerRecord.newBuilder()
                .setID("w0")
                .putLabels(SNAPSHOTTER_LABEL, "overlayfs")
                .build());
        Map<String, String> byDigest =
                Map.of("name", "registry.example/app", "push", "true", "push-by-digest", "true", "store", "false");
        BuildRequest request = BuildRequest.builder()
                .context(context("app"))
                .export(new BuildRequest.Export("image", byDigest))
                .build();
        BuildKitClient client = daemon.client(ENGINE);

        assertTrue(client.pushesByDigest());
        client.build(request, new Recorder());

        // the engine's moby exporter would add :latest to the name, which a push by digest refuses
        assertEquals(
                List.of(Exporter.newBuilder()
                        .setType("image")
                        .putAllAttrs(byDigest)
                        .build()),
                daemon.solves.get(0).getExportersList());
    }

    @Test
    void dockerEngineWithTheClassicStorePushesAfterTheBuildAsAStepOfItsOwn() throws Exception {
        daemon.workers = List.of(WorkerRecord.newBuilder().setID("w0").build());
        BuildRequest request = BuildRequest.builder()
                .context(context("app"))
                .export(new BuildRequest.Export(
                        "image", Map.of("name", "registry.example/a, registry.example/b", "push", "true")))
                .build();
        BuildKitClient client = daemon.client(ENGINE);
        Recorder progress = new Recorder();

        assertFalse(client.buildsMultiPlatform());
        assertFalse(client.pushesByDigest());
        // the engine is not there: the first push fails with its words, shown as the step's error
        BuildFailedException e = assertThrows(BuildFailedException.class, () -> client.build(request, progress));

        String ref = daemon.solves.get(0).getRef();
        assertEquals(
                List.of(
                        "push:" + ref + ":registry.example/a pushing registry.example/a with docker started",
                        "push:" + ref
                                + ":registry.example/a pushing registry.example/a with docker started completed error"),
                progress.vertexes());
        assertEquals(progress.statuses.get(1).getVertexes(0).getError(), e.getMessage());
        assertEquals("", e.sourceSnippet());
    }

    @Test
    void provenanceForTheMetadataFileIsReadFromTheBuildRecordAsAStepOfItsOwn() throws Exception {
        String predicate = "{\"builder\":{\"id\":\"\"},\"buildConfig\":{\"llbDefinition\":[]},\"metadata\":{\"x\":1},"
                + "\"materials\":[]}";
        daemon.blobs = Map.of("sha256:feed", ByteString.copyFromUtf8(predicate));
        daemon.history = List.of(BuildHistoryEvent.newBuilder()
                .setRecord(BuildHistoryRecord.newBuilder()
                        .setResult(BuildResultInfo.newBuilder()
                                .addAttestations(Descriptor.newBuilder()
                                        .setMediaType("application/vnd.in-toto+json")
                                        .setDigest("sha256:feed")
                                        .putAnnotations(
                                                "in-toto.io/predicate-type", "https://slsa.dev/provenance/v0.2"))))
                .build());
        BuildRequest request = BuildRequest.builder()
                .context(context("app"))
                .metadataProvenance(BuildProvenance.Mode.MIN)
                .build();
        Recorder progress = new Recorder();

        BuildResult result = daemon.client(BUILDKITD).build(request, progress);

        assertEquals(
                List.of(BuildHistoryRequest.newBuilder()
                        .setRef(result.ref())
                        .setEarlyExit(true)
                        .build()),
                daemon.historyRequests);
        String minimal = "{\"builder\":{\"id\":\"\"},\"materials\":[]}";
        assertEquals(
                Map.of(
                        "buildx.build.provenance",
                        Base64.getEncoder().encodeToString(minimal.getBytes(StandardCharsets.UTF_8))),
                result.exporterResponse());
        String step = "provenance:" + result.ref() + " resolving provenance for metadata file started";
        assertEquals(List.of(step, step + " completed"), progress.vertexes());
    }

    @Test
    void aCallGoesThroughTheGatewayOutOfTheHistoryAndAnswersWithTheFrontendMetadata() throws Exception {
        daemon.frontendResult = Result.newBuilder()
                .putMetadata("result.json", ByteString.copyFromUtf8("{\"warnings\":[]}"))
                .putMetadata("result.statuscode", ByteString.copyFromUtf8("0"))
                .putMetadata("version", ByteString.copyFromUtf8("1.0.0"))
                .build();
        BuildRequest request = BuildRequest.builder()
                .context(context("app"))
                .buildArg("A", "1")
                .cacheImport(new BuildRequest.CacheEntry("registry", Map.of("ref", "r/c")))
                .call("lint")
                .build();

        BuildResult result = daemon.client(BUILDKITD).build(request, ProgressListener.NONE);

        SolveRequest sent = daemon.solves.get(0);
        Map<String, String> attrs = Map.of(
                "filename", "Dockerfile",
                "build-arg:A", "1",
                "requestid", "frontend.lint",
                "frontend.caps", "moby.buildkit.frontend.subrequests+forward",
                "cache-imports", "[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"r/c\"}}]");
        assertEquals(
                SolveRequest.newBuilder()
                        .setRef(result.ref())
                        .setSession(sent.getSession())
                        .putAllFrontendAttrs(attrs)
                        .setCache(CacheOptions.newBuilder()
                                .addImports(CacheOptionsEntry.newBuilder()
                                        .setType("registry")
                                        .putAttrs("ref", "r/c")))
                        .setInternal(true)
                        .build(),
                sent);
        assertEquals(
                List.of(io.jbake.buildkit.proto.gateway.SolveRequest.newBuilder()
                        .setFrontend("dockerfile.v0")
                        .putAllFrontendOpt(attrs)
                        .setAllowResultReturn(true)
                        .setAllowResultArrayRef(true)
                        .addCacheImports(io.jbake.buildkit.proto.gateway.CacheOptionsEntry.newBuilder()
                                .setType("registry")
                                .putAttrs("ref", "r/c"))
                        .build()),
                daemon.frontendSolves);
        assertEquals(daemon.frontendResult, daemon.returned(result.ref()).getResult());
        assertEquals(
                new BuildResult(
                        result.ref(),
                        Map.of("result.json", "{\"warnings\":[]}", "result.statuscode", "0", "version", "1.0.0"),
                        "remote/remote0",
                        true),
                result);
    }

    @Test
    void aLinkedBuildReadsTheLinkedResultAsFrontendInputWithItsImageConfig() throws Exception {
        Definition definition = Definition.newBuilder()
                .addDef(ByteString.copyFromUtf8("llb-op"))
                .build();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
        daemon.frontendResult = Result.newBuilder()
                .setRef(Ref.newBuilder().setId("r1").setDef(definition))
                .putMetadata("containerimage.config", ByteString.copyFromUtf8(config))
                .build();
        BuildKitClient client = daemon.client(BUILDKITD);
        CompletableFuture<LinkedResult> linked = new CompletableFuture<>();

        BuildResult base =
                client.build(BuildRequest.builder().context(context("base")).build(), ProgressListener.NONE, result -> {
                    linked.complete(result);
                    return CompletableFuture.completedFuture(null);
                });
        client.build(
                BuildRequest.builder()
                        .context(context("app"))
                        .linkedContext("base", "target_base", linked)
                        .build(),
                ProgressListener.NONE);

        assertEquals(daemon.frontendResult, daemon.returned(base.ref()).getResult());
        SolveRequest app = daemon.solves.get(1);
        assertEquals("dockerfile.v0", app.getFrontend());
        assertEquals(Map.of("target_base", definition), app.getFrontendInputsMap());
        assertEquals(
                Map.of(
                        "filename",
                        "Dockerfile",
                        "context:base",
                        "input:target_base",
                        "input-metadata:target_base",
                        "{\"containerimage.config\":\""
                                + Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)) + "\"}",
                        "frontend.caps",
                        CONTEXTS_CAP),
                app.getFrontendAttrsMap());
    }

    @Test
    void aFailedBuildIsWordedAsBuildxWordsItWithTheDockerfileLines() throws Exception {
        String dockerfile = "FROM scratch\nRUN exit 3\n";
        String source = "{\"info\":{\"filename\":\"Dockerfile\",\"data\":\""
                + Base64.getEncoder().encodeToString(dockerfile.getBytes(StandardCharsets.UTF_8))
                + "\"},\"ranges\":[{\"start\":{\"line\":2},\"end\":{\"line\":2}}]}";
        daemon.solveFailure = com.google.rpc.Status.newBuilder()
                .setCode(2)
                .setMessage("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3")
                .addDetails(Any.newBuilder()
                        .setTypeUrl("github.com/moby/buildkit/errdefs.Source+json")
                        .setValue(ByteString.copyFromUtf8(source)))
                .addDetails(Any.newBuilder()
                        .setTypeUrl("github.com/moby/buildkit/errdefs.Subrequest+json")
                        .setValue(ByteString.copyFromUtf8("{\"name\":\"frontend.outline\"}")))
                .build();
        BuildRequest request = BuildRequest.builder().context(context("app")).build();

        BuildFailedException e = assertThrows(
                BuildFailedException.class, () -> daemon.client(BUILDKITD).build(request, ProgressListener.NONE));

        assertEquals(
                "failed to solve: unsupported request frontend.outline: process \"/bin/sh -c exit 3\" did not "
                        + "complete successfully: exit code: 3",
                e.getMessage());
        assertEquals(
                "Dockerfile:2\n"
                        + "--------------------\n"
                        + "   1 |     FROM scratch\n"
                        + "   2 | >>> RUN exit 3\n"
                        + "   3 |     \n"
                        + "--------------------\n",
                e.sourceSnippet());
    }

    @Test
    void aConnectionClosedUnderTheBuildIsALostConnectionNotAFailedBuild() throws Exception {
        daemon.solveFailure = com.google.rpc.Status.newBuilder()
                .setCode(14)
                .setMessage("Network closed for unknown reason")
                .build();
        BuildRequest request = BuildRequest.builder().context(context("app")).build();

        BuildKitException e = assertThrows(
                BuildKitException.class, () -> daemon.client(BUILDKITD).build(request, ProgressListener.NONE));

        assertFalse(e instanceof BuildFailedException);
        assertEquals(
                "lost the connection to buildkitd at tcp://buildkitd.invalid:1234: the daemon closed the connection",
                e.getMessage());
    }

    /** A failure the daemon answered: the words jbake printed when a cut of its connections failed a solve so. */
    private static final com.google.rpc.Status SESSION_GONE = com.google.rpc.Status.newBuilder()
            .setCode(2)
            .setMessage("channel closed")
            .build();

    @Test
    void aBuildFailingAfterItsSessionLostItsConnectionIsALostConnection() throws Exception {
        daemon.duringSolve = (solve, session) -> daemon.dropSessionConnection(solve.getSession(), ServedSession.CLOSED);
        daemon.solveFailure = SESSION_GONE;
        BuildRequest request = BuildRequest.builder().context(context("app")).build();

        BuildKitException e = assertThrows(
                BuildKitException.class, () -> daemon.client(BUILDKITD).build(request, ProgressListener.NONE));

        assertFalse(e instanceof BuildFailedException);
        assertEquals(
                "lost the connection to buildkitd at tcp://buildkitd.invalid:1234: the daemon closed the connection",
                e.getMessage());
    }

    @Test
    void aSessionTunnelThatFailedWithTheSocketGivesItsReason() throws Exception {
        daemon.duringSolve = (solve, session) -> daemon.dropSessionConnection(
                solve.getSession(),
                io.grpc.Status.UNAVAILABLE.withDescription("io exception").withCause(new IOException("Broken pipe")));
        daemon.solveFailure = SESSION_GONE;
        BuildRequest request = BuildRequest.builder().context(context("app")).build();

        BuildKitException e = assertThrows(
                BuildKitException.class, () -> daemon.client(ENGINE).build(request, ProgressListener.NONE));

        assertFalse(e instanceof BuildFailedException);
        assertEquals(
                "lost the connection to Docker Engine at unix:///nonexistent/jbake-test/docker.sock: Broken pipe",
                e.getMessage());
    }

    @Test
    void theSameFailureWithTheSessionConnectedIsTheBuildsFailure() throws Exception {
        daemon.solveFailure = SESSION_GONE;
        BuildRequest request = BuildRequest.builder().context(context("app")).build();

        BuildFailedException e = assertThrows(
                BuildFailedException.class, () -> daemon.client(BUILDKITD).build(request, ProgressListener.NONE));

        assertEquals("failed to solve: channel closed", e.getMessage());
    }

    @Test
    void aSessionConnectionEndingOnceTheSessionIsClosedIsNoLoss() {
        CompletableFuture<io.grpc.Status> connectionEnded = new CompletableFuture<>();
        ServedSession served = new ServedSession(() -> connectionEnded.complete(ServedSession.CLOSED), connectionEnded);
        assertEquals(Optional.empty(), served.lostConnection());

        served.close();

        assertEquals(Optional.empty(), served.lostConnection());
    }
}
