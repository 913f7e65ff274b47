package io.jbake.hcl.value;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An arbitrary-precision binary floating-point number with the semantics of Go's {@code big.Float}, which is
 * what cty numbers are: a sign, an integer mantissa, a binary exponent and a precision in bits. Every result is
 * rounded to nearest-even at the larger precision of its operands, exactly as {@code big.Float} arithmetic with
 * a zero-precision receiver does, so that results (and their printed form) match buildx digit for digit.
 *
 * <p>Numbers parsed from source or strings carry cty's precision of {@value #PARSE_PRECISION} bits; integers
 * made from a {@code long} carry 64 bits (cty's {@code NumberIntVal}), doubles 53. Zero is signed ({@code -0}
 * prints as "-0", as in cty). Infinities exist because cty produces them (e.g. {@code log(0, 10)}); NaN does not.
 *
 * <p>The value is {@code (negative ? -1 : 1) * mant * 2^exp}, normalised so that a non-zero mantissa is odd.
 */
public final class BigFloat implements Comparable<BigFloat> {

    /** cty's precision for numbers parsed from text ({@code cty.ParseNumberVal}). */
    public static final int PARSE_PRECISION = 512;

    public static final BigFloat ZERO = new BigFloat(false, BigInteger.ZERO, 0, 64, false);
    public static final BigFloat ONE = new BigFloat(false, BigInteger.ONE, 0, 64, false);
    public static final BigFloat POSITIVE_INFINITY = new BigFloat(false, BigInteger.ZERO, 0, 0, true);
    public static final BigFloat NEGATIVE_INFINITY = new BigFloat(true, BigInteger.ZERO, 0, 0, true);

    private final boolean negative;
    private final BigInteger mant;
    private final int exp;
    private final int prec;
    private final boolean infinite;
    /** The printed form, computed on first use (printing a 512-bit fraction is comparatively costly). */
    private String text;

    private BigFloat(boolean negative, BigInteger mant, int exp, int prec, boolean infinite) {
        this.negative = negative;
        this.mant = mant;
        this.exp = exp;
        this.prec = prec;
        this.infinite = infinite;
    }

    /** The exact value of {@code v}, with 64 bits of precision. */
    public static BigFloat of(long v) {
        if (v == 0) {
            return ZERO;
        }
        if (v == 1) {
            return ONE;
        }
        BigInteger m = BigInteger.valueOf(v);
        return normalised(v < 0, m.abs(), 0, 64);
    }

