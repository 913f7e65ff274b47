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

/** {@code !operand} or {@code -operand}, evaluated through the operator's function. */
public record UnaryOpExpr(Operation op, Expr operand, SrcRange range, SrcRange symbolRange) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        Function impl = op.function();
        int before = diags.errorCount();
        Value given = operand.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        Value v;
        try {
            v = Convert.convert(given, impl.parameters().get(0).type());
        } catch (ConversionException e) {
            diags.add(Diagnostic.error(
                    "Invalid operand",
                    "Unsuitable value for unary operand: " + e.getMessage() + ".",
                    operand.range(),
                    range));
            return Value.NULL;
        }
        try {
            return impl.call(List.of(v));
        } catch (FunctionException e) {
            diags.add(Diagnostic.error("Operation failed", "Error during operation: " + e.getMessage() + ".", range));
            return Value.NULL;
        }
    }

    @Override
    public SrcRange startRange() {
        return symbolRange;
    }

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }
}
