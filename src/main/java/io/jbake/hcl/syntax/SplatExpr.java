package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code source[*].each} or {@code source.*.each}: evaluates {@code each} once per element of the source,
 * with {@code item} standing for the element. A list or set source gives a list, a tuple gives a tuple; any
 * other value is first treated as a one-element tuple, and an untyped null as an empty one (HCL's
 * "auto-upgrade").
 */
public record SplatExpr(Expr source, Expr each, Expr.AnonSymbolExpr item, SrcRange range, SrcRange markerRange)
        implements Expr {

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        ctx = EvalContext.orEmpty(ctx);
        int before = diags.errorCount();
        Value src = source.evaluate(ctx, diags);
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        Type ty = src.type();
        boolean sequence = ty.isList() || ty.isSet() || ty.isTuple();
        if (src.isNull()) {
            if (!sequence) {
                return Value.EMPTY_TUPLE;
            }
            diags.add(Diagnostic.error(
                    "Splat of null value",
                    "Splat expressions (with the * symbol) cannot be applied " + "to null sequences.",
                    source.range(),
                    SrcRange.between(source.range(), markerRange)));
            return Value.NULL;
        }
        List<Value> elements = sequence ? src.elements() : List.of(src);
        List<Value> results = new ArrayList<>(elements.size());
        for (Value element : elements) {
            results.add(each.evaluate(ctx.withSymbol(item, element), diags));
        }
        if (diags.errorCount() > before) {
            return Value.NULL;
        }
        if (!(ty.isList() || ty.isSet())) {
            return Value.tuple(results);
        }
        if (results.isEmpty()) {
            return Value.emptyList(resultElementType(ty.elementType()));
        }
        Type first = results.get(0).type();
        for (Value v : results) {
            if (!v.type().equals(first)) {
                diags.add(Diagnostic.error(
                        "Invalid nested splat expressions",
                        "The second level of splat expression "
                                + "produced elements of different types, so it isn't possible to construct a valid list to "
                                + "represent the top-level result.\n\nConsider using a for expression instead, to produce a "
                                + "tuple-typed result which can therefore have non-homogenous element types.",
                        each.range(),
                        range));
                return Value.NULL;
            }
        }
        return Value.list(results);
    }

    /**
     * The element type of the list an empty source gives: what {@code each} yields for an element of type
     * {@code elementType}, as far as attribute steps show it (HCL finds it by evaluating with an unknown).
     */
    private Type resultElementType(Type elementType) {
        if (each == item) {
            return elementType;
        }
        if (each instanceof RelativeTraversalExpr rel && rel.source() == item) {
            Type t = elementType;
            for (Traversal.Step step : rel.steps()) {
                if (step instanceof Traversal.Attr a
                        && t.isObject()
                        && t.attributeTypes().containsKey(a.name())) {
                    t = t.attributeTypes().get(a.name());
                } else if (step instanceof Traversal.Attr && t.isMap()) {
                    t = t.elementType();
                } else {
                    return Type.DYNAMIC;
                }
            }
            return t;
        }
        return Type.DYNAMIC;
    }

    @Override
    public SrcRange startRange() {
        return markerRange;
    }

    @Override
    public List<Expr> children() {
        return List.of(source, each);
    }
}
