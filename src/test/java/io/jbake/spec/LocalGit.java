package io.jbake.spec;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Git repositories for the remote definition tests: a directory committed as one repository, a bare clone of
 * it to serve, and {@code git daemon} serving bare repositories on 127.0.0.1 (Debian's git).
 */
final class LocalGit implements AutoCloseable {
    private final Process daemon;
    private final int port;

    private LocalGit(Process daemon, int port) {
        this.daemon = daemon;
        this.port = port;
    }

    /** Runs git in {@code dir} and returns what it printed; fails the test when git fails. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
        return output;
    }

    /**
     * Makes {@code work} a repository with one commit of all its files on branch {@code main}, tagged with
     * {@code tags}, and a bare clone of it {@code served/<name>}.
     *
     * @return the commit
     */
    static String commitAndClone(Path work, Path served, String name, String... tags)
            throws IOException, InterruptedException {
        git(work, "init", "-q", "-b", "main");
        git(work, "add", "-A");
        git(work, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "init");
        for (String tag : tags) {
            git(work, "tag", tag);
        }
        Files.createDirectories(served);
        git(
                served,
                "clone",
                "-q",
                "--bare",
                work.toString(),
                served.resolve(name).toString());
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** Serves the bare repositories in {@code served} with git daemon on a free port, once it answers. */
    static LocalGit serve(Path served, String probeRepository) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process daemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--export-all",
                        "--listen=127.0.0.1",
                        "--port=" + port,
                        "--base-path=" + served,
                        served.toString())
                .redirectErrorStream(true)
                .redirectOutput(served.resolveSibling("git-daemon.log").toFile())
                .start();
        LocalGit git = new LocalGit(daemon, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Process probe = new ProcessBuilder("git", "ls-remote", git.url(probeRepository))
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor() == 0) {
                return git;
            }
            if (System.nanoTime() > deadline) {
                git.close();
                throw new IllegalStateException("git daemon does not answer on " + git.url(probeRepository));
            }
            Thread.sleep(100);
        }
    }

    int port() {
        return port;
    }

    /** {@code git://127.0.0.1:<port>/<repository>}. */
    String url(String repository) {
        return "git://127.0.0.1:" + port + "/" + repository;
    }

    @Override
    public void close() {
        daemon.descendants().forEach(ProcessHandle::destroy);
        daemon.destroy();
    }

    /** Deletes {@code dir} and all in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
