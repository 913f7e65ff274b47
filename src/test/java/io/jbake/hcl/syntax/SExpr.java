package io.jbake.hcl.syntax;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.stream.Collectors;

/** Renders syntax trees as compact S-expressions, so parser tests state the expected shape in one line. */
final class SExpr {

    private SExpr() {}

    static String of(SyntaxBody body) {
        StringBuilder sb = new StringBuilder("(body");
        for (Attribute a : body.attributes().values()) {
            sb.append(" (")
                    .append(a.name())
                    .append(" = ")
                    .append(of((Expr) a.expr()))
                    .append(')');
        }
        for (Block b : body.blocks()) {
            sb.append(" (block ").append(b.type());
            for (String label : b.labels()) {
                sb.append(" \"").append(label).append('"');
            }
            sb.append(' ').append(of((SyntaxBody) b.body())).append(')');
        }
        return sb.append(')').toString();
    }

    static String of(Expr e) {
        if (e == null) {
            return "_";
        }
        if (e instanceof Expr.LiteralValueExpr l) {
            return value(l.value());
        } else if (e instanceof Expr.ScopeTraversalExpr s) {
            return traversal(s.traversal().steps());
        } else if (e instanceof RelativeTraversalExpr r) {
            return "(rel " + of(r.source()) + " " + traversal(r.steps()) + ")";
        } else if (e instanceof IndexExpr i) {
            return "(index " + of(i.collection()) + " " + of(i.key()) + ")";
        } else if (e instanceof FunctionCallExpr c) {
            return "(" + c.name() + "()"
                    + c.args().stream().map(a -> " " + of(a)).collect(Collectors.joining())
                    + (c.expandFinal() ? " ...)" : ")");
        } else if (e instanceof ConditionalExpr c) {
            return "(? " + of(c.condition()) + " " + of(c.trueResult()) + " " + of(c.falseResult()) + ")";
        } else if (e instanceof BinaryOpExpr b) {
            return "(" + b.op().symbol + " " + of(b.lhs()) + " " + of(b.rhs()) + ")";
        } else if (e instanceof UnaryOpExpr u) {
            return "(" + u.op().symbol + " " + of(u.operand()) + ")";
        } else if (e instanceof TemplateExpr t) {
            return "(tmpl" + t.parts().stream().map(p -> " " + of(p)).collect(Collectors.joining()) + ")";
        } else if (e instanceof Expr.TemplateWrapExpr w) {
            return "(wrap " + of(w.wrapped()) + ")";
        } else if (e instanceof TemplateJoinExpr j) {
            return "(join " + of(j.tuple()) + ")";
        } else if (e instanceof TupleConsExpr t) {
            return "[" + t.exprs().stream().map(SExpr::of).collect(Collectors.joining(" ")) + "]";
        } else if (e instanceof ObjectConsExpr o) {
            return "{"
                    + o.items().stream()
                            .map(i -> of(i.key()) + "=" + of(i.value()))
                            .collect(Collectors.joining(" ")) + "}";
        } else if (e instanceof Expr.ObjectConsKeyExpr k) {
            return k.literalName() != null ? k.literalName() : of(k.wrapped());
        } else if (e instanceof ForExpr f) {
            return "(for " + (f.keyVar() == null ? "" : f.keyVar() + ",") + f.valVar() + " " + of(f.collExpr())
                    + (f.keyExpr() == null ? "" : " " + of(f.keyExpr()) + " =>") + " " + of(f.valExpr())
                    + (f.group() ? " ..." : "") + (f.condExpr() == null ? "" : " if " + of(f.condExpr())) + ")";
        } else if (e instanceof SplatExpr s) {
            return "(splat " + of(s.source()) + " " + of(s.each()) + ")";
        } else if (e instanceof Expr.AnonSymbolExpr) {
            return "@";
        } else if (e instanceof Expr.InvalidExpr) {
            return "<invalid>";
        } else if (e instanceof Expr.ParenthesesExpr p) {
            return "(paren " + of(p.expr()) + ")";
        }
        throw new IllegalArgumentException("unknown node " + e);
    }

    private static String traversal(List<Traversal.Step> steps) {
        StringBuilder sb = new StringBuilder();
        for (Traversal.Step step : steps) {
            if (step instanceof Traversal.Root r) {
                sb.append(r.name());
            } else if (step instanceof Traversal.Attr a) {
                sb.append('.').append(a.name());
            } else if (step instanceof Traversal.Index i) {
                sb.append('[').append(value(i.key())).append(']');
            }
        }
        return sb.toString();
    }

    private static String value(Value v) {
        return !v.isNull() && v.type().equals(Type.STRING) ? quote(v.asString()) : v.toString();
    }

    private static String quote(String s) {
        return "\""
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t") + "\"";
    }
}
