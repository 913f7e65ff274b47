package io.jbake.hcl.syntax;

import io.jbake.go.GoStrings;
import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code condition ? trueResult : falseResult}; also the desugared form of a template {@code %{if}}
 * directive. As in HCL both results are evaluated (only the chosen one's errors count) and unified to one
 * type, so the result's type does not depend on the condition.
 */
public record ConditionalExpr(Expr condition, Expr trueResult, Expr falseResult, SrcRange range) implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        Diagnostics trueDiags = new Diagnostics();
        Diagnostics falseDiags = new Diagnostics();
        Value t = trueResult.evaluate(ctx, trueDiags);
        Value f = falseResult.evaluate(ctx, falseDiags);
        boolean trueOk = !trueDiags.hasErrors();
        boolean falseOk = !falseDiags.hasErrors();

        // A failed result is unknown in HCL: it takes part in no unification.
        Type resultType = Type.DYNAMIC;
        boolean convertTrue = false;
        boolean convertFalse = false;
        if (trueOk && isUntypedNull(t)) {
            resultType = falseOk ? f.type() : Type.DYNAMIC;
        } else if (falseOk && isUntypedNull(f)) {
            resultType = t.type();
        } else if (trueOk && falseOk && !t.type().isDynamic() && !f.type().isDynamic()) {
            resultType = Convert.unify(List.of(t.type(), f.type()), true);
            if (resultType == null) {
                diags.add(Diagnostic.error(
                        "Inconsistent conditional result types",
                        "The true and false result " + "expressions must have consistent types. "
                                + describeMismatch(t.type(), f.type()) + ".",
                        SrcRange.between(trueResult.range(), falseResult.range()),
                        range));
                return Value.NULL;
            }
            convertTrue = true;
            convertFalse = true;
        }
        if (isUntypedNull(t) && trueOk) {
            convertTrue = true;
        }
        if (isUntypedNull(f) && falseOk) {
            convertFalse = true;
        }

        int before = diags.errorCount();
        Value cond = condition.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        if (cond.isNull()) {
            diags.add(Diagnostic.error(
                    "Null condition",
                    "The condition value is null. Conditions must either be " + "true or false.",
                    condition.range(),
                    range));
            return Value.NULL;
        }
        try {
            cond = Convert.convert(cond, Type.BOOL);
        } catch (ConversionException e) {
            diags.add(Diagnostic.error(
                    "Incorrect condition type",
                    "The condition expression must be of type bool.",
                    condition.range(),
                    range));
            return Value.NULL;
        }
        boolean chooseTrue = cond.asBool();
        Value chosen = chooseTrue ? t : f;
        diags.addAll(chooseTrue ? trueDiags : falseDiags);
        if (!(chooseTrue ? trueOk : falseOk)) {
            return Value.NULL;
        }
        if ((chooseTrue ? convertTrue : convertFalse) && !resultType.isDynamic()) {
            try {
                return Convert.convert(chosen, resultType);
            } catch (ConversionException e) {
                diags.add(Diagnostic.error(
                        "Inconsistent conditional result types",
                        "The " + (chooseTrue ? "true" : "false") + " result value has the wrong type: " + e.getMessage()
                                + ".",
                        (chooseTrue ? trueResult : falseResult).range(),
                        range));
                return Value.NULL;
            }
        }
        return chosen;
    }

    private static boolean isUntypedNull(Value v) {
        return v.isNull() && v.type().isDynamic();
    }

    /** HCL's explanation of why two result types do not unify. */
    static String describeMismatch(Type t, Type f) {
        if (t.isObject() && f.isObject()) {
            for (String name : new TreeSet<>(t.attributeTypes().keySet())) {
                Type fa = f.attributeTypes().get(name);
                if (fa == null) {
                    return "The 'true' value includes object attribute " + GoStrings.quote(name)
                            + ", which is absent in the 'false' value";
                }
                Type ta = t.attributeTypes().get(name);
                if (!ta.equals(fa)) {
                    return "Type mismatch for object attribute " + GoStrings.quote(name) + ": "
                            + describeMismatch(ta, fa);
                }
            }
            for (String name : new TreeSet<>(f.attributeTypes().keySet())) {
                if (!t.attributeTypes().containsKey(name)) {
                    return "The 'false' value includes object attribute " + GoStrings.quote(name)
                            + ", which is absent in the 'true' value";
                }
            }
        } else if (t.isTuple() && f.isTuple()) {
            List<Type> te = t.tupleElementTypes();
            List<Type> fe = f.tupleElementTypes();
            if (te.size() != fe.size()) {
                return "The 'true' tuple has length " + te.size() + ", but the 'false' tuple has length " + fe.size();
            }
            for (int i = 0; i < te.size(); i++) {
                if (!te.get(i).equals(fe.get(i))) {
                    return "Type mismatch for tuple element " + i + ": " + describeMismatch(te.get(i), fe.get(i));
                }
            }
        } else if (t.isCollection() && f.isCollection()) {
            Type te = t.elementType();
            Type fe = f.elementType();
            boolean sameKind = t.kind() == f.kind();
            if (sameKind && ((te.isObject() && fe.isObject()) || (te.isTuple() && fe.isTuple()))) {
                String noun = t.isList() ? "list" : t.isSet() ? "set" : "map";
                return "Mismatched " + noun + " element types: " + describeMismatch(te, fe);
            }
        }
        String tn = t.friendlyName();
        String fn = f.friendlyName();
        if (tn.equals(fn)) {
            return "At least one deeply-nested attribute or element is not compatible across both the 'true' and "
                    + "the 'false' value";
        }
        return "The 'true' value is " + tn + ", but the 'false' value is " + fn;
    }

    @Override
    public SrcRange startRange() {
        return condition.startRange();
    }

    @Override
    public List<Expr> children() {
        List<Expr> out = new ArrayList<>(3);
        out.add(condition);
        out.add(trueResult);
        out.add(falseResult);
        return out;
    }
}
