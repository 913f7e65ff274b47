package io.jbake.hcl;

import io.jbake.hcl.func.Function;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scope an expression is evaluated in: variables and functions, linked to a parent scope. Names are
 * looked up from the innermost scope outwards. A scope without a variable map (or function map) does not
 * shadow its parent; when no scope at all has one, referring to a variable (calling a function) is the error
 * "Variables not allowed" ("Function calls not allowed"), as in HCL.
 *
 * <p>A {@link VariableResolver} lets the caller supply variables on first use instead of up front: a name
 * that no scope defines is passed, with the range of the reference, to the nearest scope's resolver. This is
 * where the bake layer resolves variables and {@code target.x.y} lazily and reports a cycle at the reference.
 *
 * <p>Contexts are not thread-safe; evaluate with one thread or give each thread its own child scope.
 */
public final class EvalContext {

    /** Supplies a variable that no scope defines. */
    @FunctionalInterface
    public interface VariableResolver {
        /**
         * Returns the variable's value, or null when there is no such variable (then the reference is reported
         * as "Unknown variable"). A resolver that fails adds its error diagnostics and returns any value.
         */
        Value resolve(String name, SrcRange reference, Diagnostics diags);
    }

    private final EvalContext parent;
    private Map<String, Value> variables;
    private Map<String, Function> functions;
    private VariableResolver resolver;
    private final Object symbol;
    private final Value symbolValue;

    private EvalContext(
            EvalContext parent,
            Map<String, Value> variables,
            Map<String, Function> functions,
            Object symbol,
            Value symbolValue) {
        this.parent = parent;
        this.variables = variables;
        this.functions = functions;
        this.symbol = symbol;
        this.symbolValue = symbolValue;
    }

    /** A root scope with (copies of) the given variables and functions; either may be null for "none allowed". */
    public static EvalContext of(Map<String, Value> variables, Map<String, Function> functions) {
        return new EvalContext(
                null,
                variables == null ? null : new HashMap<>(variables),
                functions == null ? null : new HashMap<>(functions),
                null,
                null);
    }

    /** A root scope in which neither variables nor function calls are allowed. */
    public static EvalContext empty() {
        return new EvalContext(null, null, null, null, null);
    }

    /** {@code ctx}, or an empty context when it is null (HCL's nil context: nothing may be referred to). */
    public static EvalContext orEmpty(EvalContext ctx) {
        return ctx != null ? ctx : empty();
    }

    /** A child scope with no names of its own yet. */
    public EvalContext newChild() {
        return new EvalContext(this, null, null, null, null);
    }

    /** A child scope binding the given variables (for expression iteration variables, for example). */
    public EvalContext newChild(Map<String, Value> variables) {
        return new EvalContext(this, variables, null, null, null);
    }

    /**
     * A child scope binding an anonymous symbol (a splat expression's current element) that only the node
     * identified by {@code symbol} can read.
     */
    public EvalContext withSymbol(Object symbol, Value value) {
        return new EvalContext(this, null, null, symbol, value);
    }

    /** The value bound to {@code symbol} by the nearest enclosing {@link #withSymbol}, or null. */
    public Value symbolValue(Object symbol) {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.symbol == symbol) {
                return c.symbolValue;
            }
        }
        return null;
    }

    public EvalContext parent() {
        return parent;
    }

    /** Defines (or redefines) a variable in this scope. */
    public EvalContext setVariable(String name, Value value) {
        if (variables == null) {
            variables = new HashMap<>();
        }
        variables.put(name, value);
        return this;
    }

    /** Defines (or redefines) a function in this scope. */
    public EvalContext setFunction(String name, Function function) {
        if (functions == null) {
            functions = new HashMap<>();
        }
        functions.put(name, function);
        return this;
    }

    /** Sets the resolver consulted for names no scope defines (see {@link VariableResolver}). */
    public EvalContext setResolver(VariableResolver resolver) {
        this.resolver = resolver;
        return this;
    }

    /** The variable's value in the nearest scope defining it, or null; does not consult resolvers. */
    public Value variable(String name) {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.variables != null) {
                Value v = c.variables.get(name);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The function in the nearest scope defining it, or null. */
    public Function function(String name) {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.functions != null) {
                Function f = c.functions.get(name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The nearest resolver, or null. */
    public VariableResolver resolver() {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.resolver != null) {
                return c.resolver;
            }
        }
        return null;
    }

    /** True when some scope has a variable map or a resolver, i.e. variables may be referred to at all. */
    public boolean allowsVariables() {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.variables != null || c.resolver != null) {
                return true;
            }
        }
        return false;
    }

    /** True when some scope has a function map, i.e. functions may be called at all. */
    public boolean allowsFunctions() {
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.functions != null) {
                return true;
            }
        }
        return false;
    }

    /** All variable names visible from this scope, for "Did you mean" suggestions. */
    public List<String> variableNames() {
        List<String> names = new ArrayList<>();
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.variables != null) {
                names.addAll(c.variables.keySet());
            }
        }
        return names;
    }

    /** All function names visible from this scope, for "Did you mean" suggestions. */
    public List<String> functionNames() {
        List<String> names = new ArrayList<>();
        for (EvalContext c = this; c != null; c = c.parent) {
            if (c.functions != null) {
                names.addAll(c.functions.keySet());
            }
        }
        return names;
    }
}
