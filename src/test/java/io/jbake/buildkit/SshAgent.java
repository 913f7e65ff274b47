package io.jbake.buildkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH ssh-agent on a socket of the test's, kept in the foreground ({@code -D}) so it stays this
 * JVM's child and {@link #close()} ends it.
 */
public final class SshAgent implements AutoCloseable {
    private final Process process;
    private final Path socket;

    private SshAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Starts an agent listening on {@code socket}. Returns once it listens: {@code ssh-agent -D} prints its
     * {@code SSH_AUTH_SOCK=} line after binding the socket, so that line is the event waited for.
     */
    public static SshAgent start(Path socket) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            if (line.startsWith("SSH_AUTH_SOCK=")) {
                return new SshAgent(process, socket);
            }
            seen.append(line).append('\n');
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("ssh-agent did not start: " + seen);
    }

    public Path socket() {
        return socket;
    }

    /** Adds a private key with {@code ssh-add}; fails the test when ssh-add does. */
    public void add(Path key) throws IOException, InterruptedException {
        run(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", key.toString());
    }

    /**
     * Generates a key pair with ssh-keygen: the private key at {@code key}, the public one at {@code key.pub},
     * commented {@code <file name>@jbake-test}.
     */
    public static Path keygen(Path key, String type, String passphrase) throws IOException, InterruptedException {
        run(
                Map.of(),
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                key.getFileName() + "@jbake-test",
                "-f",
                key.toString());
        return key;
    }

    /**
     * Copies the machine's ssh-add with its shared libraries into {@code context}/tools, so that a busybox
     * build step that copies them to /tools can run a real agent client through the dynamic loader.
     *
     * @return the command line that runs that ssh-add in the image
     */
    public static String copySshAddInto(Path context) throws IOException, InterruptedException {
        Path tools = Files.createDirectories(context.resolve("tools"));
        Files.copy(Path.of("/usr/bin/ssh-add"), tools.resolve("ssh-add"));
        for (String line : run(Map.of(), "ldd", "/usr/bin/ssh-add").lines().toList()) {
            String[] parts = line.trim().split("\\s+");
            String library = parts.length >= 3 && parts[1].equals("=>") ? parts[2] : parts[0];
            if (library.startsWith("/")) {
                Files.copy(
                        Path.of(library).toRealPath(),
                        tools.resolve(Path.of(library).getFileName()));
            }
        }
        return "/tools/ld-linux-x86-64.so.2 --library-path /tools /tools/ssh-add";
    }

    /** Runs {@code command}; returns its output, stderr included; fails the test unless it exits 0. */
    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
