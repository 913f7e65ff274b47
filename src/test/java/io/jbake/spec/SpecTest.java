package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: runs every case of {@code spec-tests/cases} through {@link Main#run} in-process
 * and compares stdout, the exit code, the error messages and the source excerpt before them with what
 * the reference {@code docker buildx bake} produced (see {@code spec-tests/README.md}).
 *
 * <p>Cases listed in {@code spec-tests/known-failures.txt} are still run: a failure is reported as
 * skipped (never as passed), and a pass fails the test so that the list is shortened.
 *
 * <p>System properties: {@code spec.filter} (a substring of the case ids to run) and {@code spec.record}
 * (ignore the known-failures list and write the ids of all failing cases to
 * {@code target/spec-tests-failing.txt}, which {@code spec-tests/record-known-failures.sh} turns into
 * the new list).
 */
class SpecTest {
    private static final Path SPEC_DIR = Path.of("spec-tests").toAbsolutePath();
    private static final Path KNOWN_FAILURES = SPEC_DIR.resolve("known-failures.txt");
    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final boolean RECORD = Boolean.getBoolean("spec.record");
    private static final String EXCERPT_RULE = "--------------------";

    private static final Set<String> failing = Collections.synchronizedSet(new TreeSet<>());
    private static Path runRoot;
    private static Set<String> knownFailures;

    static Stream<SpecCase> cases() {
        String filter = System.getProperty("spec.filter", "");
        return SpecCase.discover(SPEC_DIR.resolve("cases")).stream().filter(c -> c.id().contains(filter));
    }

    @BeforeAll
    static void setUp() throws IOException {
        knownFailures = readKnownFailures();
        runRoot = Files.createTempDirectory("jbake-spec-").toRealPath();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        deleteRecursively(runRoot);
        if (RECORD && System.getProperty("spec.filter", "").isEmpty()) {
            Path out = Path.of("target", "spec-tests-failing.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, failing);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(SpecCase specCase) throws Exception {
        boolean known = !RECORD && knownFailures.contains(specCase.id());
        AssertionError mismatch = null;
        try {
            check(specCase);
        } catch (AssertionError e) {
            mismatch = e;
        } catch (Exception | StackOverflowError e) {
            mismatch = new AssertionError("jbake threw " + e, e);
        }
        if (mismatch != null) {
            failing.add(specCase.id());
        }
        if (known) {
            if (mismatch == null) {
                fail(specCase.id() + " passes now: remove it from spec-tests/known-failures.txt");
            }
            Assumptions.abort("known failure: " + firstLine(mismatch.getMessage()));
        }
        if (mismatch != null) {
            throw mismatch;
        }
    }

    /** Every listed known failure names an existing case, so that the list cannot rot. */
    @Test
    void knownFailuresNameExistingCases() {
        Set<String> ids = new TreeSet<>();
        SpecCase.discover(SPEC_DIR.resolve("cases")).forEach(c -> ids.add(c.id()));
        List<String> unknown = new ArrayList<>(knownFailures);
        unknown.removeAll(ids);
        assertEquals(List.of(), unknown, "known-failures.txt lists cases that do not exist");
    }

    private static void check(SpecCase specCase) throws IOException {
        Path workDir = runRoot.resolve(specCase.id());
        specCase.copyInputsTo(workDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = assertTimeoutPreemptively(
                    TIME_LIMIT,
                    () -> Main.run(
                            specCase.args().toArray(String[]::new),
                            specCase.environment(),
                            workDir,
                            new ByteArrayInputStream(specCase.stdin()),
                            outStream,
                            errStream));
        }
        String stdout = asReference(out);
        String stderr = asReference(err);
        String context = "\n--- stderr ---\n" + stderr;

        switch (specCase.comparison()) {
            case EXACT -> assertEquals(specCase.expectedStdout(), stdout, "stdout" + context);
            case UNORDERED_LINES ->
                assertEquals(
                        unorderedLines(specCase.expectedStdout()),
                        unorderedLines(stdout),
                        "stdout lines (order ignored)" + context);
        }
        assertEquals(specCase.expectedExit(), exit, "exit code" + context);
        for (String message : specCase.expectedErrors()) {
            if (!stderr.contains(message)) {
                fail("stderr lacks the reference's error message\n  expected: " + message + context);
            }
        }
        String excerpt = specCase.expectedExcerpt();
        assertEquals(excerpt, sourceExcerpts(stderr), "source excerpt" + context);
        if (!excerpt.isEmpty() && !stderr.contains(excerpt + "ERROR: ")) {
            fail("the source excerpt does not come right before the error message" + context);
        }
    }

    /**
     * The source excerpts in {@code stderr}, as {@code generate.sh} extracts them from the reference's:
     * each is the line before a rule of dashes, the rule, and every line up to the next rule.
     */
    private static String sourceExcerpts(String stderr) {
        StringBuilder excerpts = new StringBuilder();
        String previous = null;
        boolean inside = false;
        for (String line : stderr.split("\n", -1)) {
            if (inside) {
                excerpts.append(line).append('\n');
                inside = !line.equals(EXCERPT_RULE);
            } else if (line.equals(EXCERPT_RULE) && previous != null) {
                excerpts.append(previous).append('\n').append(line).append('\n');
                inside = true;
            } else {
                previous = line;
            }
        }
        return excerpts.toString();
    }

    /** The output with this run's root replaced by the root the reference ran under. */
    private static String asReference(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8).replace(runRoot.toString(), SpecCase.REFERENCE_ROOT);
    }

    private static List<String> unorderedLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
        }
        Collections.sort(lines);
        return lines;
    }

    private static Set<String> readKnownFailures() {
        try {
            Set<String> ids = new TreeSet<>();
            for (String line : Files.readAllLines(KNOWN_FAILURES)) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
