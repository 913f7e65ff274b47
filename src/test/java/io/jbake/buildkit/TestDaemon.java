package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
}
