package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;

import java.util.List;

/** A string template: literal parts and interpolated values (converted to strings), joined into one string. */
public record TemplateExpr(List<Expr> parts, SrcRange range) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        if (parts.size() == 1 && parts.get(0) instanceof LiteralValueExpr lit) {
            return lit.value(); // a plain string: the common case, no copying
        }
        int before = diags.errorCount();
        StringBuilder sb = new StringBuilder();
        for (Expr part : parts) {
            int partBefore = diags.errorCount();
            Value v = part.evaluate(ctx, diags);
            if (diags.errorCount() > partBefore) {
                continue;
            }
            if (v.isNull()) {
                diags.add(Diagnostic.error("Invalid template interpolation value", "The expression result is null. "
                        + "Cannot include a null value in a string template.", part.range(), range));
                continue;
            }
            try {
                sb.append(Convert.convert(v, Type.STRING).asString());
            } catch (ConversionException e) {
                diags.add(Diagnostic.error("Invalid template interpolation value", "Cannot include the given value "
                        + "in a string template: " + e.getMessage() + ".", part.range(), range));
            }
        }
        return diags.errorCount() > before ? Value.NULL : Value.string(sb.toString());
    }

    @Override
    public SrcRange startRange() {
        return parts.get(0).startRange();
    }

    @Override
    public List<Expr> children() {
        return parts;
    }
}
