package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Stdlib;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Heredocs (with indentation stripping and directives), strip markers, number printing and splats in one
 * bake file; the expected strings are the {@code args} buildx 0.29.1 prints for it.
 */
class TemplateValuesTest {

    private static final String FILE = String.join(
            "\n",
            "variable \"L\" {",
            "  default = [\"a\", \"b\"]",
            "}",
            "target \"a\" {",
            "  args = {",
            "    H1 = <<-EOT",
            "      line1",
            "        indented",
            "      ${L[0]} interp",
            "    EOT",
            "    H2 = <<EOT",
            "  keep  ${L[1]}",
            "EOT",
            "    H3 = <<-EOT",
            "    %{ for x in L ~}",
            "    - ${x}",
            "    %{ endfor ~}",
            "    end",
            "    EOT",
            "    S1 = \"a %{ if true ~} yes %{~ else ~} no %{~ endif } b\"",
            "    N1 = 1.0 / 3",
            "    N2 = 2e3 + 0.5",
            "    N3 = -7 % 3",
            "    B1 = 1 == 1.0",
            "    C1 = true ? 1 : \"x\"",
            "    T1 = join(\",\", [for i, v in L : \"${i}${v}\"])",
            "    M1 = jsonencode({for k, v in {b = 1, a = 2} : k => v})",
            "    SP = jsonencode([{n = \"x\"}, {n = \"y\"}][*].n)",
            "    U  = \"\\u00e9\\t|\"",
            "  }",
            "}",
            "");

    @Test
    void argsMatchBuildx() {
        HclFile file = HclSyntax.parseFile(FILE, "docker-bake.hcl");
        assertEquals("", file.diagnostics().toString());
        SyntaxBody body = (SyntaxBody) file.body();
        Map<String, Function> functions = new HashMap<>(Stdlib.functions());
        functions.putAll(ExpressionFunctions.all());
        EvalContext ctx =
                EvalContext.of(Map.of("L", Value.tuple(List.of(Value.string("a"), Value.string("b")))), functions);
        Block target = body.blocks().get(1);
        Attribute args = ((SyntaxBody) target.body()).attributes().get("args");
        Diagnostics diags = new Diagnostics();
        Value v = args.expr().evaluate(ctx, diags);
        assertEquals("", diags.toString());
        Map<String, String> got = new TreeMap<>();
        v.attributes()
                .forEach((k, x) -> got.put(k, Convert.convert(x, Type.STRING).asString()));
        Map<String, String> want = new TreeMap<>();
        want.put("B1", "true");
        want.put("C1", "1");
        want.put("H1", "line1\n  indented\na interp\n");
        want.put("H2", "  keep  b\n");
        want.put("H3", "    - a\n    - b\n    end\n");
        want.put("M1", "{\"a\":2,\"b\":1}");
        want.put(
                "N1",
                "0.333333333333333333333333333333333333333333333333333333333333333333333333333333"
                        + "33333333333333333333333333333333333333333333333333333333333333333333333333335");
        want.put("N2", "2000.5");
        want.put("N3", "-1");
        want.put("S1", "a yes b");
        want.put("SP", "[\"x\",\"y\"]");
        want.put("T1", "0a,1b");
        want.put("U", "\u00e9\t|");
        assertEquals(want, got);
    }
}
