package io.jbake.hcl.func;

import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * HCL's operators, which are cty stdlib functions (HCL {@code expression_ops.go}): the evaluator converts each
 * operand to the parameter type (reporting "Invalid operand; Unsuitable value for left operand: ...") and calls
 * the function (reporting "Operation failed; Error during operation: ..."). The same functions are registered in
 * the stdlib under their cty names ({@code add}, {@code lessthan}, ...), so {@code "1" + 2} and
 * {@code add("1", 2)} convert identically.
 */
public final class Operators {

    private static final List<Parameter> TWO_NUMBERS =
            List.of(Parameter.of("a", Type.NUMBER), Parameter.of("b", Type.NUMBER));
    private static final List<Parameter> TWO_BOOLS =
            List.of(Parameter.of("a", Type.BOOL), Parameter.of("b", Type.BOOL));
    private static final List<Parameter> TWO_ANY =
            List.of(Parameter.nullable("a", Type.DYNAMIC), Parameter.nullable("b", Type.DYNAMIC));

    /** {@code a + b}. */
    public static final Function ADD = arithmetic("add", BigFloat::add, "can't compute sum of opposing infinities");
    /** {@code a - b}. */
    public static final Function SUBTRACT =
            arithmetic("subtract", BigFloat::subtract, "can't subtract infinity from itself");
    /** {@code a * b}. */
    public static final Function MULTIPLY =
            arithmetic("multiply", BigFloat::multiply, "can't multiply zero by infinity");
    /** {@code a / b}; a non-zero number divided by zero is an infinity, as in cty. */
    public static final Function DIVIDE =
            arithmetic("divide", BigFloat::divide, "can't divide zero by zero or infinity by infinity");
    /** {@code a % b}. */
    public static final Function MODULO =
            arithmetic("modulo", BigFloat::modulo, "can't use modulo with zero and infinity");

    /** {@code -num}. */
    public static final Function NEGATE = Function.of(
            "negate",
            List.of(Parameter.of("num", Type.NUMBER)),
            args -> Value.number(args.get(0).asBigFloat().negate()));

    /** {@code !val}. */
    public static final Function NOT = Function.of(
            "not",
            List.of(Parameter.of("val", Type.BOOL)),
            args -> Value.bool(!args.get(0).asBool()));

    /** {@code a && b}; both operands are always evaluated, as in HCL. */
    public static final Function AND = Function.of(
            "and",
            TWO_BOOLS,
            args -> Value.bool(args.get(0).asBool() && args.get(1).asBool()));

    /** {@code a || b}. */
    public static final Function OR = Function.of(
            "or",
            TWO_BOOLS,
            args -> Value.bool(args.get(0).asBool() || args.get(1).asBool()));

    /** {@code a == b}: cty equality, so values of different types are unequal ({@code 1 == "1"} is false). */
    public static final Function EQUAL =
            Function.of("equal", TWO_ANY, args -> Value.bool(args.get(0).equals(args.get(1))));

    /** {@code a != b}. */
    public static final Function NOT_EQUAL =
            Function.of("notequal", TWO_ANY, args -> Value.bool(!args.get(0).equals(args.get(1))));

    /** {@code a < b}. */
    public static final Function LESS_THAN = comparison("lessthan", c -> c < 0);
    /** {@code a <= b}. */
    public static final Function LESS_THAN_OR_EQUAL_TO = comparison("lessthanorequalto", c -> c <= 0);
    /** {@code a > b}. */
    public static final Function GREATER_THAN = comparison("greaterthan", c -> c > 0);
    /** {@code a >= b}. */
    public static final Function GREATER_THAN_OR_EQUAL_TO = comparison("greaterthanorequalto", c -> c >= 0);

    private Operators() {}

    static List<Function> all() {
        return List.of(
                ADD,
                SUBTRACT,
                MULTIPLY,
                DIVIDE,
                MODULO,
                NEGATE,
                NOT,
                AND,
                OR,
                EQUAL,
                NOT_EQUAL,
                LESS_THAN,
                LESS_THAN_OR_EQUAL_TO,
                GREATER_THAN,
                GREATER_THAN_OR_EQUAL_TO);
    }

    private static Function arithmetic(String name, BinaryOperator<BigFloat> op, String nanMessage) {
        return Function.of(name, TWO_NUMBERS, args -> {
            try {
                return Value.number(
                        op.apply(args.get(0).asBigFloat(), args.get(1).asBigFloat()));
            } catch (ArithmeticException e) {
                throw new FunctionException(nanMessage);
            }
        });
    }

    private interface ComparisonTest {
        boolean test(int comparison);
    }

    private static Function comparison(String name, ComparisonTest test) {
        return Function.of(
                name,
                TWO_NUMBERS,
                args -> Value.bool(
                        test.test(args.get(0).asBigFloat().compareTo(args.get(1).asBigFloat()))));
    }
}
