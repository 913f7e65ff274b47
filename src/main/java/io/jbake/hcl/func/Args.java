package io.jbake.hcl.func;

import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;

/** Small argument helpers shared by the stdlib domains. */
final class Args {

    private static final String WHOLE_NUMBER =
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

    private Args() {}

    /**
     * A number as a Go {@code int}, as gocty decodes it; the error text is gocty's, to follow a prefix such as
     * "invalid index: ".
     */
    static long toLong(Value v, int argIndex, String prefix) {
        BigFloat n = v.asBigFloat();
        Long l = n.toLongExact();
        if (l == null) {
            throw new FunctionException(argIndex, prefix + WHOLE_NUMBER);
        }
        return l;
    }

    /** Like {@link #toLong} but the range is that of a Java int (collections cannot be longer anyway). */
    static int toInt(Value v, int argIndex, String prefix) {
        long l = toLong(v, argIndex, prefix);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    /**
     * The error cty reports when a Go function implementation panics. cty appends the goroutine stack after a
     * newline; jbake has none to show, so the message ends with the newline.
     */
    static FunctionException panic(String what) {
        return new FunctionException("panic in function implementation: " + what + "\n");
    }

    static String str(List<Value> args, int i) {
        return args.get(i).asString();
    }

    /** A list of {@code elementType} holding {@code elems}, which may be empty. */
    static Value list(Type elementType, List<Value> elems) {
        return elems.isEmpty() ? Value.emptyList(elementType) : Value.list(elementType, elems);
    }

    /** A list of strings. */
    static Value stringList(List<String> strings) {
        if (strings.isEmpty()) {
            return Value.emptyList(Type.STRING);
        }
        Value[] vals = new Value[strings.size()];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = Value.string(strings.get(i));
        }
        return Value.list(Type.STRING, List.of(vals));
    }
}
