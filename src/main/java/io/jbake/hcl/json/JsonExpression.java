package io.jbake.hcl.json;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Expression;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value used as an expression, with HCL's JSON semantics: numbers, bools and null are literals,
 * arrays are tuples, objects are objects, and every string (object keys included) is a template, so
 * {@code "${var.x}"} interpolates. With a null context strings are taken literally, as in HCL.
 */
public final class JsonExpression implements Expression {

    private final JsonNode node;

    JsonExpression(JsonNode node) {
        this.node = node;
    }

    @Override
    public SrcRange range() {
        return node.range();
    }

    /** The opening bracket of an array or object, else the whole value, as in HCL's JSON syntax. */
    @Override
    public SrcRange startRange() {
        return node.startRange();
    }

    @Override
    public Value evaluate(EvalContext ctx, Diagnostics diags) {
        return evaluate(node, ctx, diags);
    }

    private static Value evaluate(JsonNode node, EvalContext ctx, Diagnostics diags) {
        if (node instanceof JsonNode.StringVal s) {
            if (ctx == null) {
                return Value.string(s.value);
            }
            int before = diags.errorCount();
            io.jbake.hcl.syntax.Expr template = s.template(diags);
            if (diags.errorCount() > before) {
                return Value.NULL;
            }
            return template.evaluate(ctx, diags);
        } else if (node instanceof JsonNode.NumberVal n) {
            return Value.number(n.value());
        } else if (node instanceof JsonNode.BoolVal b) {
            return Value.bool(b.value());
        } else if (node instanceof JsonNode.ArrayVal a) {
            int before = diags.errorCount();
            List<Value> values = new ArrayList<>(a.values().size());
            for (JsonNode v : a.values()) {
                values.add(evaluate(v, ctx, diags));
            }
            return diags.errorCount() > before ? Value.NULL : Value.tuple(values);
        } else if (node instanceof JsonNode.ObjectVal o) {
            int before = diags.errorCount();
            Map<String, Value> attrs = new HashMap<>();
            Map<String, SrcRange> ranges = new HashMap<>();
            for (JsonNode.Attr attr : o.attrs()) {
                int nameBefore = diags.errorCount();
                Value name = evaluate(new JsonNode.StringVal(attr.name(), attr.nameRange()), ctx, diags);
                Value value = evaluate(attr.value(), ctx, diags);
                if (diags.errorCount() > nameBefore) {
                    continue;
                }
                String key;
                try {
                    name = Convert.convert(name, Type.STRING);
                } catch (ConversionException e) {
                    diags.add(Diagnostic.error(
                            "Invalid object key expression",
                            "Cannot use this expression as an " + "object key: " + e.getMessage() + ".",
                            attr.nameRange()));
                    continue;
                }
                if (name.isNull()) {
                    diags.add(Diagnostic.error(
                            "Invalid object key expression",
                            "Cannot use null value as an object key.",
                            attr.nameRange()));
                    continue;
                }
                key = name.asString();
                if (attrs.containsKey(key)) {
                    diags.add(Diagnostic.error(
                            "Duplicate object attribute",
                            "An attribute named \"" + key + "\" was already defined at " + ranges.get(key) + ".",
                            attr.nameRange()));
                    continue;
                }
                attrs.put(key, value);
                ranges.put(key, attr.nameRange());
            }
            return diags.errorCount() > before ? Value.NULL : Value.object(attrs);
        }
        return Value.NULL; // null, or a value that failed to parse (already reported)
    }

    @Override
    public List<Traversal> variables() {
        List<Traversal> out = new ArrayList<>();
        collect(node, out, null);
        return out;
    }

    @Override
    public Set<String> functionNames() {
        Set<String> out = new LinkedHashSet<>();
        collect(node, null, out);
        return out;
    }

    private static void collect(JsonNode node, List<Traversal> vars, Set<String> functions) {
        if (node instanceof JsonNode.StringVal s) {
            Diagnostics ignored = new Diagnostics();
            io.jbake.hcl.syntax.Expr template = s.template(ignored);
            if (ignored.hasErrors()) {
                return;
            }
            if (vars != null) {
                vars.addAll(template.variables());
            }
            if (functions != null) {
                functions.addAll(template.functionNames());
            }
        } else if (node instanceof JsonNode.ArrayVal a) {
            for (JsonNode v : a.values()) {
                collect(v, vars, functions);
            }
        } else if (node instanceof JsonNode.ObjectVal o) {
            for (JsonNode.Attr attr : o.attrs()) {
                collect(new JsonNode.StringVal(attr.name(), attr.nameRange()), vars, functions);
                collect(attr.value(), vars, functions);
            }
        }
    }

    /**
     * The keyword this expression stands for when read statically (a JSON string holding an identifier), as
     * HCL's {@code ExprAsKeyword} reads it; null otherwise.
     */
    public String asKeyword() {
        if (node instanceof JsonNode.StringVal s && !s.value.isEmpty()) {
            String v = s.value;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                boolean ok = Character.isLetter(c) || c == '_' || (i > 0 && (Character.isDigit(c) || c == '-'));
                if (!ok) {
                    return null;
                }
            }
            return v;
        }
        return null;
    }

    /** The elements of a JSON array as expressions (HCL's {@code ExprList}), or null for other values. */
    public List<Expression> elements() {
        if (!(node instanceof JsonNode.ArrayVal a)) {
            return null;
        }
        List<Expression> out = new java.util.ArrayList<>(a.values().size());
        a.values().forEach(v -> out.add(new JsonExpression(v)));
        return out;
    }

    /** The string's text when this expression is a JSON string, else null. */
    public String stringSource() {
        return node instanceof JsonNode.StringVal s ? s.value : null;
    }
}
