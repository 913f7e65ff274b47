package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;

import java.util.List;

/** Traversal steps applied to the value of an arbitrary expression: {@code f(x).a[0]}. */
public record RelativeTraversalExpr(Expr source, List<Traversal.Step> steps, SrcRange range) implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(source);
    }
}
