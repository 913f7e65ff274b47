package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/**
 * {@code name(args...)}. With {@code expandFinal} ({@code f(a, list...)}) the last argument's elements
 * are passed as separate arguments.
 */
public record FunctionCallExpr(String name, List<Expr> args, boolean expandFinal, SrcRange nameRange,
        SrcRange openParenRange, SrcRange closeParenRange) implements Expr {

    @Override
    public SrcRange range() {
        return SrcRange.between(nameRange, closeParenRange);
    }

    @Override
    public List<Expr> children() {
        return args;
    }
}
