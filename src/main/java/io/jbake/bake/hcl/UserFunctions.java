package io.jbake.bake.hcl;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Expression;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.FunctionException;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code function} blocks as HCL's {@code ext/userfunc} defines them: dynamically typed
 * parameters, an optional variadic parameter bound as a tuple, and a result expression evaluated
 * in the global scope plus the parameters.
 */
final class UserFunctions {
    private UserFunctions() {}

    static Function create(String name, List<String> params, String variadic, Expression result, EvalContext scope) {
        List<Function.Parameter> parameters = new ArrayList<>();
        params.forEach(p -> parameters.add(Function.Parameter.of(p, Type.DYNAMIC)));
        Function.Implementation impl = args -> {
            Map<String, Value> bound = new HashMap<>();
            for (int i = 0; i < params.size(); i++) {
                bound.put(params.get(i), args.get(i));
            }
            if (variadic != null) {
                List<Value> rest = args.subList(params.size(), args.size());
                bound.put(variadic, rest.isEmpty() ? Value.EMPTY_TUPLE : Value.tuple(new ArrayList<>(rest)));
            }
            Diagnostics diags = new Diagnostics();
            Value v = result.evaluate(scope.newChild(bound), diags);
            if (diags.hasErrors()) {
                throw new FunctionException(diags.errorMessage());
            }
            return v;
        };
        return variadic == null
                ? Function.of(name, parameters, impl)
                : Function.variadic(name, parameters, Function.Parameter.of(variadic, Type.DYNAMIC), impl);
    }
}
