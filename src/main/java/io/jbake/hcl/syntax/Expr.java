package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.DidYouMean;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Expression;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.ValueAccess;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A native syntax expression node. Nodes are immutable records that keep their source range; the parser
 * builds them and each node evaluates itself ({@link #evaluate}). Trivial leaves are nested here; nodes with
 * real logic have their own files.
 *
 * <p>Evaluation follows HCL: a node whose operand failed (added an error) does not report follow-on errors
 * about the placeholder value it got, it just fails too.
 */
public sealed interface Expr extends Expression
        permits Expr.LiteralValueExpr,
                Expr.InvalidExpr,
                Expr.ScopeTraversalExpr,
                Expr.ParenthesesExpr,
                Expr.AnonSymbolExpr,
                Expr.TemplateWrapExpr,
                Expr.ObjectConsKeyExpr,
                RelativeTraversalExpr,
                IndexExpr,
                FunctionCallExpr,
                ConditionalExpr,
                BinaryOpExpr,
                UnaryOpExpr,
                TemplateExpr,
                TemplateJoinExpr,
                TupleConsExpr,
                ObjectConsExpr,
                ForExpr,
                SplatExpr {

    /** The direct sub-expressions, in source order. */
    List<Expr> children();

    @Override
    default List<Traversal> variables() {
        List<Traversal> out = new ArrayList<>();
        collectVariables(this, Set.of(), out);
        return out;
    }

    /**
     * Adds the root traversals of {@code expr} to {@code out}, leaving out those rooted at a name in
     * {@code locals} (names bound by an enclosing for expression).
     */
    static void collectVariables(Expr expr, Set<String> locals, List<Traversal> out) {
        if (expr instanceof ScopeTraversalExpr s) {
            if (!locals.contains(s.traversal().rootName())) {
                out.add(s.traversal());
            }
        } else if (expr instanceof ForExpr f) {
            f.collectVariables(locals, out);
        } else {
            for (Expr child : expr.children()) {
                collectVariables(child, locals, out);
            }
        }
    }

    @Override
    default Set<String> functionNames() {
        Set<String> names = new LinkedHashSet<>();
        walk(this, e -> {
            if (e instanceof FunctionCallExpr call) {
                names.add(call.name());
            }
        });
        return names;
    }

    /** Visits {@code expr} and all its descendants, parents first. */
    static void walk(Expr expr, Consumer<Expr> visitor) {
        visitor.accept(expr);
        for (Expr child : expr.children()) {
            walk(child, visitor);
        }
    }

    /** A constant: number, string, bool or null. */
    record LiteralValueExpr(Value value, SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            return value;
        }

        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /**
     * Stands in for text that failed to parse, so that the tree stays whole. The parser has reported the
     * problem; evaluating the placeholder gives null and adds nothing.
     */
    record InvalidExpr(SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            return Value.NULL;
        }

        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /** A reference to a variable, with static attribute and index steps: {@code var.a[0]}. */
    record ScopeTraversalExpr(Traversal traversal, SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            ctx = EvalContext.orEmpty(ctx);
            String name = traversal.rootName();
            SrcRange rootRange = traversal.rootRange();
            Value root = ctx.variable(name);
            if (root == null) {
                if (!ctx.allowsVariables()) {
                    diags.add(Diagnostic.error("Variables not allowed", "Variables may not be used here.", rootRange));
                    return Value.NULL;
                }
                EvalContext.VariableResolver resolver = ctx.resolver();
                int before = diags.errorCount();
                if (resolver != null) {
                    root = resolver.resolve(name, rootRange, diags);
                }
                if (diags.errorCount() > before) {
                    return Value.NULL;
                }
                if (root == null) {
                    String suggestion = DidYouMean.suggest(name, ctx.variableNames());
                    diags.add(Diagnostic.error(
                            "Unknown variable",
                            "There is no variable named \"" + name + "\"."
                                    + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                            rootRange));
                    return Value.NULL;
                }
            }
            return ValueAccess.traverse(root, traversal.steps(), 1, diags);
        }

        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /** {@code (expr)}: kept so that ranges include the parentheses and {@code (k) = v} keys are evaluated. */
    record ParenthesesExpr(Expr expr, SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            return expr.evaluate(ctx, diags);
        }

        @Override
        public SrcRange startRange() {
            return expr.startRange();
        }

        @Override
        public List<Expr> children() {
            return List.of(expr);
        }
    }

    /** The current element inside a splat expression; evaluated with the value the splat binds to it. */
    record AnonSymbolExpr(SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            Value v = ctx == null ? null : ctx.symbolValue(this);
            return v == null ? Value.NULL : v;
        }

        @Override
        public boolean equals(Object o) {
            return this == o; // each splat's symbol is distinct, even with equal ranges
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /**
     * A template that is exactly one interpolation, {@code "${x}"}: its value is {@code x}'s value,
     * unconverted, as in HCL.
     */
    record TemplateWrapExpr(Expr wrapped, SrcRange range) implements Expr {
        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            return wrapped.evaluate(ctx, diags);
        }

        @Override
        public List<Expr> children() {
            return List.of(wrapped);
        }
    }

    /**
     * An object constructor key. A bare identifier key ({@code {foo = 1}}) is the string "foo", not a
     * variable reference, unless written in parentheses ({@code {(foo) = 1}}).
     */
    record ObjectConsKeyExpr(Expr wrapped, boolean forceNonLiteral) implements Expr {
        @Override
        public SrcRange range() {
            return wrapped.range();
        }

        @Override
        public SrcRange startRange() {
            return wrapped.startRange();
        }

        /** The key's name when it is a bare keyword read literally, otherwise null. */
        public String literalName() {
            if (forceNonLiteral) {
                return null;
            }
            if (wrapped instanceof ScopeTraversalExpr s && s.traversal().steps().size() == 1) {
                return s.traversal().rootName();
            }
            if (wrapped instanceof LiteralValueExpr lit) {
                Value v = lit.value();
                return v.isNull() ? "null" : v == Value.TRUE ? "true" : v == Value.FALSE ? "false" : null;
            }
            return null;
        }

        @Override
        public Value evaluate(EvalContext ctx, Diagnostics diags) {
            if (!forceNonLiteral
                    && wrapped instanceof ScopeTraversalExpr s
                    && s.traversal().steps().size() > 1) {
                diags.add(Diagnostic.error(
                        "Ambiguous attribute key",
                        "If this expression is intended to be a "
                                + "reference, wrap it in parentheses. If it's instead intended as a literal name containing "
                                + "periods, wrap it in quotes to create a string literal.",
                        range()));
                return Value.NULL;
            }
            String name = literalName();
            return name != null ? Value.string(name) : wrapped.evaluate(ctx, diags);
        }

        @Override
        public List<Expr> children() {
            return literalName() == null ? List.of(wrapped) : List.of();
        }
    }
}
