package io.jbake.hcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jbake.fuzz.Mutator;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.json.HclJson;
import io.jbake.hcl.syntax.Expr;
import io.jbake.hcl.syntax.ExpressionFunctions;
import io.jbake.hcl.syntax.HclSyntax;
import io.jbake.hcl.syntax.SyntaxBody;
import io.jbake.hcl.syntax.TypeExpressions;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never escapes as an exception or a hang: every prefix of two seed files (native and JSON) and
 * thousands of random mutations of them ({@link Mutator}, which also makes the whole-command inputs of
 * {@code io.jbake.cli.BakeFuzzTest}) are parsed and, when they parse, evaluated. Each either succeeds or
 * yields error diagnostics that all carry a source position.
 */
class FuzzRobustnessTest {

    private int inputs;
    private int withErrors;
    private String firstErrors = "";

    @Test
    void truncationsAndMutationsGiveValuesOrPositionedDiagnostics() {
        String hcl = resource("hcl/fuzz-seed.hcl");
        String json = resource("hcl/fuzz-seed.json");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            check(hcl, false);
            check(json, true);
            assertEquals(0, withErrors, "the seed files themselves are valid: " + firstErrors);
            for (int i = 0; i <= hcl.length(); i++) {
                check(hcl.substring(0, i), false);
            }
            for (int i = 0; i <= json.length(); i++) {
                check(json.substring(0, i), true);
            }
            Random random = new Random(20261125L);
            for (int i = 0; i < 10_000; i++) {
                boolean isJson = i % 4 == 3;
                check(Mutator.mutate(isJson ? json : hcl, random), isJson);
            }
        });
        assertTrue(inputs >= 10_000, "inputs: " + inputs);
        assertTrue(withErrors > inputs / 2, "most mutated inputs are invalid: " + withErrors + " of " + inputs);
    }

    private void check(String src, boolean json) {
        inputs++;
        Diagnostics diags = new Diagnostics();
        try {
            HclFile file = json
                    ? HclJson.parseFile(src.getBytes(StandardCharsets.UTF_8), "f.json")
                    : HclSyntax.parseFile(src.getBytes(StandardCharsets.UTF_8), "f.hcl");
            diags.addAll(file.diagnostics());
            if (!diags.hasErrors()) {
                evaluateAll(file.body(), diags);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("exception for input:\n" + src, e);
        }
        if (diags.hasErrors()) {
            if (withErrors++ == 0) {
                firstErrors = diags.toString();
            }
        }
        for (Diagnostic d : diags) {
            if (d.subject() == null
                    || d.subject().start().line() < 1
                    || d.subject().start().column() < 1) {
                fail("unpositioned diagnostic " + d + " for input:\n" + src);
            }
        }
    }

    /** Evaluates every attribute of the body and of its blocks, whatever their names, JSON or native. */
    private static void evaluateAll(Body body, Diagnostics diags) {
        EvalContext ctx = context();
        if (body instanceof SyntaxBody native_) {
            for (Attribute a : native_.attributes().values()) {
                if (a.name().equals("type")) {
                    TypeExpressions.constraint((Expr) a.expr(), diags); // a type constraint, not a value
                } else {
                    a.expr().evaluate(ctx, diags);
                }
            }
            for (Block b : native_.blocks()) {
                evaluateAll(b.body(), diags);
            }
            return;
        }
        BodySchema schema = new BodySchema(
                List.of(),
                List.of(
                        new BodySchema.BlockHeaderSchema("variable", List.of("name")),
                        new BodySchema.BlockHeaderSchema("group", List.of("name")),
                        new BodySchema.BlockHeaderSchema("target", List.of("name"))));
        for (Block b : body.content(schema, diags).blocks()) {
            for (Attribute a : b.body().justAttributes(diags).values()) {
                a.expr().evaluate(ctx, diags);
            }
        }
    }

    private static EvalContext context() {
        Map<String, Function> functions = new HashMap<>(ExpressionFunctions.all());
        functions.put(
                "upper",
                Function.of(
                        "upper",
                        List.of(Parameter.of("str", Type.STRING)),
                        a -> Value.string(a.get(0).asString().toUpperCase())));
        functions.put(
                "length",
                Function.of(
                        "length",
                        List.of(Parameter.of("value", Type.DYNAMIC)),
                        a -> Value.number(a.get(0).length())));
        functions.put(
                "join",
                Function.of(
                        "join",
                        List.of(Parameter.of("sep", Type.STRING), Parameter.of("list", Type.list(Type.STRING))),
                        a -> Value.string("joined")));
        functions.put(
                "replace",
                Function.of(
                        "replace",
                        List.of(
                                Parameter.of("str", Type.STRING),
                                Parameter.of("substr", Type.STRING),
                                Parameter.of("replace", Type.STRING)),
                        a -> Value.string(a.get(0)
                                .asString()
                                .replace(a.get(1).asString(), a.get(2).asString()))));
        functions.put(
                "jsonencode",
                Function.of(
                        "jsonencode",
                        List.of(Parameter.nullable("val", Type.DYNAMIC)),
                        a -> Value.string(String.valueOf(a.get(0)))));
        Map<String, Value> vars = new HashMap<>();
        vars.put("TAG", Value.string("latest"));
        vars.put("PLATFORMS", Value.tuple(List.of(Value.string("linux/amd64"), Value.string("linux/arm64"))));
        vars.put("list", Value.tuple(List.of(Value.string("first"))));
        vars.put(
                "objs",
                Value.tuple(List.of(Value.object(
                        Map.of("name", Value.string("n"), "tags", Value.tuple(List.of(Value.string("t"))))))));
        return EvalContext.of(vars, functions);
    }

    private static String resource(String name) {
        try (InputStream in = FuzzRobustnessTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
