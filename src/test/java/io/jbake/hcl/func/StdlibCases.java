package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Table-driven stdlib cases. A {@code .cases} resource holds lines {@code NAME <TAB> ARGS-JSON <TAB> EXPECTED};
 * EXPECTED is "= JSON" (the result's jsonencode) or "! DETAIL" (the diagnostic detail HCL renders from the
 * failure). The expectations were produced by {@code scripts/stdlib-expectations.py} from buildx 0.29.1
 * ({@code docker buildx bake --print} of {@code jsonencode(NAME(ARGS))}), so each case is a reference result.
 */
final class StdlibCases {

    private StdlibCases() {}

    static Stream<DynamicTest> from(String resource, List<Function> functions) {
        Map<String, Function> byName = new HashMap<>();
        for (Function f : functions) {
            byName.put(f.name(), f);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines(resource)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", 3);
            Function f = byName.get(cols[0]);
            tests.add(DynamicTest.dynamicTest(cols[0] + "(" + cols[1] + ")", () -> {
                assertNotNull(f, "no function " + cols[0]);
                // a panic's detail continues with a Go stack on further lines; the reference line holds the first
                assertEquals(cols[2], outcome(f, args(cols[1])).split("\n", 2)[0]);
            }));
        }
        return tests.stream();
    }

    /** What the call gives, rendered like the expectation column. */
    static String outcome(Function f, List<Value> args) {
        Value result;
        try {
            result = f.call(args);
        } catch (FunctionException e) {
            if (e.isArgumentError()) {
                return "! Invalid value for \""
                        + f.parameterFor(e.argumentIndex()).name() + "\" parameter: " + e.getMessage() + ".";
            }
            return "! Call to function \"" + f.name() + "\" failed: " + e.getMessage() + ".";
        }
        try {
            return "= " + Json.encode(result);
        } catch (FunctionException e) {
            return "! Call to function \"jsonencode\" failed: " + e.getMessage() + ".";
        }
    }

    private static List<Value> args(String json) {
        return new ArrayList<>(
                Json.decode(json).elements().stream().map(StdlibCases::arg).toList());
    }

    /** An argument; {"__type": T, "v": X} is X converted to type T, as {@code convert(X, T)} in HCL. */
    private static Value arg(Value v) {
        if (v.type().isObject() && v.attributes().containsKey("__type")) {
            return Convert.convert(
                    arg(v.attributes().get("v")),
                    type(v.attributes().get("__type").asString()));
        }
        return v;
    }

    static Type type(String s) {
        s = s.trim();
        switch (s) {
            case "string":
                return Type.STRING;
            case "number":
                return Type.NUMBER;
            case "bool":
                return Type.BOOL;
            case "any":
                return Type.DYNAMIC;
            default:
                String inner = s.substring(s.indexOf('(') + 1, s.length() - 1);
                if (s.startsWith("list(")) {
                    return Type.list(type(inner));
                }
                if (s.startsWith("set(")) {
                    return Type.set(type(inner));
                }
                if (s.startsWith("map(")) {
                    return Type.map(type(inner));
                }
                throw new IllegalArgumentException("type " + s);
        }
    }

    private static List<String> lines(String resource) {
        try (InputStream in = StdlibCases.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
