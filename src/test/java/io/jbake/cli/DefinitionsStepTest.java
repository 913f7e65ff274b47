package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code [internal] load local bake definitions} step, which buildx 0.29.1 shows on stderr in every
 * bake: one that builds (after its builder line), one that fails before building (before the error), and
 * {@code --print} and {@code --list} (no builder line). Each expected text is the reference's stderr for
 * the same files and arguments ({@code --progress=plain}); step times are matched by shape.
 */
class DefinitionsStepTest {

    private static final String BUILDER = "#0 building with \"default\" instance using docker driver\n\n";

    @TempDir
    Path dir;

    private CommandRun jbake(Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_BAKE_FILE");
        env.remove("BUILDKIT_PROGRESS");
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                dir,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private CommandRun jbake(String... args) {
        return jbake(Map.of(), "", args);
    }

    /** {@code expected} with every {@code TIME} standing for a step time ({@code 0.0s}). */
    private static void assertStderr(String expected, CommandRun run) {
        assertTrue(
                Pattern.compile(Pattern.quote(expected).replace("TIME", "\\E\\d+\\.\\ds\\Q"))
                        .matcher(run.err())
                        .matches(),
                run.toString());
    }

    private void writeBakeFile(String hcl) throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), hcl);
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:local\n");
    }

    @Test
    @Tag("daemon")
    void missingContextFailsAfterTheStep() throws Exception {
        TestDaemon.endpoint();
        writeBakeFile("target \"default\" {\n  context = \"nope\"\n}\n");

        CommandRun run = jbake("--progress=plain");

        assertEquals(1, run.code(), run.toString());
        assertEquals("", run.out());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 40B / 40B done
        #1 DONE TIME
        ERROR: unable to prepare context: path "nope" not found
        """, run);
    }

    @Test
    @Tag("daemon")
    void definitionErrorsComeAfterTheStepAndBeforeTheirExcerpt() throws Exception {
        TestDaemon.endpoint();
        writeBakeFile("target \"default\" {\n  context = \n}\n");

        CommandRun syntax = jbake("--progress=plain");

        assertEquals(1, syntax.code(), syntax.toString());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 34B / 34B done
        #1 DONE TIME
        docker-bake.hcl:2
        --------------------
           1 |     target "default" {
           2 | >>>   context =\s
           3 | >>> }
           4 |    \s
        --------------------
        ERROR: docker-bake.hcl:2,13-3,1: Invalid expression; Expected the start of an expression, but found an \
        invalid expression token.
        """, syntax);

        writeBakeFile("target \"default\" {\n}\n");
        CommandRun unknown = jbake("--progress=plain", "nope");
        assertEquals(1, unknown.code(), unknown.toString());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 21B / 21B done
        #1 DONE TIME
        ERROR: failed to find target nope
        """, unknown);
    }

    @Test
    @Tag("daemon")
    void missingFilesAreShownWithoutSize() throws Exception {
        TestDaemon.endpoint();
        writeBakeFile("target \"default\" {\n}\n");

        CommandRun missing = jbake("--progress=plain", "-f", "docker-bake.hcl", "-f", "missing.hcl");
        assertEquals(1, missing.code(), missing.toString());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 21B / 21B done
        #1 reading missing.hcl done
        #1 DONE TIME
        ERROR: open missing.hcl: no such file or directory
        """, missing);

        Files.delete(dir.resolve("docker-bake.hcl"));
        CommandRun none = jbake("--progress=plain");
        assertEquals(1, none.code(), none.toString());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 DONE TIME
        ERROR: couldn't find a bake definition
        """, none);
    }

    /**
     * buildx's report also suggests the full command line when its own holds the word {@code bake}; jbake's
     * ({@code jbake --progress=plain}) does not, so, as buildx would, the report leaves it out.
     */
    @Test
    @Tag("daemon")
    void missingGrantsAreReportedAfterTheStep() throws Exception {
        TestDaemon.endpoint();
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("docker-bake.hcl"), "target \"default\" {\n  context = \"..\"\n}\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("BUILDX_BAKE_ENTITLEMENTS_FS");

        CommandRun run = CommandRun.of(project, env, "--progress=plain");

        assertEquals(1, run.code(), run.toString());
        assertStderr(BUILDER + """
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 38B / 38B done
        #1 DONE TIME
        Your build is requesting privileges for following possibly insecure capabilities:

         - Read access to path ..

        Pass "--allow=fs.read=.." to grant requested privileges.

        To disable filesystem entitlements checks, you can set BUILDX_BAKE_ENTITLEMENTS_FS=0 .

        ERROR: additional privileges requested
        """, run);
    }

    @Test
    void printAndListShowTheStepWithoutBuilder() throws Exception {
        writeBakeFile("target \"default\" {\n}\n");

        CommandRun print = jbake("--print", "--progress=plain");
        assertEquals(0, print.code(), print.toString());
        assertTrue(print.out().startsWith("{\n  \"group\": {"), print.out());
        assertStderr("""
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 21B / 21B done
        #1 DONE TIME
        """, print);

        CommandRun list = jbake("--list=targets", "--progress=plain");
        assertEquals(new CommandRun(0, "TARGET\tDESCRIPTION\ndefault\t\n", list.err()), list);
        assertStderr("""
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 21B / 21B done
        #1 DONE TIME
        """, list);

        CommandRun badList = jbake("--list=bogus", "--progress=plain");
        assertEquals(1, badList.code(), badList.toString());
        assertStderr("""
        #1 [internal] load local bake definitions
        #1 reading docker-bake.hcl 21B / 21B done
        #1 DONE TIME
        ERROR: invalid list type "bogus"
        """, badList);

        assertEquals(new CommandRun(0, print.out(), ""), jbake("--print", "--progress=quiet"));
        assertEquals(
                new CommandRun(1, "", "ERROR: invalid progress mode fancy\n"), jbake("--print", "--progress=fancy"));
    }

    @Test
    void stdinAndFilesFromTheEnvironmentAreNamedAsBuildxNamesThem() throws Exception {
        writeBakeFile("target \"default\" {\n}\n");

        CommandRun stdin = jbake(Map.of(), "target \"x\" {}\n", "-f", "-", "--print", "x", "--progress=plain");
        assertEquals(0, stdin.code(), stdin.toString());
        assertStderr("""
        #1 [internal] load local bake definitions
        #1 reading from stdin 14B done
        #1 DONE TIME
        """, stdin);

        CommandRun fromEnv = jbake(Map.of("BUILDX_BAKE_FILE", "docker-bake.hcl"), "", "--print", "--progress=plain");
        assertEquals(0, fromEnv.code(), fromEnv.toString());
        assertStderr("""
        #1 [internal] load local bake definitions from BUILDX_BAKE_FILE env
        #1 reading docker-bake.hcl 21B / 21B done
        #1 DONE TIME
        """, fromEnv);
    }
}
