package io.jbake.buildkit.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirWalkerTest {
    @TempDir
    Path root;

    /** The .dockerignore of {@link #tree()}, as the dockerfile frontend turns it into exclude-patterns. */
    private static final List<String> DOCKERIGNORE = List.of(
            "**/*.go",
            "!a/sub/z.go",
            "logs",
            "node_modules",
            "!node_modules/keep",
            "b/*.md",
            "!b/keep.md",
            "docs/**/*.md",
            "!docs/README.md");

    private void tree() throws IOException {
        for (String dir : List.of("a/sub", "b/deep", "node_modules/m", "node_modules/keep", "logs", "docs/guide")) {
            Files.createDirectories(root.resolve(dir));
        }
        for (String file : List.of(
                "a/x.txt",
                "a/y.go",
                "a/sub/z.go",
                "a.txt",
                "a-b",
                "b/keep.md",
                "b/drop.md",
                "b/deep/keep.md",
                "node_modules/m/index.js",
                "node_modules/keep/this.js",
                "logs/1.log",
                "docs/README.md",
                "docs/guide/intro.md",
                "Dockerfile",
                ".dockerignore")) {
            Files.writeString(root.resolve(file), file);
        }
        Files.createSymbolicLink(root.resolve("link"), Path.of("a/x.txt"));
    }

    private List<String> paths(LocalDirWalker walker) throws IOException {
        List<String> paths = new ArrayList<>();
        walker.walk((file, stat) -> paths.add(stat.getPath()));
        return paths;
    }

    @Test
    void listsDepthFirstInByteOrderWithoutTheRoot() throws IOException {
        tree();
        assertEquals(
                List.of(
                        ".dockerignore",
                        "Dockerfile",
                        "a",
                        "a/sub",
                        "a/sub/z.go",
                        "a/x.txt",
                        "a/y.go",
                        "a-b",
                        "a.txt",
                        "b",
                        "b/deep",
                        "b/deep/keep.md",
                        "b/drop.md",
                        "b/keep.md",
                        "docs",
                        "docs/README.md",
                        "docs/guide",
                        "docs/guide/intro.md",
                        "link",
                        "logs",
                        "logs/1.log",
                        "node_modules",
                        "node_modules/keep",
                        "node_modules/keep/this.js",
                        "node_modules/m",
                        "node_modules/m/index.js"),
                paths(LocalDirWalker.create(root, List.of(), List.of(), List.of())));
    }

    @Test
    void dockerignoreExclusionsMatchTheReferenceBuild() throws IOException {
        tree();
        // the same set docker buildx 0.29.1 put into the image for this tree and .dockerignore (`find /ctx`)
        assertEquals(
                List.of(
                        ".dockerignore",
                        "Dockerfile",
                        "a",
                        "a/sub",
                        "a/sub/z.go",
                        "a/x.txt",
                        "a-b",
                        "a.txt",
                        "b",
                        "b/deep",
                        "b/deep/keep.md",
                        "b/keep.md",
                        "docs",
                        "docs/README.md",
                        "docs/guide",
                        "link",
                        "node_modules",
                        "node_modules/keep",
                        "node_modules/keep/this.js"),
                paths(LocalDirWalker.create(root, List.of(), DOCKERIGNORE, List.of())));
    }

    @Test
    void includePatternsKeepAncestorsOfMatches() throws IOException {
        tree();
        assertEquals(
                List.of("a", "a/sub", "a/sub/z.go", "a/y.go", "b", "b/keep.md"),
                paths(LocalDirWalker.create(root, List.of("**/*.go", "b/keep.md"), List.of(), List.of())));
    }

    @Test
    void followPathsResolveSymlinkChainsInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/Dockerfile"), "FROM scratch\n");
        Files.writeString(root.resolve("other"), "x");
        Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("real/Dockerfile"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/real"));
        assertEquals(
                List.of("Dockerfile", "real", "real/Dockerfile"),
                paths(LocalDirWalker.create(
                        root, List.of(), List.of(), List.of("Dockerfile", "Dockerfile.dockerignore"))));
        // an absolute target is taken relative to the transfer root, never the host's /real
        assertEquals(
                List.of("abs", "real", "real/Dockerfile"),
                paths(LocalDirWalker.create(root, List.of(), List.of(), List.of("abs/Dockerfile"))));
        // a missing follow path gives an empty transfer, not the whole directory
        assertEquals(List.of(), paths(LocalDirWalker.create(root, List.of(), List.of(), List.of(".dockerignore"))));
    }

    @Test
    void statCarriesGoModesNanosecondsAndLinks() throws IOException {
        Path dir = Files.createDirectory(root.resolve("d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(root.resolve("f"), "hello");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T03:04:05.123456789Z")));
        Files.createSymbolicLink(root.resolve("l"), Path.of("f"));
        Files.createLink(root.resolve("hard"), file);

        List<Stat> stats = new ArrayList<>();
        LocalDirWalker.create(root, List.of(), List.of(), List.of()).walk((f, stat) -> stats.add(stat));

        assertEquals(
                List.of("d", "f", "hard", "l", "run.sh"),
                stats.stream().map(Stat::getPath).toList());
        assertEquals(0x800001ED, stats.get(0).getMode()); // Go ModeDir|0755
        assertEquals(0, stats.get(0).getSize());
        assertEquals(0644, stats.get(1).getMode());
        assertEquals(5, stats.get(1).getSize());
        assertEquals(1704164645123456789L, stats.get(1).getModTime());
        assertEquals(0, stats.get(1).getUid());
        assertEquals(0, stats.get(1).getGid());
        assertEquals("", stats.get(1).getLinkname());
        // the second name of an inode travels as a hard link to the first
        assertEquals("f", stats.get(2).getLinkname());
        assertEquals(0, stats.get(2).getSize());
        assertEquals(0x080001FF, stats.get(3).getMode()); // Go ModeSymlink|0777
        assertEquals("f", stats.get(3).getLinkname());
        assertEquals(1, stats.get(3).getSize());
        assertEquals(0755, stats.get(4).getMode());
        assertTrue(FileModes.isRegular(stats.get(4).getMode()));
    }

    @Test
    void excludedDirectoriesAreNotDescendedWithoutExceptions() throws IOException {
        Files.createDirectories(root.resolve("secret"));
        Path locked = Files.createDirectories(root.resolve("secret/locked"));
        Files.writeString(root.resolve("kept"), "");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assertEquals(List.of("kept"), paths(LocalDirWalker.create(root, List.of(), List.of("secret"), List.of())));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
