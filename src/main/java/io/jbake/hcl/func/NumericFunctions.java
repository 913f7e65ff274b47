package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigInteger;
import java.util.List;

/**
 * Numeric functions of go-cty's stdlib (number.go) besides the operators in {@link Operators}. {@code log} and
 * {@code pow} compute in float64 as cty does (53-bit results); the rest stay arbitrary-precision.
 */
public final class NumericFunctions {

    private NumericFunctions() {}

    static List<Function> all() {
        return List.of(ABSOLUTE, CEIL, FLOOR, INT, LOG, POW, SIGNUM, MIN, MAX, PARSEINT);
    }

    private static Function unary(String name, java.util.function.UnaryOperator<BigFloat> op) {
        return Function.of(
                name,
                List.of(of("num", Type.NUMBER)),
                args -> Value.number(op.apply(args.get(0).asBigFloat())));
    }

    public static final Function ABSOLUTE = unary("absolute", BigFloat::abs);
    public static final Function CEIL = unary("ceil", BigFloat::ceil);
    public static final Function FLOOR = unary("floor", BigFloat::floor);

    /** Truncates toward zero; an infinity cannot be truncated. */
    public static final Function INT = Function.of("int", List.of(of("num", Type.NUMBER)), args -> {
        BigFloat n = args.get(0).asBigFloat();
        if (n.isInfinite()) {
            throw new FunctionException("can't truncate infinity to an integer");
        }
        return n.isInteger() ? args.get(0) : Value.number(n.truncate());
    });

    public static final Function LOG = Function.of(
            "log",
            List.of(of("num", Type.NUMBER), of("base", Type.NUMBER)),
            args -> float64(StrictMath.log(args.get(0).asBigFloat().toDouble())
                    / StrictMath.log(args.get(1).asBigFloat().toDouble())));

    public static final Function POW = Function.of(
            "pow",
            List.of(of("num", Type.NUMBER), of("power", Type.NUMBER)),
            args -> float64(goPow(
                    args.get(0).asBigFloat().toDouble(),
                    args.get(1).asBigFloat().toDouble())));

    /**
     * Go's {@code math.Pow}, whose results differ in the last bits from Java's for fractional powers: the
     * fractional part goes through exp(log), the integral part through repeated squaring of the mantissa.
     */
    static double goPow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1;
        }
        if (y == 1) {
            return x;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == 0) {
            boolean oddInt = isOddInt(y);
            if (y < 0) {
                if (Double.isInfinite(y)) {
                    return Double.POSITIVE_INFINITY;
                }
                return oddInt ? Math.copySign(Double.POSITIVE_INFINITY, x) : Double.POSITIVE_INFINITY;
            }
            if (Double.isInfinite(y)) {
                return 0;
            }
            return oddInt ? x : 0;
        }
        if (Double.isInfinite(y)) {
            if (x == -1) {
                return 1;
            }
            return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(x)) {
            if (x < 0) {
                return goPow(1 / x, -y); // Pow(-0, -y)
            }
            return y < 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        if (y == 0.5) {
            return Math.sqrt(x);
        }
        if (y == -0.5) {
            return 1 / Math.sqrt(x);
        }
        double ay = Math.abs(y);
        double yi = Math.floor(ay);
        double yf = ay - yi;
        if (yf != 0 && x < 0) {
            return Double.NaN;
        }
        if (yi >= 9.223372036854775807E18) {
            if (x == -1) {
                return 1;
            }
            return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
        }
        double a1 = 1.0;
        long ae = 0;
        if (yf != 0) {
            if (yf > 0.5) {
                yf--;
                yi++;
            }
            a1 = StrictMath.exp(yf * StrictMath.log(x));
        }
        int xe = Math.getExponent(x) + 1;
        double x1 = x / Math.scalb(1.0, xe);
        if (Math.getExponent(x) == Double.MIN_EXPONENT - 1) { // subnormal
            double n = x * 0x1p52;
            xe = Math.getExponent(n) + 1 - 52;
            x1 = n / Math.scalb(1.0, Math.getExponent(n) + 1);
        }
        for (long i = (long) yi; i != 0; i >>= 1) {
            if (xe < -(1 << 12) || (1 << 12) < xe) {
                ae += xe;
                break;
            }
            if ((i & 1) == 1) {
                a1 *= x1;
                ae += xe;
            }
            x1 *= x1;
            xe <<= 1;
            if (x1 < .5) {
                x1 += x1;
                xe--;
            }
        }
        if (y < 0) {
            if (a1 != 0) {
                a1 = 1 / a1;
            }
            ae = -ae;
        }
        return Math.scalb(a1, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ae)));
    }

    private static boolean isOddInt(double y) {
        if (Math.abs(y) >= 0x1p53) {
            return false;
        }
        return y == Math.rint(y) && ((long) y & 1) == 1;
    }

    /** cty's {@code NumberFloatVal}, which panics on NaN. */
    private static Value float64(double d) {
        if (Double.isNaN(d)) {
            throw Args.panic("Float.SetFloat64(NaN)");
        }
        return Value.number(d);
    }

    /** The sign of a whole number (cty decodes the argument as a Go int first). */
    public static final Function SIGNUM = Function.of(
            "signum",
            List.of(of("num", Type.NUMBER)),
            args -> Value.number(Long.signum(Args.toLong(args.get(0), -1, ""))));

    public static final Function MIN =
            Function.variadic("min", List.of(), of("numbers", Type.NUMBER), args -> extreme(args, -1));

    public static final Function MAX =
            Function.variadic("max", List.of(), of("numbers", Type.NUMBER), args -> extreme(args, 1));

    private static Value extreme(List<Value> args, int direction) {
        if (args.isEmpty()) {
            throw new FunctionException("must pass at least one number");
        }
        Value best = null;
        for (Value v : args) {
            if (best == null || Integer.signum(v.asBigFloat().compareTo(best.asBigFloat())) == direction) {
                best = v;
            }
        }
        return best;
    }

    /** Go's {@code big.Int.SetString(s, base)}: optional sign, digits 0-9a-z (A-Z too up to base 36, then 36-61). */
    public static final Function PARSEINT =
            Function.of("parseint", List.of(of("number", Type.DYNAMIC), of("base", Type.NUMBER)), args -> {
                Value numberArg = args.get(0);
                if (!numberArg.type().equals(Type.STRING)) {
                    throw new FunctionException(
                            0,
                            "first argument must be a string, not "
                                    + numberArg.type().friendlyName());
                }
                String s = numberArg.asString();
                long base = Args.toLong(args.get(1), 1, "");
                if (base < 2 || base > 62) {
                    throw new FunctionException(1, "base must be a whole number between 2 and 62 inclusive");
                }
                BigInteger n = parse(s, (int) base);
                if (n == null) {
                    throw new FunctionException(
                            0, "cannot parse " + io.jbake.go.GoStrings.quote(s) + " as a base " + base + " integer");
                }
                return Value.number(BigFloat.of(n));
            });

    private static BigInteger parse(String s, int base) {
        int i = 0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        if (i >= s.length()) {
            return null;
        }
        BigInteger n = BigInteger.ZERO;
        BigInteger b = BigInteger.valueOf(base);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'Z') {
                d = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
            } else {
                return null;
            }
            if (d >= base) {
                return null;
            }
            n = n.multiply(b).add(BigInteger.valueOf(d));
        }
        return neg ? n.negate() : n;
    }
}
