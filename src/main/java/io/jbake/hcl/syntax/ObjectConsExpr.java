package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

import java.util.ArrayList;
import java.util.List;

/** {@code {key = value, ...}}; keys are {@link Expr.ObjectConsKeyExpr}s. */
public record ObjectConsExpr(List<Item> items, SrcRange range, SrcRange openRange) implements Expr {

    public record Item(Expr.ObjectConsKeyExpr key, Expr value) {
    }

    @Override
    public List<Expr> children() {
        List<Expr> out = new ArrayList<>(items.size() * 2);
        for (Item item : items) {
            out.add(item.key());
            out.add(item.value());
        }
        return out;
    }
}
