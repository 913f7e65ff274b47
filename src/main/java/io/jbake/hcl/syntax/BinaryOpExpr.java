package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** {@code lhs op rhs}. */
public record BinaryOpExpr(Expr lhs, Operation op, Expr rhs, SrcRange range) implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(lhs, rhs);
    }
}
