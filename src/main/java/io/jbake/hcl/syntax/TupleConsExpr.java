package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code [a, b, c]}: a tuple. */
public record TupleConsExpr(List<Expr> exprs, SrcRange range, SrcRange openRange) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        int before = diags.errorCount();
        List<Value> values = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            values.add(e.evaluate(ctx, diags));
        }
        return diags.errorCount() > before ? Value.NULL : Value.tuple(values);
    }

    @Override
    public SrcRange startRange() {
        return openRange;
    }

    @Override
    public List<Expr> children() {
        return exprs;
    }
}
