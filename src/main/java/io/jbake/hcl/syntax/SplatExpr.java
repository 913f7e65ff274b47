package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/**
 * {@code source[*].each} or {@code source.*.each}: evaluates {@code each} once per element of the source,
 * with {@code item} standing for the element.
 */
public record SplatExpr(Expr source, Expr each, Expr.AnonSymbolExpr item, SrcRange range, SrcRange markerRange)
        implements Expr {

    @Override
    public List<Expr> children() {
        return List.of(source, each);
    }
}
