package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.func.FunctionException;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluation error messages, pinned to the first error buildx 0.29.1 prints for the same docker-bake.hcl
 * ({@code docker buildx bake --print}). The target's {@code args} attribute is evaluated with a few
 * functions declared as cty declares them (parameter names matter: they appear in the messages)
 * and the variables the file declares.
 */
class EvalErrorsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "ambiguous",
                        "target \"a\" {\n  args = { a.b = 1 }\n}\n",
                        "docker-bake.hcl:2,12-15: Ambiguous attribute key; If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal."),
                Arguments.of(
                        "arg_count",
                        "target \"a\" {\n  args = { x = upper() }\n}\n",
                        "docker-bake.hcl:2,22-23: Not enough function arguments; Function \"upper\" expects 1 argument(s). Missing value for \"str\"."),
                Arguments.of(
                        "arg_many",
                        "target \"a\" {\n  args = { x = upper(\"a\", \"b\") }\n}\n",
                        "docker-bake.hcl:2,28-29: Too many function arguments; Function \"upper\" expects only 1 argument(s)."),
                Arguments.of(
                        "arg_type",
                        "target \"a\" {\n  args = { x = upper([1]) }\n}\n",
                        "docker-bake.hcl:2,22-23: Invalid function argument; Invalid value for \"str\" parameter: string required, but have tuple."),
                Arguments.of(
                        "attr_missing",
                        "target \"a\" {\n  args = { x = {a = 1}.b }\n}\n",
                        "docker-bake.hcl:2,23-25: Unsupported attribute; This object does not have an attribute named \"b\"."),
                Arguments.of(
                        "cond_type",
                        "target \"a\" {\n  args = { x = \"x\" ? 1 : 2 }\n}\n",
                        "docker-bake.hcl:2,16-19: Incorrect condition type; The condition expression must be of type bool."),
                Arguments.of(
                        "cond_types",
                        "target \"a\" {\n  args = { x = true ? [1] : {a = 1} }\n}\n",
                        "docker-bake.hcl:2,23-36: Inconsistent conditional result types; The true and false result expressions must have consistent types. The 'true' value is tuple, but the 'false' value is object."),
                Arguments.of(
                        "convert_bad",
                        "target \"a\" {\n  args = { x = convert(\"a\", number) }\n}\n",
                        "docker-bake.hcl:2,25-26: Invalid function argument; Invalid value for \"value\" parameter: a number is required."),
                Arguments.of(
                        "convert_type",
                        "target \"a\" {\n  args = { x = convert(\"a\", strin) }\n}\n",
                        "docker-bake.hcl:2,29-34: Invalid type specification; The keyword \"strin\" is not a valid type specification."),
                Arguments.of(
                        "dup_key",
                        "target \"a\" {\n  args = { for v in [\"a\", \"a\"] : v => v }\n}\n",
                        "docker-bake.hcl:2,34-35: Duplicate object key; Two different items produced the key \"a\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key."),
                Arguments.of(
                        "expand_bad",
                        "target \"a\" {\n  args = { x = max(1...) }\n}\n",
                        "docker-bake.hcl:2,20-21: Invalid expanding argument value; The expanding argument (indicated by ...) must be of a tuple, list, or set type."),
                Arguments.of(
                        "fn_fail",
                        "target \"a\" {\n  args = { x = element([], 0) }\n}\n",
                        "docker-bake.hcl:2,16-24: Error in function call; Call to function \"element\" failed: cannot use element function with an empty list."),
                Arguments.of(
                        "for_null",
                        "target \"a\" {\n  args = { x = [for v in null : v] }\n}\n",
                        "docker-bake.hcl:2,26-30: Iteration over null value; A null value cannot be used as the collection in a 'for' expression."),
                Arguments.of(
                        "index_len",
                        "target \"a\" {\n  args = { x = [1, 2][2] }\n}\n",
                        "docker-bake.hcl:2,22-25: Invalid index; The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection."),
                Arguments.of(
                        "index_oob",
                        "target \"a\" {\n  args = { x = [1, 2][5] }\n}\n",
                        "docker-bake.hcl:2,22-25: Invalid index; The given key does not identify an element in this collection value."),
                Arguments.of(
                        "null_interp",
                        "target \"a\" {\n  args = { x = \"a${null}\" }\n}\n",
                        "docker-bake.hcl:2,20-24: Invalid template interpolation value; The expression result is null. Cannot include a null value in a string template."),
                Arguments.of(
                        "operand",
                        "target \"a\" {\n  args = { x = 1 + \"a\" }\n}\n",
                        "docker-bake.hcl:2,20-23: Invalid operand; Unsuitable value for right operand: a number is required."),
                Arguments.of(
                        "splat_null",
                        "variable \"v\" {\n  type = list(string)\n  default = null\n}\ntarget \"a\" {\n  args = { x = v[*] }\n}\n",
                        "docker-bake.hcl:6,16-17: Splat of null value; Splat expressions (with the * symbol) cannot be applied to null sequences."),
                Arguments.of(
                        "tmpl_list",
                        "target \"a\" {\n  args = { x = \"a${[1]}\" }\n}\n",
                        "docker-bake.hcl:2,20-23: Invalid template interpolation value; Cannot include the given value in a string template: string required, but have tuple."),
                Arguments.of(
                        "try_fail",
                        "target \"a\" {\n  args = { x = try(foo, bar.baz) }\n}\n",
                        "docker-bake.hcl:2,16-20: Error in function call; Call to function \"try\" failed: no expression succeeded:\n- Unknown variable (at docker-bake.hcl:2,20-23)\n  There is no variable named \"foo\".\n- Unknown variable (at docker-bake.hcl:2,25-28)\n  There is no variable named \"bar\".\n\nAt least one expression must produce a successful result."),
                Arguments.of(
                        "unary",
                        "target \"a\" {\n  args = { x = -\"a\" }\n}\n",
                        "docker-bake.hcl:2,17-20: Invalid operand; Unsuitable value for unary operand: a number is required."),
                Arguments.of(
                        "unknown_func",
                        "target \"a\" {\n  args = { x = uper(\"a\") }\n}\n",
                        "docker-bake.hcl:2,16-20: Call to unknown function; There is no function named \"uper\". Did you mean \"upper\"?"),
                Arguments.of(
                        "unknown_var",
                        "target \"a\" {\n  args = { x = \"${foo}\" }\n}\n",
                        "docker-bake.hcl:2,19-22: Unknown variable; There is no variable named \"foo\"."),
                Arguments.of(
                        "unknown_var_suggest",
                        "variable \"fooo\" {\n  default = \"1\"\n}\ntarget \"a\" {\n  args = { x = foo }\n}\n",
                        "docker-bake.hcl:5,16-19: Unknown variable; There is no variable named \"foo\". Did you mean \"fooo\"?"));
    }

    static EvalContext context(String src) {
        Map<String, Function> functions = new HashMap<>(ExpressionFunctions.all());
        functions.put(
                "upper",
                Function.of(
                        "upper",
                        List.of(Parameter.of("str", Type.STRING)),
                        args -> Value.string(args.get(0).asString().toUpperCase())));
        functions.put(
                "max", Function.variadic("max", List.of(), Parameter.of("numbers", Type.NUMBER), args -> args.get(0)));
        functions.put(
                "element",
                Function.of(
                        "element",
                        List.of(Parameter.of("list", Type.DYNAMIC), Parameter.of("index", Type.NUMBER)),
                        args -> {
                            if (args.get(0).length() == 0) {
                                throw new FunctionException("cannot use element function with an empty list");
                            }
                            return args.get(0).elements().get(0);
                        }));
        Map<String, Value> variables = new HashMap<>();
        if (src.contains("variable \"fooo\"")) {
            variables.put("fooo", Value.string("1"));
        }
        variables.put("v", Value.nullOf(Type.list(Type.STRING)));
        return EvalContext.of(variables, functions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesBuildx(String name, String src, String want) {
        HclFile file = HclSyntax.parseFile(src, "docker-bake.hcl");
        assertEquals("", file.diagnostics().toString());
        SyntaxBody body = (SyntaxBody) file.body();
        Block target = body.blocks().stream()
                .filter(b -> b.type().equals("target"))
                .findFirst()
                .orElseThrow();
        Attribute args = ((SyntaxBody) target.body()).attributes().get("args");
        Diagnostics diags = new Diagnostics();
        args.expr().evaluate(context(src), diags);
        assertEquals(want, String.valueOf(diags.firstError()));
    }
}
