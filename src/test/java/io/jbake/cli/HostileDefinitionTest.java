package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Pos;
import io.jbake.hcl.func.Stdlib;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.syntax.Expr;
import io.jbake.hcl.syntax.HclSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions that describe far more work than they are long end within seconds with one positioned error
 * line ({@link Limits}), a legitimate large definition is untouched, and an evaluation stops when its thread is
 * interrupted.
 */
class HostileDefinitionTest {
    @TempDir
    Path dir;

    private CommandRun print(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
        return CommandRun.of(dir, Map.of("PATH", "/usr/bin:/bin"), "-f", file, "--print");
    }

    /** The run failed with exit 1 and exactly one ERROR line, {@code expected}. */
    private static void assertError(String expected, CommandRun run) {
        assertEquals(1, run.code(), run.err());
        assertEquals(
                List.of("ERROR: " + expected),
                run.err().lines().filter(l -> l.startsWith("ERROR")).toList());
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void matrixOverTheLimitGivesTheCombinationCount() throws IOException {
        String values = "["
                + String.join(
                        ", ",
                        java.util.stream.IntStream.range(0, 40)
                                .mapToObj(i -> "\"v" + i + "\"")
                                .toList()) + "]";
        StringBuilder hcl = new StringBuilder(
                "target \"app\" {\n  name = \"app-${k0}-${k1}-${k2}-${k3}-${k4}-${k5}\"\n" + "  matrix = {\n");
        for (int k = 0; k < 6; k++) {
            hcl.append("    k").append(k).append(" = ").append(values).append('\n');
        }
        hcl.append("  }\n}\n");
        assertError(
                "docker-bake.hcl:3,12-10,4: Too many matrix combinations; The matrix of target \"app\" has "
                        + "4096000000 combinations (40 x 40 x 40 x 40 x 40 x 40), over jbake's limit of 10000.",
                print("docker-bake.hcl", hcl.toString()));
    }

    @Test
    void stringOverTheLimitIsAnErrorAtTheTemplate() throws IOException {
        StringBuilder hcl = new StringBuilder("variable \"v0\" {\n  default = \"xxxxxxxxxxxxxxxx\"\n}\n");
        for (int i = 1; i <= 40; i++) {
            hcl.append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = \"${v")
                    .append(i - 1)
                    .append("}${v")
                    .append(i - 1)
                    .append("}\"\n}\n");
        }
        hcl.append("target \"app\" {\n  args = { X = v40 }\n}\n");
        // v21 is the first over 16 MiB: 16 * 2^21 characters
        assertError(
                "docker-bake.hcl:65,13-27: String too long; The template would produce a string of 33554432 "
                        + "characters, over jbake's limit of 16777216.",
                print("docker-bake.hcl", hcl.toString()));
    }

