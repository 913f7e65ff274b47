package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** {@code !operand} or {@code -operand}. */
public record UnaryOpExpr(Operation op, Expr operand, SrcRange range, SrcRange symbolRange) implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }
}
