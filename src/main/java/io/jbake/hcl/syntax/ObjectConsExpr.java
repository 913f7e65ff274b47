package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code {key = value, ...}}: an object; a later item with the same key wins. */
public record ObjectConsExpr(List<Item> items, SrcRange range, SrcRange openRange) implements Expr {

    public record Item(Expr.ObjectConsKeyExpr key, Expr value) {}

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        int before = diags.errorCount();
        Map<String, Value> attrs = new HashMap<>();
        for (Item item : items) {
            int keyBefore = diags.errorCount();
            Value key = item.key().evaluate(ctx, diags);
            boolean keyFailed = diags.errorCount() > keyBefore;
            Value value = item.value().evaluate(ctx, diags);
            if (keyFailed) {
                continue;
            }
            if (key.isNull()) {
                diags.add(Diagnostic.error(
                        "Null value as key",
                        "Can't use a null value as a key.",
                        item.value().range()));
                continue;
            }
            try {
                attrs.put(Convert.convert(key, Type.STRING).asString(), value);
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Incorrect key type",
                        "Can't use this value as a key: " + e.getMessage() + ".",
                        item.key().range()));
            }
        }
        return diags.errorCount() > before ? Value.NULL : Value.object(attrs);
    }

    @Override
    public SrcRange startRange() {
        return openRange;
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
