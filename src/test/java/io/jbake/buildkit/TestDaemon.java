package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The daemon that {@code scripts/test-daemon.sh start} gives @Tag("daemon") tests: Docker Engine at
 * {@code DOCKER_HOST}, the {@code docker} CLI on {@code PATH}, a registry at {@code JBAKE_TEST_REGISTRY}.
 */
public final class TestDaemon {

    private TestDaemon() {}

    /** The Docker Engine endpoint from {@code DOCKER_HOST}; the test fails when it is not set. */
    public static Endpoint endpoint() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isEmpty()) {
            throw new IllegalStateException(
                    "DOCKER_HOST is not set: run eval \"$(scripts/test-daemon.sh start)\" first");
        }
        return Endpoint.docker(host, null);
    }

    /** Runs the docker CLI against the test daemon and returns its stdout; fails the test on a non-zero exit. */
    public static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 60 s");
        }
        assertEquals(0, p.exitValue(), "docker " + String.join(" ", args));
        return out;
    }

    /**
     * A pool of the test daemon's two engines for a test's commands: in {@code dir}, a buildx store whose builder
     * {@code second} (node {@code second0}, docker driver) is the containerd-store engine
     * ({@code JBAKE_TEST_CONTAINERD_DOCKER_HOST}), named by {@code BUILDX_CONFIG} in {@code env}, from which what
     * would choose another builder is removed. The test is skipped when that engine is not set.
     */
    public static void secondBuilder(Path dir, Map<String, String> env) throws IOException {
        String second = System.getenv("JBAKE_TEST_CONTAINERD_DOCKER_HOST");
        Assumptions.assumeTrue(second != null, "JBAKE_TEST_CONTAINERD_DOCKER_HOST is not set");
        Path store = Files.createDirectories(dir.resolve("buildx/instances"));
        Files.writeString(
                store.resolve("second"),
                "{\"Name\":\"second\",\"Driver\":\"docker\",\"Nodes\":[{\"Name\":\"second0\",\"Endpoint\":\"" + second
                        + "\"}]}");
        env.put("BUILDX_CONFIG", dir.resolve("buildx").toString());
        env.remove("BUILDX_BUILDER");
        env.remove("BUILDKIT_HOST");
    }
}
