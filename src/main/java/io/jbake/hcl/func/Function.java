package io.jbake.hcl.func;

import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A function callable from HCL, declared as cty declares functions: fixed parameters, an optional variadic
 * parameter, and an implementation that receives arguments already converted to the parameter types.
 *
 * <p>{@link #call} is the whole contract of cty's {@code Function.Call}: it checks the argument count,
 * rejects null arguments where the parameter does not allow them, converts each argument, then runs the
 * implementation. A caller that reports arity and conversion problems with its own wording (HCL does, on the
 * argument's range) can use {@link #parameters()}, {@link #variadicParameter()} and
 * {@link #parameterFor(int)} first; {@code call} is still safe to use afterwards.
 */
public final class Function {

    /**
     * A parameter: its name (shown in messages), its type constraint ({@link Type#DYNAMIC} accepts anything), and
     * whether a null argument is passed to the implementation (otherwise it is an error).
     */
    public static final class Parameter {
        private final String name;
        private final Type type;
        private final boolean allowNull;

        private Parameter(String name, Type type, boolean allowNull) {
            this.name = Objects.requireNonNull(name);
            this.type = Objects.requireNonNull(type);
            this.allowNull = allowNull;
        }

        public static Parameter of(String name, Type type) {
            return new Parameter(name, type, false);
        }

        public static Parameter nullable(String name, Type type) {
            return new Parameter(name, type, true);
        }

        public String name() {
            return name;
        }

        public Type type() {
            return type;
        }

        public boolean allowNull() {
            return allowNull;
        }
    }

    /** The body of a function; {@code args} match the parameters, variadic arguments last. */
    @FunctionalInterface
    public interface Implementation {
        Value call(List<Value> args);
    }

    private final String name;
    private final List<Parameter> parameters;
    private final Parameter variadic;
    private final Implementation impl;

    private Function(String name, List<Parameter> parameters, Parameter variadic, Implementation impl) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.variadic = variadic;
        this.impl = impl;
    }

    /** A function with fixed parameters only. */
    public static Function of(String name, List<Parameter> parameters, Implementation impl) {
        return new Function(name, parameters, null, impl);
    }

    /** A function whose last parameter, {@code variadic}, takes zero or more arguments. */
    public static Function variadic(String name, List<Parameter> parameters, Parameter variadic, Implementation impl) {
        return new Function(name, parameters, Objects.requireNonNull(variadic), impl);
    }

    /** The name the function is registered under; used in messages. */
    public String name() {
        return name;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The variadic parameter, or null. */
    public Parameter variadicParameter() {
        return variadic;
    }

    /** The parameter that argument {@code index} binds to, or null if there is none. */
    public Parameter parameterFor(int index) {
        return index < parameters.size() ? parameters.get(index) : variadic;
    }

    /**
     * Calls the function. Throws {@link FunctionException} for a wrong argument count (index -1), a null or
     * unconvertible argument (that argument's index), or a failure of the implementation.
     */
    public Value call(List<Value> args) {
        int fixed = parameters.size();
        if (args.size() < fixed) {
            throw new FunctionException("not enough arguments");
        }
        if (variadic == null && args.size() > fixed) {
            throw new FunctionException("too many arguments");
        }
        List<Value> converted = null;
        for (int i = 0; i < args.size(); i++) {
            Parameter p = i < fixed ? parameters.get(i) : variadic;
            Value arg = args.get(i);
            if (arg.isNull() && !p.allowNull) {
                throw new FunctionException(i, "argument must not be null");
            }
            Value c;
            try {
                c = Convert.convert(arg, p.type);
            } catch (ConversionException e) {
                throw new FunctionException(i, e.getMessage());
            }
            if (c != arg && converted == null) {
                converted = new ArrayList<>(args);
            }
            if (converted != null) {
                converted.set(i, c);
            }
        }
        try {
            return impl.call(converted == null ? args : converted);
        } catch (ConversionException e) {
            throw new FunctionException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name + "()";
    }
}
