package io.jbake.affected;

import io.jbake.buildkit.filesync.PatternMatcher;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code .dockerignore} the Dockerfile frontend applies to a target's context: {@code <Dockerfile>.dockerignore}
 * beside the Dockerfile when there is one, else {@code .dockerignore} at the context's root; its lines read as
 * the frontend reads them (comments and blank lines skipped, each pattern cleaned, a leading {@code /} dropped)
 * and matched by the context upload's own {@link PatternMatcher}.
 */
final class IgnoreFile {
    private IgnoreFile() {}

    /** The files that can decide a target's exclusions, whether or not they exist: the Dockerfile's own first. */
    static List<Path> candidates(Path contextDir, Path dockerfile) {
        List<Path> files = new ArrayList<>(2);
        if (dockerfile != null) {
            files.add(dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore"));
        }
        files.add(contextDir.resolve(".dockerignore"));
        return files;
    }

    /**
     * The exclusions of the context in the working tree, empty when no ignore file applies; an unreadable or
     * invalid one excludes nothing, so that every change counts (the build reports the file's error).
     */
    static Optional<PatternMatcher> matcher(Path contextDir, Path dockerfile) {
        for (Path file : candidates(contextDir, dockerfile)) {
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(
                            PatternMatcher.compile(patterns(Files.readString(file, StandardCharsets.UTF_8))));
                } catch (IOException | IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The patterns of an ignore file's text, in order, exceptions with their {@code !}. */
    static List<String> patterns(String text) {
        List<String> patterns = new ArrayList<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            pattern = GoLib.cleanPath(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            patterns.add(exception ? "!" + pattern : pattern);
        }
        return patterns;
    }
}
