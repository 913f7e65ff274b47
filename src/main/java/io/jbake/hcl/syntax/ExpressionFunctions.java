package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions whose arguments are expressions rather than values: {@code try} and {@code can} (HCL
 * {@code ext/tryfunc}) evaluate their arguments themselves to catch errors, and {@code convert} (HCL
 * {@code ext/typeexpr}) reads its second argument as a type constraint. They are registered in an
 * {@link EvalContext} like any function; a call recognises them by identity and evaluates them here.
 */
public final class ExpressionFunctions {

    public static final Function TRY = Function.variadic(
            "try", List.of(), Parameter.nullable("expressions", Type.DYNAMIC), ExpressionFunctions::neverCalled);
    public static final Function CAN = Function.of(
            "can", List.of(Parameter.nullable("expression", Type.DYNAMIC)), ExpressionFunctions::neverCalled);
    public static final Function CONVERT = Function.of(
            "convert",
            List.of(Parameter.nullable("value", Type.DYNAMIC), Parameter.of("type", Type.DYNAMIC)),
            ExpressionFunctions::neverCalled);

    private ExpressionFunctions() {}

    /** try, can and convert by name, for registering in a context. */
    public static Map<String, Function> all() {
        Map<String, Function> m = new LinkedHashMap<>();
        m.put("try", TRY);
        m.put("can", CAN);
        m.put("convert", CONVERT);
        return m;
    }

    static boolean isExpressionFunction(Function f) {
        return f == TRY || f == CAN || f == CONVERT;
    }

    private static Value neverCalled(List<Value> args) {
        throw new IllegalStateException("should never happen: expression functions are evaluated by the call node");
    }

    static Value call(FunctionCallExpr call, Function f, EvalContext ctx, Diagnostics diags) {
        List<Expr> args = call.args();
        List<Parameter> params = f.parameters();
        if (args.size() < params.size()) {
            diags.add(Diagnostic.error(
                    "Not enough function arguments",
                    "Function \"" + call.name() + "\" expects"
                            + (f.variadicParameter() != null ? " at least" : "") + " " + params.size()
                            + " argument(s). Missing value for \""
                            + params.get(args.size()).name() + "\".",
                    call.closeParenRange(),
                    call.range()));
            return Value.NULL;
        }
        if (f.variadicParameter() == null && args.size() > params.size()) {
            diags.add(Diagnostic.error(
                    "Too many function arguments",
                    "Function \"" + call.name() + "\" expects only " + params.size() + " argument(s).",
                    args.get(params.size()).startRange(),
                    call.range()));
            return Value.NULL;
        }
        if (f == TRY) {
            return tryCall(call, ctx, diags);
        }
        if (f == CAN) {
            Diagnostics local = new Diagnostics();
            args.get(0).evaluate(ctx, local);
            return Value.bool(!local.hasErrors());
        }
        return convertCall(call, ctx, diags);
    }

    /** The value of the first argument that evaluates without errors. */
    private static Value tryCall(FunctionCallExpr call, EvalContext ctx, Diagnostics diags) {
        if (call.args().isEmpty()) {
            call.reportCallFailure("at least one argument is required", diags);
            return Value.NULL;
        }
        Diagnostics failures = new Diagnostics();
        for (Expr arg : call.args()) {
            Diagnostics local = new Diagnostics();
            Value v = arg.evaluate(ctx, local);
            if (!local.hasErrors()) {
                return v;
            }
            failures.addAll(local);
        }
        StringBuilder sb = new StringBuilder("no expression succeeded:\n");
        for (Diagnostic d : failures) {
            if (d.subject() != null) {
                sb.append("- ")
                        .append(d.summary())
                        .append(" (at ")
                        .append(d.subject())
                        .append(")\n  ")
                        .append(d.detail())
                        .append('\n');
            } else {
                sb.append("- ")
                        .append(d.summary())
                        .append("\n  ")
                        .append(d.detail())
                        .append('\n');
            }
        }
        sb.append("\nAt least one expression must produce a successful result");
        call.reportCallFailure(sb.toString(), diags);
        return Value.NULL;
    }

    private static Value convertCall(FunctionCallExpr call, EvalContext ctx, Diagnostics diags) {
        Expr valueExpr = call.args().get(0);
        int before = diags.errorCount();
        Value v = valueExpr.evaluate(ctx, diags);
        Type want = TypeExpressions.constraint(call.args().get(1), diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        try {
            // buildx's convert() requires even optional attributes (observed with buildx 0.29.1), unlike a
            // variable's type constraint, so the optional markers are dropped here.
            return Convert.convert(v, want.withoutOptionalAttributes());
        } catch (ConversionException e) {
            diags.add(Diagnostic.error(
                    "Invalid function argument",
                    "Invalid value for \"value\" parameter: " + e.getMessage() + ".",
                    valueExpr.startRange(),
                    call.range()));
            return Value.NULL;
        }
    }
}
