package io.jbake.go;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Expected texts are Go's {@code strconv.FormatFloat(x, 'f', n, 64)}: the exact binary value rounded, ties
 * to even (0.35 is 0.34999999999999997779... in binary, 0.25 is exact and a tie).
 */
class GoFloatTest {

    @Test
    void oneDecimalRoundsTheBinaryValueHalfToEven() {
        assertEquals("0.2", GoFloat.fixed(0.25, 1));
        assertEquals("0.3", GoFloat.fixed(0.35, 1));
        assertEquals("1.1", GoFloat.fixed(1.05, 1));
        assertEquals("2.5", GoFloat.fixed(2.5, 1));
        assertEquals("0.8", GoFloat.fixed(0.75, 1));
        assertEquals("1.1", GoFloat.fixed(1.15, 1));
        assertEquals("0.1", GoFloat.fixed(0.05, 1));
        assertEquals("0.0", GoFloat.fixed(0, 1));
        assertEquals("123.5", GoFloat.fixed(123.45, 1));
    }

    @Test
    void moreDecimalsAndCarries() {
        assertEquals("0.12", GoFloat.fixed(0.125, 2));
        assertEquals("2.67", GoFloat.fixed(2.675, 2));
        assertEquals("1.00", GoFloat.fixed(1.005, 2));
        assertEquals("100.00", GoFloat.fixed(99.995, 2));
        assertEquals("0.001", GoFloat.fixed(0.0005, 3));
        assertEquals("9.999", GoFloat.fixed(9.9995, 3));
    }

    @Test
    void signAndSpecialValuesAsGoPrintsThem() {
        assertEquals("-0.0", GoFloat.fixed(-0.01, 1));
        assertEquals("-0.0", GoFloat.fixed(-0.0, 1));
        assertEquals("-1.2", GoFloat.fixed(-1.25, 1));
        assertEquals("NaN", GoFloat.fixed(Double.NaN, 1));
        assertEquals("+Inf", GoFloat.fixed(Double.POSITIVE_INFINITY, 1));
        assertEquals("-Inf", GoFloat.fixed(Double.NEGATIVE_INFINITY, 1));
    }
}
