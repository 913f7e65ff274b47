package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.ValueAccess;
import io.jbake.hcl.value.Value;
import java.util.List;

/** Traversal steps applied to the value of an arbitrary expression: {@code f(x).a[0]}. */
public record RelativeTraversalExpr(Expr source, List<Traversal.Step> steps, SrcRange range) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        int before = diags.errorCount();
        Value v = source.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        return ValueAccess.traverse(v, steps, 0, diags);
    }

    @Override
    public List<Expr> children() {
        return List.of(source);
    }
}
