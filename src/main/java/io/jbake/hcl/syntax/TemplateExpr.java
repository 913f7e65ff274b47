package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** A string template: literal parts and interpolated expressions, joined into one string. */
public record TemplateExpr(List<Expr> parts, SrcRange range) implements Expr {

    @Override
    public List<Expr> children() {
        return parts;
    }
}
