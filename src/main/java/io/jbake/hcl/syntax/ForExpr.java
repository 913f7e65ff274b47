package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code [for k, v in coll : val if cond]} builds a tuple; {@code {for k, v in coll : key => val... if cond}}
 * builds an object ({@code group}: values with equal keys are collected into tuples). {@code keyVar},
 * {@code keyExpr} and {@code condExpr} may be null.
 *
 * <p>Lists and tuples iterate with the index as key, maps and objects in key order with the key, sets in set
 * order with the element as key.
 */
public record ForExpr(
        String keyVar,
        String valVar,
        Expr collExpr,
        Expr keyExpr,
        Expr valExpr,
        Expr condExpr,
        boolean group,
        SrcRange range,
        SrcRange openRange,
        SrcRange closeRange)
        implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        ctx = EvalContext.orEmpty(ctx);
        int before = diags.errorCount();
        Value coll = collExpr.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        if (coll.isNull()) {
            diags.add(Diagnostic.error(
                    "Iteration over null value",
                    "A null value cannot be used as the collection " + "in a 'for' expression.",
                    collExpr.range(),
                    range));
            return Value.NULL;
        }
        Type ty = coll.type();
        if (!(ty.isList() || ty.isTuple() || ty.isSet() || ty.isMap() || ty.isObject())) {
            diags.add(Diagnostic.error(
                    "Iteration over non-iterable value",
                    "A value of type " + ty.friendlyName() + " cannot be used as the collection in a 'for' expression.",
                    collExpr.range(),
                    range));
            return Value.NULL;
        }

        List<Value> tupleVals = keyExpr == null ? new ArrayList<>() : null;
        Map<String, Value> objectVals = keyExpr != null && !group ? new HashMap<>() : null;
        Map<String, List<Value>> groups = keyExpr != null && group ? new LinkedHashMap<>() : null;
        boolean failed = false;
        boolean reported = false;
        for (Map.Entry<Value, Value> element : elements(coll)) {
            Cancellation.checkpoint();
            Map<String, Value> vars = new HashMap<>(4);
            if (keyVar != null) {
                vars.put(keyVar, element.getKey());
            }
            vars.put(valVar, element.getValue());
            EvalContext child = ctx.newChild(vars);

            if (condExpr != null) {
                int condBefore = diags.errorCount();
                Value include = condExpr.evaluate(child, diags);
                if (diags.errorCount() > condBefore) {
                    failed = true;
                    continue;
                }
                if (include.isNull()) {
                    if (!reported) {
                        diags.add(Diagnostic.error(
                                "Invalid 'for' condition",
                                "The value of the 'if' clause must not " + "be null.",
                                condExpr.range(),
                                range));
                        reported = true;
                    }
                    failed = true;
                    continue;
                }
                try {
                    include = Convert.convert(include, Type.BOOL);
                } catch (ConversionException e) {
                    if (!reported) {
                        diags.add(Diagnostic.error(
                                "Invalid 'for' condition",
                                "The 'if' clause value is invalid: " + e.getMessage() + ".",
                                condExpr.range(),
                                range));
                        reported = true;
                    }
                    failed = true;
                    continue;
                }
                if (!include.asBool()) {
                    continue;
                }
            }

            if (keyExpr == null) {
                int valBefore = diags.errorCount();
                Value v = valExpr.evaluate(child, diags);
                failed |= diags.errorCount() > valBefore;
                tupleVals.add(v);
                continue;
            }

            int keyBefore = diags.errorCount();
            Value key = keyExpr.evaluate(child, diags);
            if (diags.errorCount() > keyBefore) {
                failed = true;
                continue;
            }
            if (key.isNull()) {
                if (!reported) {
                    diags.add(Diagnostic.error(
                            "Invalid object key",
                            "Key expression in 'for' expression must not " + "produce a null value.",
                            keyExpr.range(),
                            range));
                    reported = true;
                }
                failed = true;
                continue;
            }
            String k;
            try {
                k = Convert.convert(key, Type.STRING).asString();
            } catch (ConversionException e) {
                if (!reported) {
                    diags.add(Diagnostic.error(
                            "Invalid object key",
                            "The key expression produced an invalid result: " + e.getMessage() + ".",
                            keyExpr.range(),
                            range));
                    reported = true;
                }
                failed = true;
                continue;
            }
            int valBefore = diags.errorCount();
            Value v = valExpr.evaluate(child, diags);
            failed |= diags.errorCount() > valBefore;
            if (group) {
                groups.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } else if (objectVals.containsKey(k)) {
                diags.add(Diagnostic.error(
                        "Duplicate object key",
                        "Two different items produced the key \"" + k
                                + "\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the "
                                + "value expression to enable grouping by key.",
                        keyExpr.range(),
                        range));
                failed = true;
            } else {
                objectVals.put(k, v);
            }
        }
        if (failed || diags.errorCount() > before) {
            return Value.NULL;
        }
        long count = tupleVals != null ? tupleVals.size() : groups != null ? groups.size() : objectVals.size();
        try {
            Limits.checkElements(count);
        } catch (Limits.EvaluationTooLarge e) {
            throw LimitErrors.at(e, range);
        } catch (Limits.LimitException e) {
            diags.add(Diagnostic.error(
                    "Collection too large",
                    "The 'for' expression would produce " + count + " elements, over jbake's limit of "
                            + Limits.COLLECTION_ELEMENTS + ".",
                    range));
            return Value.NULL;
        }
        if (tupleVals != null) {
            return Value.tuple(tupleVals);
        }
        if (groups != null) {
            Map<String, Value> grouped = new HashMap<>();
            groups.forEach((k, vs) -> grouped.put(k, Value.tuple(vs)));
            return Value.object(grouped);
        }
        return Value.object(objectVals);
    }

    /** The (key, value) pairs a collection iterates over, in cty's order. */
    static List<Map.Entry<Value, Value>> elements(Value coll) {
        List<Map.Entry<Value, Value>> out = new ArrayList<>();
        Type ty = coll.type();
        if (ty.isMap() || ty.isObject()) {
            for (Map.Entry<String, Value> e : coll.attributes().entrySet()) {
                out.add(Map.entry(Value.string(e.getKey()), e.getValue()));
            }
        } else if (ty.isSet()) {
            for (Value v : coll.elements()) {
                out.add(Map.entry(v, v));
            }
        } else {
            List<Value> elements = coll.elements();
            for (int i = 0; i < elements.size(); i++) {
                out.add(Map.entry(Value.number(i), elements.get(i)));
            }
        }
        return out;
    }

    @Override
    public SrcRange startRange() {
        return openRange;
    }

    @Override
    public List<Expr> children() {
        List<Expr> out = new ArrayList<>(4);
        out.add(collExpr);
        if (keyExpr != null) {
            out.add(keyExpr);
        }
        out.add(valExpr);
        if (condExpr != null) {
            out.add(condExpr);
        }
        return out;
    }

    /** The collection is read in the outer scope; the other parts see the iteration variables as locals. */
    void collectVariables(Set<String> locals, List<Traversal> out) {
        Expr.collectVariables(collExpr, locals, out);
        Set<String> inner = new HashSet<>(locals);
        if (keyVar != null) {
            inner.add(keyVar);
        }
        inner.add(valVar);
        for (Expr e : new Expr[] {keyExpr, valExpr, condExpr}) {
            if (e != null) {
                Expr.collectVariables(e, inner, out);
            }
        }
    }
}
