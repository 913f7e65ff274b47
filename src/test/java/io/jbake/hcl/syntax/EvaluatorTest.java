package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Pos;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expression values: one row per construct, the expression and its value as {@link Value#toString()} shows it. */
class EvaluatorTest {

    static EvalContext context() {
        Map<String, Value> vars = new HashMap<>();
        vars.put("s", Value.string("str"));
        vars.put("n", Value.number(3));
        vars.put("list", Value.list(List.of(Value.string("a"), Value.string("b"))));
        vars.put(
                "objs",
                Value.tuple(List.of(
                        Value.object(
                                Map.of("name", Value.string("x"), "tags", Value.tuple(List.of(Value.string("t1"))))),
                        Value.object(
                                Map.of("name", Value.string("y"), "tags", Value.tuple(List.of(Value.string("t2"))))))));
        vars.put("m", Value.map(Map.of("k1", Value.string("v1"), "k2", Value.string("v2"))));
        vars.put("nul", Value.NULL);
        Map<String, Function> functions = new HashMap<>(ExpressionFunctions.all());
        functions.put(
                "upper",
                Function.of(
                        "upper",
                        List.of(Parameter.of("str", Type.STRING)),
                        args -> Value.string(args.get(0).asString().toUpperCase())));
        functions.put(
                "concat",
                Function.variadic(
                        "concat",
                        List.of(),
                        Parameter.of("strs", Type.STRING),
                        args -> Value.string(args.stream().map(Value::asString).collect(Collectors.joining("+")))));
        return EvalContext.of(vars, functions);
    }

    static Value eval(String src) {
        Diagnostics diags = new Diagnostics();
        Expr e = HclSyntax.parseExpression(src, "t.hcl", Pos.START, diags);
        Value v = e.evaluate(context(), diags);
        assertEquals("", diags.toString(), "diagnostics for " + src);
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '\'',
            value = {
                "1 + 2 * 3 ==> 7",
                "0.1 + 0.2 ==> 0.3",
                "12345678901234567890 ==> 12345678901234567890",
                "7 % 3 - -1 ==> 2",
                "\"1\" + 2 ==> 3",
                "1 == 1.0 ==> true",
                "1 == \"1\" ==> false",
                "!(1 < 2) || 2 >= 2 ==> true",
                "true || nosuchvar ==> true",
                "false && nosuchvar ==> false",
                "n > 2 ? \"big\" : \"small\" ==> \"big\"",
                "false ? 1 : \"2\" ==> \"2\"",
                "true ? 1 : \"2\" ==> \"1\"",
                "true ? null : 1 ==> null",
                "false ? nosuchvar : 1 ==> 1",
                "\"a-${s}-${n}\" ==> \"a-str-3\"",
                "\"${n}\" ==> 3",
                "\"%{ for x in list }${x},%{ endfor }\" ==> \"a,b,\"",
                "\"%{ if n > 5 }big%{ else }small%{ endif }\" ==> \"small\"",
                "\"a ${~ s ~} b\" ==> \"astrb\"",
                "[1, \"a\", true] ==> [1, \"a\", true]",
                "{a = 1, \"b\" = 2, (s) = 3} ==> {a = 1, b = 2, str = 3}",
                "list[1] ==> \"b\"",
                "list.0 ==> \"a\"",
                "m[\"k2\"] ==> \"v2\"",
                "m.k1 ==> \"v1\"",
                "objs[1].name ==> \"y\"",
                "objs[*].name ==> [\"x\", \"y\"]",
                "objs.*.name ==> [\"x\", \"y\"]",
                "objs[*].tags[0] ==> [\"t1\", \"t2\"]",
                "s[*] ==> [\"str\"]",
                "nul[*] ==> []",
                "[for i, v in list : \"${i}=${v}\"] ==> [\"0=a\", \"1=b\"]",
                "{for k, v in m : v => k} ==> {v1 = \"k1\", v2 = \"k2\"}",
                "{for v in [\"a\", \"b\", \"a\"] : v => v...} ==> {a = [\"a\", \"a\"], b = [\"b\"]}",
                "[for v in list : upper(v) if v != \"a\"] ==> [\"B\"]",
                "upper(s) ==> \"STR\"",
                "concat(list...) ==> \"a+b\"",
                "concat(\"x\", list...) ==> \"x+a+b\"",
                "try(nosuchvar, \"fallback\") ==> \"fallback\"",
                "can(nosuchvar) ==> false",
                "can(s) ==> true",
                "convert([1, 2], list(string)) ==> [\"1\", \"2\"]",
                "convert({a = 1}, map(string)) ==> {a = \"1\"}",
                "-n ==> -3",
            })
    void values(String src, String want) {
        assertEquals(want, eval(src).toString());
    }

    @Test
    void convertRequiresOptionalAttributesAsBuildxDoes() {
        Diagnostics diags = new Diagnostics();
        HclSyntax.parseExpression(
                        "convert({ name = \"n\" }, object({ name = string, o = optional(number) }))",
                        "t.hcl",
                        Pos.START,
                        diags)
                .evaluate(context(), diags);
        assertEquals(
                "t.hcl:1,9-10: Invalid function argument; Invalid value for \"value\" parameter: attribute "
                        + "\"o\" is required.",
                diags.toString());
    }

    @Test
    void typeConstraintsKeepOptionalAttributes() {
        Diagnostics diags = new Diagnostics();
        Type t = TypeExpressions.constraint(
                HclSyntax.parseExpression(
                        "object({ name = string, port = optional(number), tags = list(any) })",
                        "t.hcl",
                        Pos.START,
                        diags),
                diags);
        assertEquals("", diags.toString());
        assertEquals(
                Type.object(
                        Map.of("name", Type.STRING, "port", Type.NUMBER, "tags", Type.list(Type.DYNAMIC)),
                        java.util.Set.of("port")),
                t);
        TypeExpressions.constraint(
                HclSyntax.parseExpression("object({ a = optional(number, 1) })", "t.hcl", Pos.START, diags), diags);
        assertEquals(
                "t.hcl:1,22-33: Invalid type specification; Optional attribute modifier expects only one "
                        + "argument: the attribute type.",
                diags.toString());
    }

    @Test
    void conditionalUnifiesResultTypes() {
        assertEquals(Type.STRING, eval("true ? 1 : \"2\"").type());
        assertEquals(Type.list(Type.STRING), eval("convert([1], list(string))").type());
    }

    @Test
    void variablesListRootTraversalsButNotForLocals() {
        Expr ok = HclSyntax.parseExpression(
                "[for x in a.b : x + c[0] + f(d.e, {k = v})]", "t.hcl", Pos.START, new Diagnostics());
        assertEquals(
                List.of("a.b", "c[0]", "d.e", "v"),
                ok.variables().stream().map(Traversal::toString).collect(Collectors.toList()));
        assertEquals(List.of("f"), List.copyOf(ok.functionNames()));
    }

    @Test
    void lazyResolverSuppliesUnknownNames() {
        EvalContext ctx = EvalContext.of(Map.of(), Map.of());
        List<String> asked = new java.util.ArrayList<>();
        ctx.setResolver((name, range, diags) -> {
            asked.add(name + "@" + range);
            return name.equals("late") ? Value.string("resolved") : null;
        });
        Diagnostics diags = new Diagnostics();
        Value v = HclSyntax.parseExpression("\"${late}\"", "t.hcl", Pos.START, diags)
                .evaluate(ctx, diags);
        assertEquals("\"resolved\"", v.toString());
        assertEquals(List.of("late@t.hcl:1,4-8"), asked);
        HclSyntax.parseExpression("other", "t.hcl", Pos.START, diags).evaluate(ctx, diags);
        assertEquals("t.hcl:1,1-6: Unknown variable; There is no variable named \"other\".", diags.toString());
    }
}
