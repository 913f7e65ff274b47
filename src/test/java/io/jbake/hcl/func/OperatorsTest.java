package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.hcl.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operators as functions; expectations from buildx 0.29.1 ({@code docker buildx bake --print}). */
class OperatorsTest {

    private static Value call(Function f, Value... args) {
        return f.call(List.of(args));
    }

    private static FunctionException failure(Function f, Value... args) {
        return assertThrows(FunctionException.class, () -> f.call(List.of(args)));
    }

    @Test
    void arithmeticConvertsStringOperands() {
        assertEquals(
                "3",
                call(Operators.ADD, Value.string("1"), Value.number(2))
                        .asBigFloat()
                        .toString());
        assertEquals(
                "+Inf",
                call(Operators.DIVIDE, Value.number(1), Value.number(0))
                        .asBigFloat()
                        .toString());
        assertEquals(
                "1",
                call(Operators.MODULO, Value.number(1), Value.number(0))
                        .asBigFloat()
                        .toString());
        assertEquals(
                "-1",
                call(Operators.MODULO, Value.number(-7), Value.number(3))
                        .asBigFloat()
                        .toString());
    }

    @Test
    void errorsCarryArgumentIndexAndCtyWording() {
        FunctionException zero = failure(Operators.DIVIDE, Value.number(0), Value.number(0));
        assertEquals("can't divide zero by zero or infinity by infinity", zero.getMessage());
        assertEquals(-1, zero.argumentIndex());

        FunctionException notNumber = failure(Operators.ADD, Value.string("a"), Value.number(1));
        assertEquals("a number is required", notNumber.getMessage());
        assertEquals(0, notNumber.argumentIndex());

        FunctionException notBool = failure(Operators.AND, Value.TRUE, Value.string("x"));
        assertEquals("a bool is required", notBool.getMessage());
        assertEquals(1, notBool.argumentIndex());

        assertEquals(
                "bool required, but have number",
                failure(Operators.NOT, Value.number(1)).getMessage());
        assertEquals(
                "argument must not be null",
                failure(Operators.NEGATE, Value.NULL).getMessage());
    }

    @Test
    void equalityIsTyped() {
        assertEquals(Value.FALSE, call(Operators.EQUAL, Value.number(1), Value.string("1")));
        assertEquals(Value.TRUE, call(Operators.EQUAL, Value.NULL, Value.NULL));
        assertEquals(Value.TRUE, call(Operators.NOT_EQUAL, Value.NULL, Value.number(1)));
        assertEquals(Value.TRUE, call(Operators.LESS_THAN, Value.number(1), Value.string("2")));
        assertEquals(Value.FALSE, call(Operators.GREATER_THAN, Value.number(1), Value.number(2)));
    }
}
