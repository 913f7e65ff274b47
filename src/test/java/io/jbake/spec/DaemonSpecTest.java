package io.jbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance cases that need a daemon ({@code spec-tests/daemon-cases}, same format as
 * {@code spec-tests/cases}): run through {@link Main#run} against the test daemon at {@code DOCKER_HOST},
 * their stdout and exit code compared with what buildx 0.29.1 printed against the same daemon
 * ({@code SPEC_CASES=spec-tests/daemon-cases SPEC_DOCKER_HOST=... spec-tests/generate.sh}).
 *
 * <p>LLB definitions in a frontend's result (the {@code "definition"} of each lint source) hold the
 * build's session id, new at every run; they are compared as {@value #MASK} on both sides.
 */
@Tag("daemon")
class DaemonSpecTest {
    private static final Path CASES = Path.of("spec-tests", "daemon-cases").toAbsolutePath();
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    private static final String MASK = "\"definition\": (LLB of this run)";

    private static Path runRoot;

    static Stream<SpecCase> cases() {
        String filter = System.getProperty("spec.filter", "");
        return SpecCase.discover(CASES).stream().filter(c -> c.id().contains(filter));
    }

    @BeforeAll
    static void setUp() throws IOException {
        runRoot = Files.createTempDirectory("jbake-daemon-spec-").toRealPath();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(runRoot)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Exit code and outputs of one run (the run directory written as the reference's), and that directory. */
    private record Run(int exit, String stdout, String stderr, Path workDir) {}

    private static Run run(SpecCase specCase, List<String> extraArgs) throws IOException {
        Path workDir = runRoot.resolve(specCase.id() + "-" + System.nanoTime());
        specCase.copyInputsTo(workDir);
        Map<String, String> env = new java.util.LinkedHashMap<>(specCase.environment());
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.isEmpty()) {
            throw new IllegalStateException("DOCKER_HOST is not set: source /tmp/testenv.sh first");
        }
        env.put("DOCKER_HOST", dockerHost);
        List<String> args = new ArrayList<>(specCase.args());
        args.addAll(extraArgs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = assertTimeoutPreemptively(
                    TIME_LIMIT,
                    () -> Main.run(
                            args.toArray(String[]::new),
                            env,
                            workDir,
                            new ByteArrayInputStream(specCase.stdin()),
                            outStream,
                            errStream));
        }
        return new Run(exit, asReference(out, workDir), asReference(err, workDir), workDir);
    }

    private static String asReference(ByteArrayOutputStream stream, Path workDir) {
        return stream.toString(StandardCharsets.UTF_8).replace(workDir.toString(), SpecCase.REFERENCE_ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(SpecCase specCase) throws IOException {
        Run run = run(specCase, List.of());
        String context = "\n--- stderr ---\n" + run.stderr();
        assertEquals(maskDefinitions(specCase.expectedStdout()), maskDefinitions(run.stdout()), "stdout" + context);
        assertEquals(specCase.expectedExit(), run.exit(), "exit code" + context);
        for (String message : specCase.expectedErrors()) {
            if (!run.stderr().contains(message)) {
                fail("stderr lacks the reference's error message\n  expected: " + message + context);
            }
        }
    }

    /**
     * {@code --metadata-file} of a bake where two targets lint and one builds: the linting targets' entries
     * are the frontend's result (result.json as JSON, result.txt, result.statuscode, version) with no
     * {@code buildx.build.ref}, as buildx 0.29.1 wrote them (its file for the same case is the resource
     * next to this class); the built target has its build ref.
     */
    @Test
    void metadataFileHoldsTheCallResultsWithoutBuildRef() throws IOException {
        SpecCase mixed = SpecCase.discover(CASES).stream()
                .filter(c -> c.id().equals("call/mixed"))
                .findFirst()
                .orElseThrow();
        Run run = run(mixed, List.of("--metadata-file", "metadata.json"));
        assertEquals(mixed.expectedExit(), run.exit(), run.stderr());
        String metadata = Files.readString(run.workDir().resolve("metadata.json"));
        String reference;
        try (var in = DaemonSpecTest.class.getResourceAsStream("call-mixed.metadata.json")) {
            reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the built target's entry (its build ref and provenance) is run-specific: compare the call entries
        assertEquals(
                maskDefinitions(entriesOf(reference, "lint", "one")),
                maskDefinitions(entriesOf(metadata, "lint", "one")));
        if (!metadata.contains("  \"app\": {\n") || !metadata.contains("\"buildx.build.ref\": \"default/default/")) {
            fail("the built target's entry has its build ref:\n" + metadata);
        }
    }

    /** The entries of {@code targets} in a metadata file (two-space indented JSON), in file order. */
    private static String entriesOf(String metadata, String... targets) {
        StringBuilder entries = new StringBuilder();
        for (String target : targets) {
            int start = metadata.indexOf("\n  \"" + target + "\": {");
            int end = metadata.indexOf("\n  }", start);
            if (start < 0 || end < 0) {
                fail("no entry for " + target + " in:\n" + metadata);
            }
            entries.append(metadata, start, end + 4);
        }
        return entries.toString();
    }

    /** {@code text} with every {@code "definition": {...}} object (multi-line, indented) replaced by {@link #MASK}. */
    static String maskDefinitions(String text) {
        StringBuilder out = new StringBuilder();
        String closing = null;
        for (String line : text.split("\n", -1)) {
            if (closing != null) {
                if (line.equals(closing) || line.equals(closing + ",")) {
                    out.append(line.endsWith(",") ? "," : "").append('\n');
                    closing = null;
                }
                continue;
            }
            String trimmed = line.stripLeading();
            if (trimmed.equals("\"definition\": {")) {
                String indent = line.substring(0, line.length() - trimmed.length());
                out.append(indent).append(MASK);
                closing = indent + "}";
                continue;
            }
            out.append(line).append('\n');
        }
        return out.substring(0, Math.max(0, out.length() - 1));
    }
}
