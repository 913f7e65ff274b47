package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** {@code condition ? trueResult : falseResult}; also the desugared form of a template {@code %{if}} directive. */
public record ConditionalExpr(Expr condition, Expr trueResult, Expr falseResult, SrcRange range) implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(condition, trueResult, falseResult);
    }
}
