package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.value.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type constraint expressions ({@code string}, {@code list(string)}, {@code object({a = optional(number)})},
 * ...), read from the syntax without evaluating, with the messages of HCL's {@code ext/typeexpr}. Used for
 * {@code variable} types and the second argument of {@code convert}.
 */
public final class TypeExpressions {

    private static final String INVALID = "Invalid type specification";

    private TypeExpressions() {}

    /**
     * The type constraint {@code expr} denotes; {@code any} is allowed (as {@link Type#DYNAMIC}) and object
     * attributes may be {@code optional(T)}. On error, diagnostics are added and DYNAMIC is returned.
     */
    public static Type constraint(Expr expr, Diagnostics diags) {
        return typeOf(expr, diags);
    }

    private static Type typeOf(Expr expr, Diagnostics diags) {
        String kw = keyword(expr);
        if (kw != null) {
            switch (kw) {
                case "bool":
                    return Type.BOOL;
                case "string":
                    return Type.STRING;
                case "number":
                    return Type.NUMBER;
                case "any":
                    return Type.DYNAMIC;
                case "list", "map", "set":
                    return fail(
                            diags,
                            "The " + kw + " type constructor requires one argument specifying the element " + "type.",
                            expr.range(),
                            null);
                case "object":
                    return fail(
                            diags,
                            "The object type constructor requires one argument specifying the attribute "
                                    + "types and values as a map.",
                            expr.range(),
                            null);
                case "tuple":
                    return fail(
                            diags,
                            "The tuple type constructor requires one argument specifying the element types "
                                    + "as a list.",
                            expr.range(),
                            null);
                default:
                    return fail(
                            diags, "The keyword \"" + kw + "\" is not a valid type specification.", expr.range(), null);
            }
        }
        if (!(unwrap(expr) instanceof FunctionCallExpr call)) {
            return fail(
                    diags,
                    "A type specification is either a primitive type keyword (bool, number, string) or a "
                            + "complex type constructor call, like list(string).",
                    expr.range(),
                    null);
        }
        String name = call.name();
        SrcRange argsRange = SrcRange.between(call.openParenRange(), call.closeParenRange());
        List<Expr> args = call.args();
        switch (name) {
            case "bool", "string", "number":
                return fail(
                        diags, "Primitive type keyword \"" + name + "\" does not expect arguments.", argsRange, null);
            case "any":
                return fail(
                        diags, "Type constraint keyword \"" + name + "\" does not expect arguments.", argsRange, null);
            default:
                break;
        }
        if (args.size() != 1) {
            SrcRange subject = args.size() > 1
                    ? SrcRange.between(
                            args.get(1).range(), args.get(args.size() - 1).range())
                    : argsRange;
            switch (name) {
                case "list", "set", "map":
                    return fail(
                            diags,
                            "The " + name + " type constructor requires one argument specifying the " + "element type.",
                            subject,
                            argsRange);
                case "object":
                    return fail(
                            diags,
                            "The object type constructor requires one argument specifying the attribute "
                                    + "types and values as a map.",
                            subject,
                            argsRange);
                case "tuple":
                    return fail(
                            diags,
                            "The tuple type constructor requires one argument specifying the element types "
                                    + "as a list.",
                            subject,
                            argsRange);
                default:
                    break;
            }
        }
        switch (name) {
            case "list":
                return Type.list(typeOf(args.get(0), diags));
            case "set":
                return Type.set(typeOf(args.get(0), diags));
            case "map":
                return Type.map(typeOf(args.get(0), diags));
            case "object":
                return objectType(expr, args.get(0), diags);
            case "tuple": {
                if (!(unwrap(args.get(0)) instanceof TupleConsExpr tuple)) {
                    return fail(
                            diags,
                            "Tuple type constructor requires a list of element types.",
                            args.get(0).range(),
                            expr.range());
                }
                List<Type> types = new ArrayList<>();
                for (Expr e : tuple.exprs()) {
                    types.add(typeOf(e, diags));
                }
                return Type.tuple(types);
            }
            case "optional":
                return fail(
                        diags,
                        "Keyword \"optional\" is valid only as a modifier for object type attributes.",
                        call.nameRange(),
                        null);
            default:
                return fail(diags, "Keyword \"" + name + "\" is not a valid type constructor.", expr.range(), null);
        }
    }

    private static Type objectType(Expr expr, Expr spec, Diagnostics diags) {
        if (!(unwrap(spec) instanceof ObjectConsExpr object)) {
            return fail(
                    diags,
                    "Object type constructor requires a map whose keys are attribute names and whose values "
                            + "are the corresponding attribute types.",
                    spec.range(),
                    expr.range());
        }
        Map<String, Type> attrs = new LinkedHashMap<>();
        Set<String> optional = new HashSet<>();
        for (ObjectConsExpr.Item item : object.items()) {
            String attrName = item.key().literalName();
            if (attrName == null) {
                fail(
                        diags,
                        "Object constructor map keys must be attribute names.",
                        item.key().range(),
                        expr.range());
                continue;
            }
            if (attrs.containsKey(attrName)) {
                fail(
                        diags,
                        "Object constructor map keys must be unique.",
                        item.key().range(),
                        expr.range());
                continue;
            }
            Expr typeExpr = item.value();
            if (unwrap(typeExpr) instanceof FunctionCallExpr call && call.name().equals("optional")) {
                SrcRange argsRange = SrcRange.between(call.openParenRange(), call.closeParenRange());
                if (call.args().isEmpty()) {
                    fail(
                            diags,
                            "Optional attribute modifier requires the attribute type as its argument.",
                            argsRange,
                            typeExpr.range());
                    continue;
                }
                if (call.args().size() == 1) {
                    optional.add(attrName);
                } else {
                    fail(
                            diags,
                            "Optional attribute modifier expects only one argument: the attribute type.",
                            argsRange,
                            typeExpr.range());
                }
                typeExpr = call.args().get(0);
            }
            attrs.put(attrName, typeOf(typeExpr, diags));
        }
        return Type.object(attrs, optional);
    }

    /** HCL's {@code ExprAsKeyword}: the name of a bare identifier (or true/false/null), else null. */
    private static String keyword(Expr expr) {
        Expr e = unwrap(expr);
        if (e instanceof Expr.ScopeTraversalExpr s && s.traversal().steps().size() == 1) {
            return s.traversal().rootName();
        }
        if (e instanceof Expr.LiteralValueExpr || e instanceof Expr.ObjectConsKeyExpr) {
            return new Expr.ObjectConsKeyExpr(e, false).literalName();
        }
        return null;
    }

    private static Expr unwrap(Expr e) {
        Expr x = e;
        while (x instanceof Expr.ParenthesesExpr p) {
            x = p.expr();
        }
        return x;
    }

    private static Type fail(Diagnostics diags, String detail, SrcRange subject, SrcRange context) {
        diags.add(Diagnostic.error(INVALID, detail, subject, context));
        return Type.DYNAMIC;
    }
}
