package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code [for k, v in coll : val if cond]} builds a tuple; {@code {for k, v in coll : key => val... if cond}}
 * builds an object ({@code group}: values with equal keys are collected into tuples). {@code keyVar},
 * {@code keyExpr} and {@code condExpr} may be null.
 */
public record ForExpr(String keyVar, String valVar, Expr collExpr, Expr keyExpr, Expr valExpr, Expr condExpr,
        boolean group, SrcRange range, SrcRange openRange, SrcRange closeRange) implements Expr {

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