    @Test
    void collectionOverTheLimitIsAnErrorAtTheCall() throws IOException {
        StringBuilder hcl = new StringBuilder("variable \"v0\" {\n  default = [\"a\"]\n}\n");
        for (int i = 1; i <= 40; i++) {
            hcl.append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = concat(v")
                    .append(i - 1)
                    .append(", v")
                    .append(i - 1)
                    .append(")\n}\n");
        }
        hcl.append("target \"app\" {\n  args = { X = length(v40) }\n}\n");
        assertError(
                "docker-bake.hcl:59,13-20: Error in function call; Call to function \"concat\" failed: the result "
                        + "would be a collection of 524288 elements, over jbake's limit of 262144.",
                print("docker-bake.hcl", hcl.toString()));
    }

    @Test
    void flattenOverTheLimitIsAnErrorAtTheCall() throws IOException {
        // flatten counts as it goes, so it stops at the first element over; the other diagnostic is buildx's
        // "Unsuitable value type" that follows any failed attribute value
        assertError(
                "docker-bake.hcl:2,23-31: Error in function call; Call to function \"flatten\" failed: the result "
                        + "would be a collection of 262145 elements, over jbake's limit of 262144., and 1 other diagnostic(s)",
                print("docker-bake.hcl", """
        target "app" {
          args = { X = length(flatten([for j in range(257): range(1024)])) }
        }
        """));
    }

    @Test
    void manyValuesUnderTheirLimitsAreOverTheEvaluationsLimit() throws IOException {
        assertError(
                "docker-bake.hcl:2,83-94: Definition too large; The definition would build more than 67108864 "
                        + "characters (an element counted as 32) in all, over jbake's limit.",
                print("docker-bake.hcl", """
        target "app" {
          args = { X = jsonencode([for a in range(1024): [for b in range(1024): [for c in range(1024): c]]]) }
        }
        """));
    }

    @Test
    void nestingOverTheLimitIsAnErrorWhereItGoesTooDeep() throws IOException {
        int n = Limits.NESTING_DEPTH + 10;
        CommandRun run = print(
                "docker-bake.hcl", "variable \"x\" {\n  default = " + repeat("(", n) + "1" + repeat(")", n) + "\n}\n");
        // the body and the attribute's expression are two levels, so the 49,999th parenthesis is one too many
        assertError(
                "docker-bake.hcl:2,50011-50012: Nesting too deep; This is nested more than 50000 levels deep, "
                        + "jbake's limit.",
                run);
    }

    @Test
    void chainsTheEvaluatorRecursesIntoCountAsNesting() throws IOException {
        CommandRun run = print("docker-bake.hcl", "variable \"x\" {\n  default = " + repeat("1 + ", 60_000) + "1\n}\n");
        // the first node found too deep: the right operand of the + 50,000 levels down, the 10,004th "1"
        assertError(
                "docker-bake.hcl:2,40025-40026: Nesting too deep; This is nested more than 50000 levels deep, "
                        + "jbake's limit.",
                run);
    }

    @Test
    void jsonNestingOverTheLimitIsAnError() throws IOException {
        int n = Limits.NESTING_DEPTH + 10;
        CommandRun run = print(
                "docker-bake.json",
                "{\"variable\": {\"x\": {\"default\": " + repeat("[", n) + "1" + repeat("]", n) + "}}}\n");
        assertError(
                "docker-bake.json:1,50029-50030: Nesting too deep; This is nested more than 50000 levels deep, "
                        + "jbake's limit.",
                run);
    }

    @Test
    void composeNestingOverGoYamlsLimitIsItsError() throws IOException {
        CommandRun run = print(
                "compose.yaml",
                "services:\n  app:\n    build: .\n    x-deep: " + repeat("[", 20_000) + "1" + repeat("]", 20_000)
                        + "\n");
        assertError(
                "failed to parse : yaml: while increasing flow level at line 4, column 10013: exceeded max depth of 10000",
                run);
    }

    @Test
    void nestingBuildxEvaluatesIsEvaluated() throws IOException {
        int n = 20_000;
        CommandRun run = print(
                "docker-bake.hcl",
                "variable \"x\" {\n  default = " + repeat("[", n) + "1" + repeat("]", n)
                        + "\n}\ntarget \"default\" {\n  args = { X = length(flatten(x)) }\n}\n");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\"X\": \"1\""), run.out());
    }

    /** bench/PrintBench.java's definition: services of a 3-value matrix, inherits, a user function, stdlib calls. */
    /**
     * 60,000 variables, each a list of the one before: the last is a value nested 60,000 deep, and --print, which
     * shows none of them, takes time in proportion (the variables were described for --list=variables on every
     * command, each as JSON as large as its value: minutes of work for a file of 2.6 MB).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLongChainOfVariablesIsEvaluatedOnceEach() throws IOException {
        int count = 60_000;
        StringBuilder hcl = new StringBuilder("variable \"v0\" {\n  default = \"x\"\n}\n");
        for (int i = 1; i < count; i++) {
            hcl.append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = [v")
                    .append(i - 1)
                    .append("]\n}\n");
        }
        hcl.append("target \"default\" {\n  args = { DEPTH = length(flatten(v")
                .append(count - 1)
                .append(")) }\n}\n");

        CommandRun run = print("docker-bake.hcl", hcl.toString());

        assertEquals(0, run.code(), run.err());
        JsonObject target = JsonParser.parseString(run.out())
                .getAsJsonObject()
                .getAsJsonObject("target")
                .getAsJsonObject("default");
        assertEquals("1", target.getAsJsonObject("args").get("DEPTH").getAsString());
    }

    @Test
    void aLargeLegitimateDefinitionPrintsAsBefore() throws IOException {
        int services = 1000;
        StringBuilder hcl = new StringBuilder("""
        variable "REGISTRY" {
          default = "registry.example.com/acme"
        }
        variable "VERSION" {
          default = "1.4.2"
        }
        variable "CHANNEL" {
          default = "stable-${VERSION}"
        }
        function "image" {
          params = [name, variant]
          result = "${REGISTRY}/${name}:${VERSION}-v${variant}"
        }
        target "base-a" {
          args = { VERSION = VERSION, CHANNEL = CHANNEL }
        }
        """);
        for (int s = 1; s <= services; s++) {
            String service = "svc-" + s;
            hcl.append("target \"")
                    .append(service)
                    .append("\" {\n")
                    .append("  inherits = [\"base-a\"]\n")
                    .append("  matrix = {\n    v = [\"1\", \"2\", \"3\"]\n  }\n")
                    .append("  name = \"")
                    .append(service)
                    .append("-${v}\"\n")
                    .append("  tags = [image(\"")
                    .append(service)
                    .append("\", v), \"${REGISTRY}/")
                    .append(service)
                    .append(":latest-${v}\"]\n")
                    .append("  args = {\n")
                    .append("    ID    = format(\"%s-%05d\", upper(\"svc\"), ")
                    .append(s)
                    .append(")\n")
                    .append("    TRACK = join(\"/\", [CHANNEL, split(\".\", VERSION)[0], \"v${v}\"])\n")
                    .append("  }\n}\n");
        }
        hcl.append("group \"default\" {\n  targets = [")
                .append(String.join(
                        ", ",
                        java.util.stream.IntStream.rangeClosed(1, services)
                                .mapToObj(s -> "\"svc-" + s + "\"")
                                .toList()))
                .append("]\n}\n");
        CommandRun run = print("docker-bake.hcl", hcl.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject targets = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("target");
        assertEquals(3 * services, targets.size());
        for (int s = 1; s <= services; s++) {
            for (int v = 1; v <= 3; v++) {
                JsonObject t = targets.getAsJsonObject("svc-" + s + "-" + v);
                JsonArray tags = t.getAsJsonArray("tags");
                assertEquals(
                        "registry.example.com/acme/svc-" + s + ":1.4.2-v" + v,
                        tags.get(0).getAsString());
                assertEquals(
                        "registry.example.com/acme/svc-" + s + ":latest-" + v,
                        tags.get(1).getAsString());
                JsonObject args = t.getAsJsonObject("args");
                assertEquals(String.format("SVC-%05d", s), args.get("ID").getAsString());
                assertEquals("stable-1.4.2/1/v" + v, args.get("TRACK").getAsString());
                assertEquals("1.4.2", args.get("VERSION").getAsString());
            }
        }
    }

    @Test
    void anInterruptedEvaluationThrowsCancelled() throws Exception {
        // well under every limit, and minutes of work: a billion small values, most of them dropped by the condition
        Expr slow = HclSyntax.parseExpression(
                "length([for a in range(1000): length([for b in range(1000): [for c in range(1000): c if c < 0]])])",
                "slow.hcl",
                new Pos(1, 1, 0),
                new Diagnostics());
        EvalContext ctx = EvalContext.of(new HashMap<>(), Stdlib.functions());
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            started.countDown();
            try {
                slow.evaluate(ctx, new Diagnostics());
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        thread.start();
        started.await();
        Thread.sleep(200); // well into the evaluation
        long interrupted = System.nanoTime();
        thread.interrupt();
        Throwable t = ended.get(10, TimeUnit.SECONDS);
        assertInstanceOf(Cancellation.Cancelled.class, t);
        assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(10));
    }
}
