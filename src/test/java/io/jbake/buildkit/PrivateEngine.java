package io.jbake.buildkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker Engine of the test's own ({@code scripts/test-daemon.sh start-extra SLOT}), for tests that kill or
 * restart their daemon, which must never happen to the shared one of {@link TestDaemon}. {@link #close()}
 * stops it, and what a killed engine left running.
 */
public final class PrivateEngine implements AutoCloseable {
    private final int slot;
    private final String host;

    private PrivateEngine(int slot, String host) {
        this.slot = slot;
        this.host = host;
    }

    /** Starts (or reuses) the engine of {@code slot} (2 to 254; a slot is one engine, one bridge). */
    public static PrivateEngine start(int slot) throws IOException, InterruptedException {
        return new PrivateEngine(slot, script("start-extra", slot));
    }

    /** Its {@code DOCKER_HOST}, {@code unix:///...docker.sock}. */
    public String host() {
        return host;
    }

    /** Kills its dockerd with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() throws IOException {
        long pid = Long.parseLong(
                Files.readString(Path.of(host.substring("unix://".length())).resolveSibling("dockerd.pid"))
                        .trim());
        ProcessHandle dockerd = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no dockerd " + pid));
        dockerd.destroyForcibly();
        dockerd.onExit().join();
    }

    /** Starts its dockerd again (after {@link #kill()}); it takes over the containerd the killed one left. */
    public void restart() throws IOException, InterruptedException {
        script("start-extra", slot);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop-extra", slot);
    }

    /** Runs {@code scripts/test-daemon.sh <command> <slot>} and gives its last line of output. */
    private static String script(String command, int slot) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("scripts/test-daemon.sh", command, Integer.toString(slot))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("scripts/test-daemon.sh " + command + " " + slot + " failed: " + out);
        }
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
