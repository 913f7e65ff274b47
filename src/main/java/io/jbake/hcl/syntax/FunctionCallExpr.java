package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.DidYouMean;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.FunctionException;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code name(args...)}. With {@code expandFinal} ({@code f(a, list...)}) the last argument's elements are
 * passed as separate arguments.
 *
 * <p>Problems are reported where HCL reports them: a wrong argument count at the closing parenthesis or the
 * first extra argument, an argument that does not convert (or that the function rejects) at that argument,
 * any other failure of the function at {@code name(}. {@link ExpressionFunctions} (try, can, convert) receive
 * their arguments unevaluated.
 */
public record FunctionCallExpr(
        String name,
        List<Expr> args,
        boolean expandFinal,
        SrcRange nameRange,
        SrcRange openParenRange,
        SrcRange closeParenRange)
        implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        Cancellation.checkpoint();
        ctx = EvalContext.orEmpty(ctx);
        Function f = ctx.function(name);
        if (f == null) {
            reportUnknown(ctx, diags);
            return Value.NULL;
        }
        if (ExpressionFunctions.isExpressionFunction(f)) {
            return ExpressionFunctions.call(this, f, ctx, diags);
        }

        // The argument expressions, with an expanded final argument replaced by its elements.
        List<Expr> argExprs = args;
        List<Value> expanded = null;
        if (expandFinal) {
            Expr last = args.get(args.size() - 1);
            int before = diags.errorCount();
            Value v = last.evaluate(ctx, diags);
            if (diags.errorCount() > before) {
                return Value.NULL;
            }
            boolean sequence = v.type().isList() || v.type().isSet() || v.type().isTuple();
            if (v.isNull() && (sequence || v.type().isDynamic())) {
                diags.add(Diagnostic.error(
                        "Invalid expanding argument value",
                        "The expanding argument (indicated by " + "...) must not be null.",
                        last.range(),
                        range()));
                return Value.NULL;
            }
            if (!sequence) {
                diags.add(Diagnostic.error(
                        "Invalid expanding argument value",
                        "The expanding argument (indicated by " + "...) must be of a tuple, list, or set type.",
                        last.range(),
                        range()));
                return Value.NULL;
            }
            argExprs = new ArrayList<>(args.subList(0, args.size() - 1));
            expanded = v.elements();
            for (Value element : expanded) {
                argExprs.add(new LiteralValueExpr(element, last.range()));
            }
        }

        List<Function.Parameter> params = f.parameters();
        Function.Parameter variadic = f.variadicParameter();
        if (argExprs.size() < params.size()) {
            diags.add(Diagnostic.error(
                    "Not enough function arguments",
                    "Function \"" + name + "\" expects"
                            + (variadic != null ? " at least" : "") + " " + params.size()
                            + " argument(s). Missing value for \""
                            + params.get(argExprs.size()).name() + "\".",
                    closeParenRange,
                    range()));
            return Value.NULL;
        }
        if (variadic == null && argExprs.size() > params.size()) {
            diags.add(Diagnostic.error(
                    "Too many function arguments",
                    "Function \"" + name + "\" expects only " + params.size() + " argument(s).",
                    argExprs.get(params.size()).startRange(),
                    range()));
            return Value.NULL;
        }

        int before = diags.errorCount();
        List<Value> argValues = new ArrayList<>(argExprs.size());
        for (int i = 0; i < argExprs.size(); i++) {
            Expr argExpr = argExprs.get(i);
            Function.Parameter param = f.parameterFor(i);
            int argBefore = diags.errorCount();
            Value v = argExpr.evaluate(ctx, diags);
            if (diags.errorCount() == argBefore) {
                try {
                    v = Convert.convert(v, param.type());
                } catch (ConversionException e) {
                    diags.add(Diagnostic.error(
                            "Invalid function argument",
                            "Invalid value for \"" + param.name() + "\" parameter: " + e.getMessage() + ".",
                            argExpr.startRange(),
                            range()));
                }
            }
            argValues.add(v);
        }
        if (diags.errorCount() > before) {
            return Value.NULL;
        }

        try {
            return checkedSize(f.call(argValues));
        } catch (FunctionException e) {
            int i = e.argumentIndex();
            Function.Parameter param = i >= 0 ? f.parameterFor(i) : null;
            if (param != null && i < argExprs.size()) {
                diags.add(Diagnostic.error(
                        "Invalid function argument",
                        "Invalid value for \"" + param.name() + "\" parameter: " + e.getMessage() + ".",
                        argExprs.get(i).startRange(),
                        range()));
            } else if (param != null) {
                diags.add(Diagnostic.error(
                        "Invalid function argument",
                        "Invalid value for \"" + param.name() + "\" parameter: " + e.getMessage() + ".",
                        range()));
            } else {
                reportCallFailure(e.getMessage(), diags);
            }
        } catch (Limits.LimitException e) {
            reportCallFailure(e.getMessage(), diags);
        } catch (Limits.EvaluationTooLarge e) {
            throw LimitErrors.at(e, range());
        } catch (Cancellation.Cancelled e) {
            throw e;
        } catch (RuntimeException e) {
            // A function failing unexpectedly is still a positioned error for the user, never a stack trace.
            reportCallFailure(String.valueOf(e.getMessage()), diags);
        }
        return Value.NULL;
    }

    /**
     * A function's result, checked and counted against {@link Limits}. Functions whose result can be many times
     * the size of their arguments check it before building it; this bounds every other result too.
     */
    private static Value checkedSize(Value result) {
        if (!result.isNull()) {
            if (result.type().isPrimitive() && result.type().equals(io.jbake.hcl.value.Type.STRING)) {
                Limits.checkString(result.asString().length());
            } else if (result.isSequence() || result.isMapping()) {
                Limits.checkElements(result.length());
            }
        }
        return result;
    }

    void reportCallFailure(String message, Diagnostics diags) {
        diags.add(Diagnostic.error(
                "Error in function call",
                "Call to function \"" + name + "\" failed: " + message + ".",
                startRange(),
                range()));
    }

    private void reportUnknown(EvalContext ctx, Diagnostics diags) {
        if (!ctx.allowsFunctions()) {
            diags.add(Diagnostic.error("Function calls not allowed", "Functions may not be called here.", range()));
            return;
        }
        int sep = name.lastIndexOf("::");
        if (sep >= 0) {
            String namespace = name.substring(0, sep + 2);
            String local = name.substring(sep + 2);
            List<String> available = new ArrayList<>();
            for (String n : ctx.functionNames()) {
                if (n.startsWith(namespace)) {
                    available.add(n);
                }
            }
            if (available.isEmpty()) {
                diags.add(Diagnostic.error(
                        "Call to unknown function",
                        "There are no functions in namespace \"" + namespace + "\".",
                        nameRange,
                        range()));
            } else {
                String suggestion = DidYouMean.suggest(local, available);
                diags.add(Diagnostic.error(
                        "Call to unknown function",
                        "There is no function named \"" + local
                                + "\" in namespace " + namespace + "."
                                + (suggestion == null ? "" : " Did you mean " + namespace + suggestion + "?"),
                        nameRange,
                        range()));
            }
            return;
        }
        String suggestion = DidYouMean.suggest(name, ctx.functionNames());
        diags.add(Diagnostic.error(
                "Call to unknown function",
                "There is no function named \"" + name + "\"."
                        + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                nameRange,
                range()));
    }

    @Override
    public SrcRange range() {
        return SrcRange.between(nameRange, closeParenRange);
    }

    @Override
    public SrcRange startRange() {
        return SrcRange.between(nameRange, openParenRange);
    }

    @Override
    public List<Expr> children() {
        return args;
    }
}
