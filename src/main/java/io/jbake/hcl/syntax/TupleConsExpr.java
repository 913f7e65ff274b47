package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** {@code [a, b, c]}. */
public record TupleConsExpr(List<Expr> exprs, SrcRange range, SrcRange openRange) implements Expr {

    @Override
    public List<Expr> children() {
        return exprs;
    }
}
