package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;

/**
 * The desugared form of a template {@code %{for}} directive: joins the strings that the tuple-producing
 * for expression yields.
 */
public record TemplateJoinExpr(ForExpr tuple) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        int before = diags.errorCount();
        Value t = tuple.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        List<Value> elements = t.elements();
        String[] strings = new String[elements.size()];
        long length = 0;
        for (int i = 0; i < strings.length; i++) {
            Value v = elements.get(i);
            if (v.isNull()) {
                diags.add(Diagnostic.error(
                        "Invalid template interpolation value",
                        "An iteration result is null. " + "Cannot include a null value in a string template.",
                        range()));
                continue;
            }
            try {
                strings[i] = Convert.convert(v, Type.STRING).asString();
                length += strings[i].length();
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Invalid template interpolation value",
                        "Cannot include one of the " + "interpolation results into the string template: "
                                + e.getMessage() + ".",
                        range()));
            }
        }
        return diags.errorCount() > before ? Value.NULL : TemplateExpr.join(strings, length, range(), diags);
    }

    @Override
    public SrcRange range() {
        return tuple.range();
    }

    @Override
    public SrcRange startRange() {
        return tuple.startRange();
    }

    @Override
    public List<Expr> children() {
        return List.of(tuple);
    }
}
