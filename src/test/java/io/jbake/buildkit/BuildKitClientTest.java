package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.progress.ProgressDisplay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Builds on the real Docker Engine of scripts/test-daemon.sh. */
@Tag("daemon")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BuildKitClientTest {

    private static BuildKitClient client;

    @BeforeAll
    static void connect() {
        client = BuildKitClient.connect(TestDaemon.endpoint());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** Runs {@code request} with plain progress; returns the result, the progress text in {@code log[0]}. */
    private static BuildResult build(BuildRequest request, String[] log) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressDisplay display = ProgressDisplay.create("plain", out, false)) {
            return client.build(request, display.forBuild(null));
        } finally {
            log[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void dockerExporterLoadsTheTaggedImageWithArgsAndLabels(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("Dockerfile"),
                "FROM busybox:local\n"
                        + "ARG GREETING=unset\n"
                        + "RUN echo \"$GREETING\" > /greeting && echo built $GREETING\n");
        String tag = "jbake-test/args:" + System.nanoTime();
        BuildRequest request = BuildRequest.builder()
                .context(dir)
                .buildArg("GREETING", "hello-from-jbake")
                .label("org.jbake.test", "labelled")
                .noCache()
                .export(new BuildRequest.Export("docker", Map.of("name", tag)))
                .build();
        String[] log = new String[1];
        BuildResult result = build(request, log);

        assertTrue(result.exporterResponse().get("containerimage.digest").startsWith("sha256:"), result.toString());
        assertEquals("default/default/" + result.ref(), result.metadata().get("buildx.build.ref"));
        assertEquals("hello-from-jbake\n", TestDaemon.docker("run", "--rm", "--network=none", tag, "cat", "/greeting"));
        assertEquals(
                "labelled\n",
                TestDaemon.docker("image", "inspect", "--format", "{{index .Config.Labels \"org.jbake.test\"}}", tag));
        assertTrue(log[0].contains("#1 [internal] load build definition from Dockerfile\n"), log[0]);
        // the step name shows the argument's value, as buildx does
        assertTrue(
                log[0].matches(
                        "(?s).*#\\d+ \\[2/2\\] RUN echo \"hello-from-jbake\" > /greeting && echo built hello-from-jbake\n"
                                + "#\\d+ \\d+\\.\\d{3} built hello-from-jbake\n#\\d+ DONE \\d+\\.\\ds\n.*"),
                log[0]);
        TestDaemon.docker("image", "rm", tag);
    }

    @Test
    void failingRunReportsTheDaemonErrorTheLogsAndTheDockerfileLines(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("Dockerfile.fail"),
                "FROM busybox:local\n" + "RUN echo fail-line1; sleep 0.2; echo fail-line2 >&2; exit 3\n");
        BuildRequest request = BuildRequest.builder()
                .context(dir)
                .dockerfile(dir.resolve("Dockerfile.fail"))
                .noCache()
                .build();
        String[] log = new String[1];
        BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(request, log));

        assertEquals(
                "failed to solve: process \"/bin/sh -c echo fail-line1; sleep 0.2; echo fail-line2 >&2; exit 3\" did not complete "
                        + "successfully: exit code: 3",
                e.getMessage());
        assertEquals(
                "Dockerfile.fail:2\n"
                        + "--------------------\n"
                        + "   1 |     FROM busybox:local\n"
                        + "   2 | >>> RUN echo fail-line1; sleep 0.2; echo fail-line2 >&2; exit 3\n"
                        + "   3 |     \n"
                        + "--------------------\n",
                e.sourceSnippet());
        String summary = log[0].substring(log[0].indexOf("------\n"));
        assertTrue(
                summary.matches("------\n > \\[2/2\\] RUN echo fail-line1; sleep 0.2; echo fail-line2 >&2; exit 3:\n"
                        + "\\d+\\.\\d{3} fail-line1\n\\d+\\.\\d{3} fail-line2\n------\n"),
                summary);
        assertTrue(
                log[0].contains(
                        " ERROR: process \"/bin/sh -c echo fail-line1; sleep 0.2; echo fail-line2 >&2; exit 3\" did not "
                                + "complete successfully: exit code: 3\n"),
                log[0]);
    }

    @Test
    void directoriesSeveralBuildsReadAreServedBySharedSessionsOneLocalNamePerSession(@TempDir Path dir)
            throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path lone = Files.createDirectories(dir.resolve("lone"));
        BuildRequest.Builder app1 = BuildRequest.builder().context(app);
        BuildRequest.Builder app2 = BuildRequest.builder().context(app).dockerfile(lone.resolve("Dockerfile"));
        BuildRequest.Builder lib1 = BuildRequest.builder().context(lib);
        BuildRequest.Builder lib2 = BuildRequest.builder().context(lib).namedContextDir("assets", app);
        BuildRequest.Builder alone = BuildRequest.builder().context(lone);

        try (SharedLocalDirs shared = client.shareLocalDirs(List.of(app1, app2, lib1, lib2, alone))) {
            assertEquals(2, shared.sessions());
            BuildRequest a1 = app1.build();
            BuildRequest a2 = app2.build();
            BuildRequest l1 = lib1.build();
            BuildRequest l2 = lib2.build();
            BuildRequest one = alone.build();

            String s0 = a1.frontendAttrs().get("local-sessionid:context");
            String s1 = l1.frontendAttrs().get("local-sessionid:context");
            assertTrue(s0 != null && s1 != null && !s0.equals(s1), s0 + " " + s1);
            Path appDir = app.toAbsolutePath().normalize();
            // app as context: app1 and app2; app as Dockerfile directory: app1 only, so from its own session
            assertEquals(Map.of("dockerfile", appDir), a1.localDirs());
            assertEquals(null, a1.frontendAttrs().get("local-sessionid:dockerfile"));
            // lone/ as Dockerfile directory: app2 and alone, from the first session, which has no "dockerfile" yet
            assertEquals(Map.of(), a2.localDirs());
            assertEquals(s0, a2.frontendAttrs().get("local-sessionid:context"));
            assertEquals(s0, a2.frontendAttrs().get("local-sessionid:dockerfile"));
            assertEquals(Map.of("context", lone.toAbsolutePath().normalize()), one.localDirs());
            assertEquals(s0, one.frontendAttrs().get("local-sessionid:dockerfile"));
            // lib as context and Dockerfile directory: lib1 and lib2, from a second session (the first has both names)
            assertEquals(Map.of(), l1.localDirs());
            assertEquals(s1, l1.frontendAttrs().get("local-sessionid:dockerfile"));
            assertEquals(Map.of("assets", appDir), l2.localDirs());
            assertEquals(s1, l2.frontendAttrs().get("local-sessionid:context"));
            assertEquals(s1, l2.frontendAttrs().get("local-sessionid:dockerfile"));
        }
    }
}
