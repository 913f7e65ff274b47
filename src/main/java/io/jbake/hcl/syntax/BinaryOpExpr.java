package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.FunctionException;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Value;
import java.util.List;

/**
 * {@code lhs op rhs}, evaluated through the operator's function so that operands convert exactly as the
 * function's arguments would. Both operands are always evaluated; {@code ||} and {@code &&} then let a
 * deciding operand win even when the other one failed or is null, as HCL does.
 */
public record BinaryOpExpr(Expr lhs, Operation op, Expr rhs, SrcRange range) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        Function impl = op.function();
        Diagnostics lhsDiags = new Diagnostics();
        Diagnostics rhsDiags = new Diagnostics();
        Value lhsVal = lhs.evaluate(ctx, lhsDiags);
        Value rhsVal = rhs.evaluate(ctx, rhsDiags);
        boolean lhsOk = !lhsDiags.hasErrors();
        boolean rhsOk = !rhsDiags.hasErrors();

        boolean operandError = false;
        if (lhsOk) {
            try {
                lhsVal = Convert.convert(lhsVal, impl.parameters().get(0).type());
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Invalid operand",
                        "Unsuitable value for left operand: " + e.getMessage() + ".",
                        lhs.range(),
                        range));
                operandError = true;
            }
        }
        if (rhsOk) {
            try {
                rhsVal = Convert.convert(rhsVal, impl.parameters().get(1).type());
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Invalid operand",
                        "Unsuitable value for right operand: " + e.getMessage() + ".",
                        rhs.range(),
                        range));
                operandError = true;
            }
        }
        if (operandError) {
            diags.addAll(lhsDiags).addAll(rhsDiags);
            return Value.NULL;
        }

        if (op == Operation.LOGICAL_OR || op == Operation.LOGICAL_AND) {
            boolean decider = op == Operation.LOGICAL_OR; // the value that decides the result alone
            if (lhsOk && decides(lhsVal, decider)) {
                diags.addAll(lhsDiags);
                return Value.bool(decider);
            }
            if (rhsOk && decides(rhsVal, decider)) {
                diags.addAll(rhsDiags);
                return Value.bool(decider);
            }
        }

        diags.addAll(lhsDiags).addAll(rhsDiags);
        if (!lhsOk || !rhsOk) {
            return Value.NULL;
        }
        try {
            return impl.call(List.of(lhsVal, rhsVal));
        } catch (FunctionException e) {
            diags.add(Diagnostic.error("Operation failed", "Error during operation: " + e.getMessage() + ".", range));
            return Value.NULL;
        }
    }

    /**
     * Whether an operand decides {@code ||} or {@code &&} alone (HCL 2.24 in buildx 0.36.1 short-circuits).
     * HCL asks cty whether the operand equals true, which a null does not: a null decides {@code &&} (as false)
     * and never {@code ||}; only when nothing decides does the operator's function reject the null.
     */
    private static boolean decides(Value operand, boolean decider) {
        return operand.isNull() ? !decider : operand.asBool() == decider;
    }

    @Override
    public SrcRange startRange() {
        return lhs.startRange();
    }

    @Override
    public List<Expr> children() {
        return List.of(lhs, rhs);
    }
}
