package io.jbake.hcl.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Number arithmetic and printing. Expected strings are what buildx 0.29.1 prints for the same HCL expressions
 * (a target's {@code args}, {@code docker buildx bake --print}).
 */
class BigFloatTest {

    private static BigFloat n(String s) {
        return BigFloat.parse(s);
    }

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10 | / | 3 | 3.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333332",
                "0.1 | + | 0.2 | 0.3",
                "2 | / | 3 | 0.6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666667",
                "7 | % | 3 | 1",
                "-7 | % | 3 | -1",
                "7.5 | % | 2 | 1.5",
                "1 | % | 0 | 1",
                "1 | / | 0 | +Inf",
                "1 | + | 1.5 | 2.5",
                "3 | - | 3.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333332 | -0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333323",
            })
    void arithmetic(String a, String op, String b, String want) {
        BigFloat x = n(a);
        BigFloat y = n(b);
        BigFloat r;
        switch (op) {
            case "+":
                r = x.add(y);
                break;
            case "-":
                r = x.subtract(y);
                break;
            case "*":
                r = x.multiply(y);
                break;
            case "/":
                r = x.divide(y);
                break;
            default:
                r = x.modulo(y);
                break;
        }
        assertEquals(want, r.toString());
    }

    @ParameterizedTest(name = "{0} prints {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1e3 | 1000",
                "2.5e-7 | 0.00000025",
                "12345678901234567890 | 12345678901234567890",
                "1.5 | 1.5",
                "2e30 | 2000000000000000000000000000000",
                "1e-30 | 0.000000000000000000000000000001",
                "100000000000000000000000000000000000000000.5 | 100000000000000000000000000000000000000000.5",
                "1e21 | 1000000000000000000000",
                "123456789.123456789 | 123456789.123456789",
                "1.0 | 1",
                "0.000001 | 0.000001",
                "1.25e6 | 1250000",
                "1e100 | 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                "0 | 0",
            })
    void printsShortestDecimal(String literal, String want) {
        assertEquals(want, n(literal).toString());
    }

    @ParameterizedTest
    @CsvSource({"abc", "1e", "''", "1.2.3", "' 1'", "0x10", "--1"})
    void rejectsNonNumbers(String s) {
        assertNull(BigFloat.parse(s));
    }

    @org.junit.jupiter.api.Test
    void negativeZeroPrintsWithSign() {
        assertEquals("-0", n("0.0").negate().toString());
        assertEquals("1", n("1").divide(n("3")).multiply(n("3")).toString());
    }

    @org.junit.jupiter.api.Test
    void doublesAndLongsKeepTheirPrecision() {
        assertEquals("0.1", BigFloat.of(0.1).toString());
        assertEquals("0.3333333333333333", BigFloat.of(1.0 / 3).toString());
        assertEquals("-9223372036854775808", BigFloat.of(Long.MIN_VALUE).toString());
    }
}
