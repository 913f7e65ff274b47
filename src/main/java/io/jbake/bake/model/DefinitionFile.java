package io.jbake.bake.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One definition file as read: the name it was given by (which error messages and diagnostics
 * show) and its bytes. Also the rules that decide which files are read (bake-reference §1).
 *
 * @param name the path as given ({@code docker-bake.hcl}, {@code sub/x.json}, {@code -} for stdin)
 * @param data the file content
 */
public record DefinitionFile(String name, byte[] data) {
    /** Looked up in this order when no file is named; every one that exists is read. */
    public static final List<String> DEFAULT_NAMES = List.of(
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker-compose.yaml",
            "docker-bake.json",
            "docker-bake.hcl",
            "docker-bake.override.json",
            "docker-bake.override.hcl");

    /** Whether the name marks a compose file without looking at the content. */
    public boolean isYamlName() {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yml") || lower.endsWith(".yaml");
    }

    /**
     * The file names {@code BUILDX_BAKE_FILE} selects: split on {@code BUILDX_BAKE_PATH_SEPARATOR}
     * (default {@code :}), trimmed, empty entries dropped; every entry but {@code -} must exist.
     * Empty when the variable is unset or names nothing.
     */
    public static List<String> namesFromEnv(Map<String, String> env, Path workDir) {
        String value = env.get("BUILDX_BAKE_FILE");
        List<String> names = new ArrayList<>();
        if (value == null) {
            return names;
        }
        String sep = env.getOrDefault("BUILDX_BAKE_PATH_SEPARATOR", "");
        if (sep.isEmpty()) {
            sep = ":";
        }
        for (String entry : value.split(java.util.regex.Pattern.quote(sep), -1)) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.equals("-") && !Files.exists(workDir.resolve(name))) {
                throw new BakeException("stat " + name + ": no such file or directory");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Reads one named file: {@code -} is stdin, a {@code cwd://} prefix is dropped. Empty when the file is
     * empty, or is a default name ({@code isDefault}) that does not exist: buildx skips both.
     *
     * @throws BakeException with buildx's message when the file cannot be read
     */
    public static Optional<DefinitionFile> read(String given, Path workDir, InputStream stdin, boolean isDefault) {
        String name = nameOf(given);
        try {
            if (name.equals("-")) {
                return Optional.of(new DefinitionFile(name, stdin.readAllBytes()));
            }
            Path path = workDir.resolve(name);
            if (isDefault && !Files.exists(path)) {
                return Optional.empty();
            }
            byte[] data = Files.readAllBytes(path);
            return data.length > 0 ? Optional.of(new DefinitionFile(name, data)) : Optional.empty();
        } catch (NoSuchFileException e) {
            throw new BakeException("open " + name + ": no such file or directory");
        } catch (IOException e) {
            if (Files.isDirectory(workDir.resolve(name))) {
                throw new BakeException("read " + name + ": is a directory");
            }
            throw new BakeException("open " + name + ": " + e.getMessage());
        }
    }

    /** The name a file is read and shown by: {@code given} without a {@code cwd://} prefix. */
    public static String nameOf(String given) {
        return given.startsWith("cwd://") ? given.substring("cwd://".length()) : given;
    }
}
