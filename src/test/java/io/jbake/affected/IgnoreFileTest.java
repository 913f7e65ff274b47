package io.jbake.affected;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFileTest {
    @TempDir
    Path dir;

    @Test
    void linesReadAsTheFrontendReadsThem() {
        assertEquals(
                List.of("node_modules", "docs", "!docs/keep.md", "a/b"),
                IgnoreFile.patterns("\uFEFF# comment\n\n  node_modules  \n/docs/\n! docs/keep.md\n a/./b\n"));
    }

    @Test
    void theDockerfilesOwnIgnoreFileWinsOverTheContexts() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "*.md\n");
        Files.createDirectories(dir.resolve("build"));
        Path dockerfile = dir.resolve("build/app.Dockerfile");

        assertEquals(true, IgnoreFile.matcher(dir, dockerfile).orElseThrow().matchesOrParentMatches("README.md"));

        Files.writeString(dir.resolve("build/app.Dockerfile.dockerignore"), "src\n");
        var own = IgnoreFile.matcher(dir, dockerfile).orElseThrow();
        assertEquals(
                List.of(false, true, true),
                List.of(
                        own.matchesOrParentMatches("README.md"),
                        own.matchesOrParentMatches("src"),
                        own.matchesOrParentMatches("src/main.c")));
    }
}
