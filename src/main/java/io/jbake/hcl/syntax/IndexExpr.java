package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.ValueAccess;
import io.jbake.hcl.value.Value;
import java.util.List;

/** {@code collection[key]} with a key that is not a constant. */
public record IndexExpr(Expr collection, Expr key, SrcRange range, SrcRange bracketRange) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        int before = diags.errorCount();
        Value coll = collection.evaluate(ctx, diags);
        Value k = key.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        return ValueAccess.index(coll, k, bracketRange, diags);
    }

    @Override
    public SrcRange startRange() {
        Pos open = bracketRange.start();
        return new SrcRange(
                bracketRange.filename(),
                open,
                new Pos(open.line(), open.column() + 1, open.byteOffset() + 1)); // the "[" alone
    }

    @Override
    public List<Expr> children() {
        return List.of(collection, key);
    }
}