    /** The exact value of {@code v}, with 53 bits of precision (Go's {@code big.NewFloat}). */
    public static BigFloat of(double v) {
        if (Double.isNaN(v)) {
            throw new ArithmeticException("NaN is not a number");
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        boolean neg = (Double.doubleToRawLongBits(v) < 0);
        if (v == 0) {
            return new BigFloat(neg, BigInteger.ZERO, 0, 53, false);
        }
        BigDecimal exact = new BigDecimal(Math.abs(v));
        return fromExactDecimal(neg, exact, 53);
    }

    /** An integer, with precision max(64, its bit length) like {@code big.Float.SetInt}. */
    public static BigFloat of(BigInteger v) {
        return normalised(v.signum() < 0, v.abs(), 0, Math.max(64, v.bitLength()));
    }

    /** {@code v} rounded to {@code prec} bits. */
    public static BigFloat of(BigDecimal v, int prec) {
        return fromExactDecimal(v.signum() < 0, v.abs(), prec);
    }

    /** {@code v} rounded to {@link #PARSE_PRECISION} bits. */
    public static BigFloat of(BigDecimal v) {
        return of(v, PARSE_PRECISION);
    }

    /**
     * Parses a decimal number as cty does ({@code big.ParseFloat(s, 10, 512, ToNearestEven)}): optional sign,
     * digits with an optional fraction, optional exponent, or "Inf"/"inf". Returns null if {@code s} is not such a
     * number.
     */
    public static BigFloat parse(String s) {
        int n = s.length();
        int i = 0;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.regionMatches(true, i, "inf", 0, 3) && i + 3 == n && !s.startsWith("iNf", i) && isInfSpelling(s, i)) {
            return neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        StringBuilder digits = new StringBuilder(n);
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean seenDigit = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                seenDigit = true;
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!seenDigit) {
            return null;
        }
        long exp10 = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c != 'e' && c != 'E') {
                return null;
            }
            i++;
            boolean expNeg = false;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                expNeg = s.charAt(i) == '-';
                i++;
            }
            if (i == n) {
                return null;
            }
            for (; i < n; i++) {
                c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                if (exp10 < 1_000_000_000L) {
                    exp10 = exp10 * 10 + (c - '0');
                }
            }
            if (expNeg) {
                exp10 = -exp10;
            }
        }
        exp10 -= fractionDigits;
        BigInteger m = new BigInteger(digits.toString());
        if (m.signum() == 0) {
            return new BigFloat(neg, BigInteger.ZERO, 0, PARSE_PRECISION, false);
        }
        if (exp10 > 100_000 || exp10 < -100_000) {
            // far beyond anything a bake file needs; keep the arithmetic bounded
            return exp10 > 0
                    ? (neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY)
                    : new BigFloat(neg, BigInteger.ZERO, 0, PARSE_PRECISION, false);
        }
        if (exp10 >= 0) {
            return round(neg, m.multiply(BigInteger.TEN.pow((int) exp10)), 0, PARSE_PRECISION, false);
        }
        return quotient(neg, m, 0, BigInteger.TEN.pow((int) -exp10), 0, PARSE_PRECISION);
    }

    private static boolean isInfSpelling(String s, int i) {
        String word = s.substring(i);
        return word.equals("inf") || word.equals("Inf");
    }

    private static BigFloat fromExactDecimal(boolean neg, BigDecimal abs, int prec) {
        if (abs.signum() == 0) {
            return new BigFloat(neg, BigInteger.ZERO, 0, prec, false);
        }
        BigInteger unscaled = abs.unscaledValue();
        int scale = abs.scale();
        if (scale <= 0) {
            return round(neg, unscaled.multiply(BigInteger.TEN.pow(-scale)), 0, prec, false);
        }
        return quotient(neg, unscaled, 0, BigInteger.TEN.pow(scale), 0, prec);
    }

    /** Rounds {@code m * 2^e} (plus a non-zero remainder below its last bit if {@code sticky}) to prec bits. */
    private static BigFloat round(boolean neg, BigInteger m, long e, int prec, boolean sticky) {
        int bl = m.bitLength();
        if (bl > prec) {
            int shift = bl - prec;
            BigInteger q = m.shiftRight(shift);
            boolean half = m.testBit(shift - 1);
            boolean rest = sticky || m.getLowestSetBit() < shift - 1;
            if (half && (rest || q.testBit(0))) {
                q = q.add(BigInteger.ONE);
            }
            m = q;
            e += shift;
        } else if (sticky) {
            throw new IllegalStateException("should never happen: inexact value without guard bits");
        }
        return normalised(neg, m, e, prec);
    }

    private static BigFloat normalised(boolean neg, BigInteger m, long e, int prec) {
        if (m.signum() == 0) {
            return new BigFloat(neg, BigInteger.ZERO, 0, prec, false);
        }
        int tz = m.getLowestSetBit();
        if (tz > 0) {
            m = m.shiftRight(tz);
            e += tz;
        }
        if (e > Integer.MAX_VALUE / 2 || e < Integer.MIN_VALUE / 2) {
            throw new ArithmeticException("exponent overflow");
        }
        return new BigFloat(neg, m, (int) e, prec, false);
    }

    /** Rounds {@code (a * 2^ea) / (b * 2^eb)} to prec bits. */
    private static BigFloat quotient(boolean neg, BigInteger a, long ea, BigInteger b, long eb, int prec) {
        int shift = Math.max(0, prec + 2 + b.bitLength() - a.bitLength());
        BigInteger[] qr = a.shiftLeft(shift).divideAndRemainder(b);
        return round(neg, qr[0], ea - eb - shift, prec, qr[1].signum() != 0);
    }

    public boolean isZero() {
        return !infinite && mant.signum() == 0;
    }

    public boolean isInfinite() {
        return infinite;
    }

    /** True for negative numbers, -0 and -Inf. */
    public boolean signBit() {
        return negative;
    }

    /** -1, 0 or 1; zero of either sign gives 0. */
    public int signum() {
        if (isZero()) {
            return 0;
        }
        return negative ? -1 : 1;
    }

    public int precision() {
        return prec;
    }

    /** True if finite and without fractional part. */
    public boolean isInteger() {
        return !infinite && (mant.signum() == 0 || exp >= 0);
    }

    public BigFloat add(BigFloat o) {
        return addAt(o, Math.max(prec, o.prec));
    }

    private BigFloat addAt(BigFloat o, int p) {
        if (infinite || o.infinite) {
            if (infinite && o.infinite && negative != o.negative) {
                throw new ArithmeticException("addition of infinities with opposite signs");
            }
            return infinite ? this : o;
        }
        if (isZero() && o.isZero()) {
            // Go: -0 + -0 = -0, otherwise +0
            return new BigFloat(negative && o.negative, BigInteger.ZERO, 0, p, false);
        }
        if (isZero()) {
            return round(o.negative, o.mant, o.exp, p, false);
        }
        if (o.isZero()) {
            return round(negative, mant, exp, p, false);
        }
        long e = Math.min(exp, o.exp);
        BigInteger a = mant.shiftLeft(exp - (int) e);
        BigInteger b = o.mant.shiftLeft(o.exp - (int) e);
        if (negative) {
            a = a.negate();
        }
        if (o.negative) {
            b = b.negate();
        }
        BigInteger sum = a.add(b);
        if (sum.signum() == 0) {
            return new BigFloat(false, BigInteger.ZERO, 0, p, false);
        }
        return round(sum.signum() < 0, sum.abs(), e, p, false);
    }

    public BigFloat negate() {
        return new BigFloat(!negative, mant, exp, prec, infinite);
    }

    public BigFloat abs() {
        return negative ? negate() : this;
    }

    public BigFloat subtract(BigFloat o) {
        return add(o.negate());
    }

    /**
     * The product as cty computes it: rounded to 512 bits, then kept at the largest of both precisions and the
     * bits the rounded product needs, so that products of integers stay exact.
     */
    public BigFloat multiply(BigFloat o) {
        boolean neg = negative != o.negative;
        if (infinite || o.infinite) {
            if (isZero() || o.isZero()) {
                throw new ArithmeticException("multiplication of zero with infinity");
            }
            return neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        BigFloat r = round(neg, mant.multiply(o.mant), (long) exp + o.exp, PARSE_PRECISION, false);
        int p = Math.max(Math.max(prec, o.prec), r.mant.bitLength());
        return r.withPrecision(p);
    }

    /** This number rounded to {@code p} bits, carrying precision p ({@code big.Float.SetPrec}). */
    public BigFloat withPrecision(int p) {
        if (infinite) {
            return this;
        }
        return round(negative, mant, exp, p, false);
    }

    /**
     * cty's modulo: {@code a - b * trunc(a / b)} computed at a's precision, so the sign follows a; a modulo zero
     * is a; with an infinite operand it is the product.
     */
    public BigFloat modulo(BigFloat o) {
        if (infinite || o.infinite) {
            return multiply(o);
        }
        if (o.isZero()) {
            return this;
        }
        BigInteger t = divide(o).toBigInteger();
        BigFloat work = round(t.signum() < 0, t.abs(), 0, prec, false);
        BigFloat product = o.multiplyAt(work, prec);
        return addAt(product.negate(), prec);
    }

    private BigFloat multiplyAt(BigFloat o, int p) {
        return round(negative != o.negative, mant.multiply(o.mant), (long) exp + o.exp, p, false);
    }

    /** The quotient; the caller rules out 0/0 and Inf/Inf (cty reports division by zero itself). */
    public BigFloat divide(BigFloat o) {
        int p = Math.max(prec, o.prec);
        boolean neg = negative != o.negative;
        if (infinite || o.infinite) {
            if (infinite && o.infinite) {
                throw new ArithmeticException("division of infinity by infinity");
            }
            return infinite
                    ? (neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY)
                    : new BigFloat(neg, BigInteger.ZERO, 0, p, false);
        }
        if (o.isZero()) {
            if (isZero()) {
                throw new ArithmeticException("division of zero by zero");
            }
            return neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (isZero()) {
            return new BigFloat(neg, BigInteger.ZERO, 0, p, false);
        }
        return quotient(neg, mant, exp, o.mant, o.exp, p);
    }

    /** The integer part, truncated toward zero ({@code big.Float.Int}); null for infinities. */
    public BigInteger toBigInteger() {
        if (infinite) {
            return null;
        }
        BigInteger v = exp >= 0 ? mant.shiftLeft(exp) : mant.shiftRight(-exp);
        return negative ? v.negate() : v;
    }

    /** The integer part truncated toward zero, as a BigFloat with max(64, bit length) precision. */
    public BigFloat truncate() {
        if (infinite || isInteger()) {
            return this;
        }
        return of(toBigInteger());
    }

    public BigFloat floor() {
        if (infinite || isInteger()) {
            return this;
        }
        BigInteger t = toBigInteger();
        return of(negative ? t.subtract(BigInteger.ONE) : t);
    }

    public BigFloat ceil() {
        if (infinite || isInteger()) {
            return this;
        }
        BigInteger t = toBigInteger();
        return of(negative ? t : t.add(BigInteger.ONE));
    }

    /** The exact value; throws for infinities. */
    public BigDecimal toBigDecimal() {
        if (infinite) {
            throw new ArithmeticException("infinity has no decimal value");
        }
        BigDecimal m = new BigDecimal(mant);
        BigDecimal v = exp >= 0
                ? m.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exp)))
                : m.multiply(BigDecimal.valueOf(5).pow(-exp)).scaleByPowerOfTen(exp);
        return negative ? v.negate() : v;
    }

    /** The nearest double. */
    public double toDouble() {
        if (infinite) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (isZero()) {
            return negative ? -0.0 : 0.0;
        }
        return toBigDecimal().doubleValue();
    }

    /** The value as a long if it is an integer in range, else null. */
    public Long toLongExact() {
        if (!isInteger()) {
            return null;
        }
        BigInteger v = toBigInteger();
        return v.bitLength() < 64 ? v.longValue() : null;
    }

    @Override
    public int compareTo(BigFloat o) {
        if (infinite || o.infinite) {
            int a = infinite ? (negative ? -1 : 1) * 2 : 0;
            int b = o.infinite ? (o.negative ? -1 : 1) * 2 : 0;
            if (a != 0 && b != 0) {
                return Integer.compare(a, b);
            }
            return a != 0 ? Integer.signum(a) : -Integer.signum(b);
        }
        int sa = signum();
        int sb = o.signum();
        if (sa != sb) {
            return Integer.compare(sa, sb);
        }
        if (sa == 0) {
            return 0;
        }
        long e = Math.min(exp, o.exp);
        int c = mant.shiftLeft(exp - (int) e).compareTo(o.mant.shiftLeft(o.exp - (int) e));
        return negative ? -c : c;
    }

    /** Numeric equality: -0 equals 0, precision is ignored (cty {@code Value.Equals}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BigFloat && compareTo((BigFloat) o) == 0;
    }

    @Override
    public int hashCode() {
        return isZero() ? 0 : (mant.hashCode() * 31 + exp) * (negative ? -1 : 1) + (infinite ? 7 : 0);
    }

    /**
     * The shortest decimal that rounds back to this number at its precision, without exponent: Go's
     * {@code big.Float.Text('f', -1)}, which is how cty converts a number to a string.
     */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = render();
            text = t;
        }
        return t;
    }

    private String render() {
        if (infinite) {
            return negative ? "-Inf" : "+Inf";
        }
        if (isZero()) {
            return negative ? "-0" : "0";
        }
        if (exp >= 0 && mant.bitLength() + exp <= prec) {
            // an integer with at most prec bits: every digit is needed, so skip the bounds computation
            BigInteger v = mant.shiftLeft(exp);
            return negative ? "-" + v : v.toString();
        }
        String digits = shortestDigits();
        // digits carries its decimal exponent after the '|'
        int bar = digits.indexOf('|');
        String d = digits.substring(0, bar);
        int dp = Integer.parseInt(digits.substring(bar + 1)); // position of the decimal point from the left
        StringBuilder sb = new StringBuilder(d.length() + 8);
        if (negative) {
            sb.append('-');
        }
        if (dp <= 0) {
            sb.append("0.");
            for (int i = dp; i < 0; i++) {
                sb.append('0');
            }
            sb.append(d);
        } else if (dp >= d.length()) {
            sb.append(d);
            for (int i = d.length(); i < dp; i++) {
                sb.append('0');
            }
        } else {
            sb.append(d, 0, dp).append('.').append(d, dp, d.length());
        }
        return sb.toString();
    }

    /**
     * Go's {@code big.Float.Text(format, prec)} for the formats 'e', 'E', 'f', 'g' and 'G': {@code prec} digits
     * after the point ('e', 'f') or significant digits ('g'), or the fewest that identify the number when -1.
     * Rounding is half-to-even on the exact decimal value; infinities are "+Inf" and "-Inf".
     */
    public String text(char format, int prec) {
        if (infinite) {
            return negative ? "-Inf" : "+Inf";
        }
        String digits;
        int dp;
        boolean shortest = prec < 0;
        if (isZero()) {
            digits = "";
            dp = 0;
        } else {
            String dd = shortest ? shortestDigits() : exactDigits();
            int bar = dd.indexOf('|');
            digits = dd.substring(0, bar);
            dp = Integer.parseInt(dd.substring(bar + 1));
        }
        if (shortest) {
            switch (format) {
                case 'e':
                case 'E':
                    prec = digits.length() - 1;
                    break;
                case 'f':
                    prec = Math.max(digits.length() - dp, 0);
                    break;
                default:
                    prec = digits.length();
                    break;
            }
        } else if (!digits.isEmpty()) {
            int n;
            switch (format) {
                case 'e':
                case 'E':
                    n = 1 + prec;
                    break;
                case 'f':
                    n = dp + prec;
                    break;
                default:
                    if (prec == 0) {
                        prec = 1;
                    }
                    n = prec;
            }
            if (n >= 0 && n < digits.length()) {
                String r = Decimal.round(digits, n, dp);
                int bar = r.indexOf('|');
                digits = r.substring(0, bar);
                dp = digits.isEmpty() ? 0 : Integer.parseInt(r.substring(bar + 1));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append('-');
        }
        switch (format) {
            case 'e':
            case 'E':
                return appendE(sb, format, prec, digits, dp).toString();
            case 'f':
                return appendF(sb, prec, digits, dp).toString();
            case 'g':
            case 'G': {
                int eprec = prec;
                if (eprec > digits.length() && digits.length() >= dp) {
                    eprec = digits.length();
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = dp - 1;
                if (exp < -4 || exp >= eprec) {
                    if (prec > digits.length()) {
                        prec = digits.length();
                    }
                    return appendE(sb, format == 'g' ? 'e' : 'E', prec - 1, digits, dp)
                            .toString();
                }
                if (prec > dp) {
                    prec = digits.length();
                }
                return appendF(sb, Math.max(prec - dp, 0), digits, dp).toString();
            }
            default:
                throw new IllegalArgumentException("unsupported format " + format);
        }
    }

    private static StringBuilder appendE(StringBuilder sb, char format, int prec, String digits, int dp) {
        sb.append(digits.isEmpty() ? '0' : digits.charAt(0));
        if (prec > 0) {
            sb.append('.');
            int m = Math.min(digits.length(), prec + 1);
            if (m > 1) {
                sb.append(digits, 1, m);
            }
            for (int i = Math.max(m, 1); i <= prec; i++) {
                sb.append('0');
            }
        }
        sb.append(format);
        long exp = digits.isEmpty() ? 0 : dp - 1L;
        sb.append(exp < 0 ? '-' : '+');
        exp = Math.abs(exp);
        if (exp < 10) {
            sb.append('0');
        }
        return sb.append(exp);
    }

    private static StringBuilder appendF(StringBuilder sb, int prec, String digits, int dp) {
        if (dp > 0) {
            int m = Math.min(digits.length(), dp);
            sb.append(digits, 0, m);
            for (; m < dp; m++) {
                sb.append('0');
            }
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                int at = dp - 1 + i;
                sb.append(at >= 0 && at < digits.length() ? digits.charAt(at) : '0');
            }
        }
        return sb;
    }

    /** All digits of the exact value, as "d|dp". */
    private String exactDigits() {
        Decimal x = Decimal.of(mant, exp);
        return x.digits + "|" + x.dp;
    }

    /**
     * The shortest digit string d (no leading or trailing zeros) and decimal point position dp, as "d|dp", such
     * that 0.d * 10^dp rounds back to this value at its precision; the same walk as Go's {@code roundShortest}:
     * digits of the exact value are kept until they differ from those of both half-ulp bounds.
     */
    private String shortestDigits() {
        // x = mant * 2^exp with mant scaled to prec+1 bits so that its lowest bit is half an ulp
        int s = mant.bitLength() - (prec + 1);
        BigInteger m2 = s < 0 ? mant.shiftLeft(-s) : mant.shiftRight(s);
        long e2 = (long) exp + s;
        Decimal x = Decimal.of(mant, exp);
        Decimal lower = Decimal.of(m2.subtract(BigInteger.ONE), e2);
        Decimal upper = Decimal.of(m2.add(BigInteger.ONE), e2);
        boolean inclusive = !m2.testBit(1);
        // Like Go, the digits of the bounds are compared position by position without aligning decimal points.
        String xd = x.digits;
        String ld = lower.digits;
        String ud = upper.digits;
        for (int i = 0; i < xd.length(); i++) {
            char m = xd.charAt(i);
            char l = at(ld, i);
            char u = at(ud, i);
            boolean okDown = l != m || inclusive && i + 1 == ld.length();
            boolean okUp = m != u && (inclusive || m + 1 < u || i + 1 < ud.length());
            if (okDown && okUp) {
                return Decimal.round(xd, i + 1, x.dp);
            } else if (okDown) {
                return Decimal.trim(xd.substring(0, i + 1), x.dp);
            } else if (okUp) {
                return Decimal.roundUp(xd, i + 1, x.dp);
            }
        }
        return Decimal.trim(xd, x.dp);
    }

    private static final BigInteger[] FIVES = new BigInteger[2048];

    /** 5^n, cached: number printing needs the same few hundred powers over and over. */
    private static BigInteger powerOfFive(int n) {
        if (n >= FIVES.length) {
            return BigInteger.valueOf(5).pow(n);
        }
        BigInteger p = FIVES[n];
        if (p == null) {
            p = BigInteger.valueOf(5).pow(n);
            FIVES[n] = p;
        }
        return p;
    }

    private static char at(String digits, int i) {
        return i < digits.length() ? digits.charAt(i) : '0';
    }

    /** An exact positive decimal 0.digits * 10^dp, digits without leading or trailing zeros. */
    private static final class Decimal {
        final String digits;
        final int dp;

        private Decimal(String digits, int dp) {
            this.digits = digits;
            this.dp = dp;
        }

        static Decimal of(BigInteger m, long e) {
            String d;
            int dp;
            if (e >= 0) {
                d = m.shiftLeft((int) e).toString();
                dp = d.length();
            } else {
                // m * 2^e = m * 5^-e / 10^-e
                d = m.multiply(powerOfFive((int) -e)).toString();
                dp = d.length() + (int) e;
            }
            int end = d.length();
            while (end > 1 && d.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(d.substring(0, end), dp);
        }

        static String trim(String d, int dp) {
            int end = d.length();
            while (end > 0 && d.charAt(end - 1) == '0') {
                end--;
            }
            int start = 0;
            while (start < end && d.charAt(start) == '0') {
                start++;
                dp--;
            }
            return d.substring(start, end) + "|" + dp;
        }

        /** Rounds d to n digits, half up (as Go's decimal.round with shouldRoundUp on exact halves to even). */
        static String round(String d, int n, int dp) {
            if (n < d.length()) {
                char next = d.charAt(n);
                boolean up;
                if (next == '5' && n + 1 == d.length()) {
                    up = n > 0 && (d.charAt(n - 1) - '0') % 2 == 1;
                } else {
                    up = next >= '5';
                }
                if (up) {
                    return roundUp(d, n, dp);
                }
            }
            return trim(d.substring(0, Math.min(n, d.length())), dp);
        }

        static String roundUp(String d, int n, int dp) {
            char[] c = d.substring(0, n).toCharArray();
            int i = n - 1;
            while (i >= 0 && c[i] == '9') {
                i--;
            }
            if (i < 0) {
                return "1|" + (dp + 1);
            }
            c[i]++;
            return trim(new String(c, 0, i + 1), dp);
        }
    }
}
