package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** {@code collection[key]} with a key that is not a constant. */
public record IndexExpr(Expr collection, Expr key, SrcRange range, SrcRange bracketRange) implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(collection, key);
    }
}
