package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;

/** A string template: literal parts and interpolated values (converted to strings), joined into one string. */
public record TemplateExpr(List<Expr> parts, SrcRange range) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        if (parts.size() == 1 && parts.get(0) instanceof LiteralValueExpr lit) {
            return lit.value(); // a plain string: the common case, no copying
        }
        Cancellation.checkpoint();
        int before = diags.errorCount();
        String[] strings = new String[parts.size()];
        long length = 0;
        for (int i = 0; i < strings.length; i++) {
            Expr part = parts.get(i);
            int partBefore = diags.errorCount();
            Value v = part.evaluate(ctx, diags);
            if (diags.errorCount() > partBefore) {
                continue;
            }
            if (v.isNull()) {
                diags.add(Diagnostic.error(
                        "Invalid template interpolation value",
                        "The expression result is null. " + "Cannot include a null value in a string template.",
                        part.range(),
                        range));
                continue;
            }
            try {
                strings[i] = Convert.convert(v, Type.STRING).asString();
                length += strings[i].length();
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Invalid template interpolation value",
                        "Cannot include the given value " + "in a string template: " + e.getMessage() + ".",
                        part.range(),
                        range));
            }
        }
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        return join(strings, length, range, diags);
    }

    /**
     * The template's result from its parts' strings, {@code length} characters in all, or an error at {@code range}
     * when that is over {@link Limits#STRING_LENGTH} (checked before the string is built).
     */
    static Value join(String[] strings, long length, SrcRange range, Diagnostics diags) {
        try {
            Limits.checkString(length);
        } catch (Limits.EvaluationTooLarge e) {
            throw LimitErrors.at(e, range);
        } catch (Limits.LimitException e) {
            diags.add(Diagnostic.error(
                    "String too long",
                    "The template would produce a string of " + length + " characters, over jbake's limit of "
                            + Limits.STRING_LENGTH + ".",
                    range));
            return Value.NULL;
        }
        StringBuilder sb = new StringBuilder((int) length);
        for (String part : strings) {
            sb.append(part);
        }
        return Value.string(sb.toString());
    }

    @Override
    public SrcRange startRange() {
        return parts.get(0).startRange();
    }

    @Override
    public List<Expr> children() {
        return parts;
    }
}
