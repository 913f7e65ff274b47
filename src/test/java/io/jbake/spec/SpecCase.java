package io.jbake.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One conformance case: a folder {@code spec-tests/cases/<area>/<name>/} holding the input files of a
 * bake invocation next to the files that describe it. The format is documented in
 * {@code spec-tests/README.md}; {@code spec-tests/generate.sh} reads the same folders. The fuzz tests
 * ({@code io.jbake.fuzz.BakeFuzzer}) take their inputs as seeds.
 */
public record SpecCase(String id, Path dir) {

    /** Files of the case folder that describe the case; every other file is an input of the run. */
    public static final Set<String> RESERVED = Set.of(
            "args",
            "env",
            "stdin",
            "compare",
            "NOTE",
            "MANUAL",
            "REFERENCE",
            "expected.stdout",
            "expected.stderr",
            "expected.exit",
            "expected.excerpt");

    /**
     * Where the reference ran every case: {@code <REFERENCE_ROOT>/<area>/<name>} was its working
     * directory. The runner copies cases elsewhere (several people run the suite at once) and writes
     * this root in place of its own before comparing, so absolute paths in outputs still match.
     */
    static final String REFERENCE_ROOT = "/tmp/jbake-spec";

    /**
     * The environment every case starts from, before the case's own {@code env} file is added. The
     * generator gives the reference the same HOME; its PATH and DOCKER_* differ, which is why cases
     * must not use variables of those names.
     */
    static final Map<String, String> BASE_ENV = Map.of(
            "HOME", "/home/spec",
            "PATH", "/usr/local/bin:/usr/bin:/bin");

    /** How stdout is compared with {@code expected.stdout} (file {@code compare}). */
    enum Comparison {
        /** byte for byte */
        EXACT,
        /**
         * as the multiset of its lines, each stripped of one trailing comma: for outputs whose line order
         * the reference leaves to Go map iteration (matrix expansion with several keys)
         */
        UNORDERED_LINES
    }

    /** All cases under {@code casesRoot}, ordered by id. */
    public static List<SpecCase> discover(Path casesRoot) {
        try (Stream<Path> files = Files.walk(casesRoot)) {
            return files.filter(p -> p.getFileName().toString().equals("args") && Files.isRegularFile(p))
                    .map(Path::getParent)
                    .map(dir ->
                            new SpecCase(casesRoot.relativize(dir).toString().replace('\\', '/'), dir))
                    .sorted((a, b) -> a.id.compareTo(b.id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command-line arguments: one per line of {@code args}, verbatim. */
    public List<String> args() {
        return readLines("args");
    }

    /** {@link #BASE_ENV} plus the {@code KEY=VALUE} lines of {@code env} (blank and {@code #} lines skipped). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(BASE_ENV);
        if (Files.exists(dir.resolve("env"))) {
            for (String line : readLines("env")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(id + "/env: expected KEY=VALUE, got: " + line);
                }
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    public byte[] stdin() {
        return readBytesIfPresent("stdin").orElse(new byte[0]);
    }

    Comparison comparison() {
        return readStringIfPresent("compare")
                .map(s -> Comparison.valueOf(s.strip().toUpperCase().replace('-', '_')))
                .orElse(Comparison.EXACT);
    }

    String expectedStdout() {
        return readStringIfPresent("expected.stdout").orElse("");
    }

    int expectedExit() {
        return Integer.parseInt(readStringIfPresent("expected.exit").orElse("0").strip());
    }

    /** The messages the reference printed after {@code ERROR: }, one per line; empty for a success. */
    List<String> expectedErrors() {
        return Files.exists(dir.resolve("expected.stderr")) ? readLines("expected.stderr") : List.of();
    }

    /** The source excerpts the reference printed before its error message; empty when it printed none. */
    String expectedExcerpt() {
        return readStringIfPresent("expected.excerpt").orElse("");
    }

    /** Copies the input files (everything but {@link #RESERVED}) into {@code workDir}, which must not exist. */
    void copyInputsTo(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = dir.relativize(source);
                if (relative.toString().isEmpty()
                        || (relative.getNameCount() == 1 && RESERVED.contains(relative.toString()))) {
                    continue;
                }
                Path target = workDir.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private List<String> readLines(String name) {
        String text = readStringIfPresent(name).orElse("");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private Optional<String> readStringIfPresent(String name) {
        return readBytesIfPresent(name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Optional<byte[]> readBytesIfPresent(String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
