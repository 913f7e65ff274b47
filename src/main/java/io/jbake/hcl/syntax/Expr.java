package io.jbake.hcl.syntax;

import io.jbake.hcl.Expression;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A native syntax expression node. Nodes are immutable records that keep their source range; the parser
 * builds them and each node evaluates itself. Trivial leaves are nested here; nodes with real logic have
 * their own files.
 */
public sealed interface Expr extends Expression permits Expr.LiteralValueExpr, Expr.ScopeTraversalExpr,
        Expr.ParenthesesExpr, Expr.AnonSymbolExpr, Expr.TemplateWrapExpr, Expr.ObjectConsKeyExpr,
        RelativeTraversalExpr, IndexExpr, FunctionCallExpr, ConditionalExpr, BinaryOpExpr, UnaryOpExpr,
        TemplateExpr, TemplateJoinExpr, TupleConsExpr, ObjectConsExpr, ForExpr, SplatExpr {

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

    /**
     * A constant: number, string, bool or null. Also stands in, with {@code value == ERROR}, for an
     * expression that failed to parse, so that the tree stays whole.
     */
    record LiteralValueExpr(Object value, SrcRange range) implements Expr {
        /** Marks a placeholder for unparseable text; the parser has reported it. */
        static final Object ERROR = new Object() {
            @Override
            public String toString() {
                return "<error>";
            }
        };

        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /** A reference to a variable, with static attribute and index steps: {@code var.a[0]}. */
    record ScopeTraversalExpr(Traversal traversal, SrcRange range) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of();
        }
    }

    /** {@code (expr)}: kept so that ranges include the parentheses and {@code (k) = v} keys are evaluated. */
    record ParenthesesExpr(Expr expr, SrcRange range) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(expr);
        }
    }

    /** The current element inside a splat expression; evaluated with the value the splat binds to it. */
    record AnonSymbolExpr(SrcRange range) implements Expr {
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

        /** The key's name when it is a bare identifier read literally, otherwise null. */
        public String literalName() {
            if (!forceNonLiteral && wrapped instanceof ScopeTraversalExpr s && s.traversal().steps().size() == 1) {
                return s.traversal().rootName();
            }
            return null;
        }

        @Override
        public List<Expr> children() {
            return literalName() == null ? List.of(wrapped) : List.of();
        }
    }
}
