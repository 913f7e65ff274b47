package io.jbake.bake.hcl;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Expression;
import io.jbake.hcl.json.JsonExpression;
import io.jbake.hcl.syntax.Expr;
import io.jbake.hcl.syntax.HclSyntax;
import io.jbake.hcl.syntax.TupleConsExpr;
import io.jbake.hcl.syntax.TypeExpressions;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Static readings of expressions that bake needs without evaluating them, as HCL's
 * {@code ExprList}, {@code ExprAsKeyword} and {@code typeexpr} provide them.
 */
final class HclExpressions {
    private HclExpressions() {}

    /** The bare identifier {@code expr} consists of ({@code name}), or {@code null}. */
    static String keyword(Expression expr) {
        if (expr instanceof Expr.ScopeTraversalExpr s && s.traversal().steps().size() == 1) {
            return s.traversal().rootName();
        }
        if (expr instanceof JsonExpression j) {
            return j.asKeyword();
        }
        return null;
    }

    /** The elements of a static list expression ({@code [a, b]}). */
    static List<Expression> list(Expression expr, Diagnostics diags) {
        if (expr instanceof TupleConsExpr t) {
            return new ArrayList<>(t.exprs());
        }
        if (expr instanceof JsonExpression j && j.elements() != null) {
            return j.elements();
        }
        diags.add(Diagnostic.error("Invalid expression", "A static list expression is required.", expr.range()));
        return List.of();
    }

    /**
     * The type constraint a {@code type} attribute denotes; an expression that is just {@code null}
     * means no constraint.
     */
    static Type typeConstraint(Expression expr, Diagnostics diags) {
        if (expr instanceof JsonExpression j && j.stringSource() != null) {
            // in JSON a type is written as a string holding the native type expression
            Diagnostics parseDiags = new Diagnostics();
            Expr parsed = HclSyntax.parseExpression(
                    j.stringSource(), expr.range().filename(), expr.range().start(), parseDiags);
            if (parseDiags.hasErrors()) {
                diags.addAll(parseDiags);
                return Type.DYNAMIC;
            }
            expr = parsed;
        }
        if (expr instanceof Expr e) {
            Diagnostics typeDiags = new Diagnostics();
            Type t = TypeExpressions.constraint(e, typeDiags);
            if (!typeDiags.hasErrors()) {
                return t;
            }
            Diagnostics valueDiags = new Diagnostics();
            Value v = expr.evaluate(EvalContext.empty(), valueDiags);
            if (!valueDiags.hasErrors() && v.isNull()) {
                return Type.DYNAMIC;
            }
            diags.addAll(typeDiags);
            return Type.DYNAMIC;
        }
        diags.add(Diagnostic.error("Invalid type specification", "A type specification is required.", expr.range()));
        return Type.DYNAMIC;
    }
}
