package io.jbake.hcl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.BodyContent;
import io.jbake.hcl.BodySchema;
import io.jbake.hcl.BodySchema.AttributeSchema;
import io.jbake.hcl.BodySchema.BlockHeaderSchema;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docker-bake.json read through schemas; expected values and messages from buildx 0.29.1. */
class JsonSyntaxTest {

    private static final BodySchema ROOT = new BodySchema(
            List.of(),
            List.of(
                    new BlockHeaderSchema("variable", List.of("name")),
                    new BlockHeaderSchema("target", List.of("name"))));
    private static final BodySchema TARGET =
            new BodySchema(List.of(new AttributeSchema("args", false), new AttributeSchema("tags", false)), List.of());

    private static EvalContext context() {
        return EvalContext.of(
                Map.of("TAG", Value.string("v1")),
                Map.of(
                        "upper",
                        Function.of(
                                "upper",
                                List.of(Parameter.of("str", Type.STRING)),
                                a -> Value.string(a.get(0).asString().toUpperCase()))));
    }

    /** The file's diagnostics, then the target's attributes evaluated, as "name=value" lines or the first error. */
    private static String read(String json) {
        HclFile file = HclJson.parseFile(json, "docker-bake.json");
        Diagnostics diags = file.diagnostics();
        if (diags.hasErrors()) {
            return diags.firstError().toString();
        }
        BodyContent root = file.body().content(ROOT, diags);
        StringBuilder sb = new StringBuilder();
        for (Block b : root.blocks()) {
            if (!b.type().equals("target")) {
                continue;
            }
            BodyContent target = b.body().partialContent(TARGET, diags).content();
            for (Attribute a : target.attributes().values()) {
                Value v = a.expr().evaluate(context(), diags);
                sb.append(b.labels().get(0))
                        .append('.')
                        .append(a.name())
                        .append('=')
                        .append(v)
                        .append(';');
            }
        }
        return diags.hasErrors() ? diags.firstError().toString() : sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '\'',
            value = {
                "'{\"target\": {\"app\": {\"args\": {\"A\": \"x-${TAG}\", \"${TAG}\": \"k\", \"N\": 5, \"B\": true},"
                        + " \"tags\": [\"a:${upper(TAG)}\"]}}}' ==> 'app.args={A = \"x-v1\", B = true, N = 5, v1 = \"k\"};"
                        + "app.tags=[\"a:V1\"];'",
                "'{\n  \"target\": {\n    \"app\": {\n      \"args\": {\"A\": \"x-${NOPE}\"}\n    }\n  }\n}\n' ==> "
                        + "'docker-bake.json:4,26-30: Unknown variable; There is no variable named \"NOPE\".'",
                "'{\n  \"target\": {\n    \"app\": {\n      \"args\": {\"A\": \"x\",}\n    }\n  }\n}\n' ==> "
                        + "'docker-bake.json:4,24-25: Trailing comma in object; JSON does not permit a trailing comma after "
                        + "the final property in an object.'",
                "'{\n  \"target\": {\n    \"app\": {\n      \"args\": {\"A\": \"x-${\"}\n    }\n  }\n}\n' ==> "
                        + "'docker-bake.json:4,26-26: Missing expression; Expected the start of an expression, but found the "
                        + "end of the file.'",
                "'{\n  \"target\": {\n    \"app\": {\n      \"args\": {\"A\": \"x\\qy\"}\n    }\n  }\n}\n' ==> "
                        + "'docker-bake.json:4,25-26: Invalid JSON string; There is a syntax error in the given JSON string.'",
                "'{\"target\": [{\"a\": {\"tags\": [\"1\"]}}, {\"b\": [{\"tags\": [\"2\"]}, {\"tags\": [\"3\"]}]}]}' ==> "
                        + "'a.tags=[\"1\"];b.tags=[\"2\"];b.tags=[\"3\"];'",
                "'{\"target\": {\"a\": {\"//\": \"comment\", \"tags\": [\"x\"]}}}' ==> 'a.tags=[\"x\"];'",
            })
    void matchesBuildx(String json, String want) {
        assertEquals(want, read(json));
    }

    @Test
    void stringsAreTemplatesForAnalysisToo() {
        HclFile file = HclJson.parseFile("{\"a\": [\"${x.y}\", {\"${k}\": \"${f(z)}\"}]}", "t.json");
        Attribute a = file.body().justAttributes(new Diagnostics()).get("a");
        assertEquals(
                List.of("x.y", "k", "z"),
                a.expr().variables().stream().map(Traversal::toString).collect(Collectors.toList()));
        assertEquals(List.of("f"), List.copyOf(a.expr().functionNames()));
        assertEquals(
                "[\"${x.y}\", {${k} = \"${f(z)}\"}]",
                a.expr().evaluate(null, new Diagnostics()).toString());
    }

    @Test
    void unknownPropertyIsReportedByContent() {
        HclFile file = HclJson.parseFile("{\"targt\": {}}", "t.json");
        Diagnostics diags = new Diagnostics();
        file.body().content(ROOT, diags);
        assertEquals(
                "t.json:1,2-9: Extraneous JSON object property; No argument or block type is named \"targt\". "
                        + "Did you mean \"target\"?",
                diags.toString());
    }
}
