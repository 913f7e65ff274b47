package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.List;

/** The desugared form of a template {@code %{for}} directive: joins the strings the tuple-producing for expression yields. */
public record TemplateJoinExpr(ForExpr tuple) implements Expr {

    @Override
    public SrcRange range() {
        return tuple.range();
    }

    @Override
    public List<Expr> children() {
        return List.of(tuple);
    }
}
