package io.jbake.affected;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository in a test's directory, worked on with the real {@code git} under an environment that
 * reads no user or system configuration; the same environment is the one jbake runs with.
 */
final class GitFixture {
    private final Path dir;
    private final Map<String, String> env;

    /** A fixture in {@code dir}; {@code env} gets git's settings (and {@code PATH} when it has none). */
    GitFixture(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
        env.putIfAbsent("PATH", System.getenv("PATH"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
    }

    /** {@code git init} with the branch {@code main}. */
    void init() throws IOException, InterruptedException {
        git("init", "-q", "-b", "main");
    }

    void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    void commitAll(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    /** Runs {@code git args} in the repository; it must succeed. */
    void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "git " + String.join(" ", args) + ": " + output);
    }
}
