package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.nullable;
import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoJson;
import io.jbake.go.GoStrings;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code format} and {@code formatlist}: cty's printf dialect. A verb is
 * {@code %[flags][width][.precision][[argindex]]verb} with flags {@code 0 # - + space}; {@code %v} prints
 * strings and numbers as they are and anything else as JSON ({@code %#v} always JSON), {@code %q} a JSON
 * string, numbers follow Go's {@code big.Float} / {@code big.Int} formatting. Widths count grapheme clusters
 * for {@code %s %q %v}. Offsets in messages are byte offsets, as in cty.
 */
public final class FormatFunctions {

    private FormatFunctions() {}

    static List<Function> all() {
        return List.of(FORMAT, FORMATLIST);
    }

    public static final Function FORMAT = Function.variadic(
            "format",
            List.of(of("format", Type.STRING)),
            nullable("args", Type.DYNAMIC),
            args -> Value.string(format(args.get(0).asString(), args.subList(1, args.size()))));

    public static final Function FORMATLIST = Function.variadic(
            "formatlist", List.of(of("format", Type.STRING)), nullable("args", Type.DYNAMIC), args -> {
                String fmt = args.get(0).asString();
                List<Value> rest = args.subList(1, args.size());
                if (rest.isEmpty()) {
                    return Value.list(List.of(Value.string(format(fmt, rest))));
                }
                int iterLen = -1;
                int chooser = -1;
                for (int i = 0; i < rest.size(); i++) {
                    Value a = rest.get(i);
                    Type t = a.type();
                    if ((t.isList() || t.isSet() || t.isTuple()) && !a.isNull()) {
                        if (iterLen == -1) {
                            iterLen = a.length();
                            chooser = i;
                        } else if (a.length() != iterLen) {
                            throw new FunctionException(
                                    i + 1,
                                    "argument " + (i + 1) + " has length " + a.length()
                                            + ", which is inconsistent with argument " + (chooser + 1) + " of length "
                                            + iterLen);
                        }
                    }
                }
                if (iterLen == 0) {
                    return Value.emptyList(Type.STRING);
                }
                if (iterLen == -1) {
                    iterLen = 1;
                }
                List<Value> out = new ArrayList<>(iterLen);
                for (int it = 0; it < iterLen; it++) {
                    List<Value> fmtArgs = new ArrayList<>(rest.size());
                    for (Value a : rest) {
                        Type t = a.type();
                        boolean seq = (t.isList() || t.isSet() || t.isTuple()) && !a.isNull();
                        fmtArgs.add(seq ? a.elements().get(it) : a);
                    }
                    Cancellation.checkpoint();
                    try {
                        String formatted = format(fmt, fmtArgs);
                        Limits.checkString(formatted.length());
                        out.add(Value.string(formatted));
                    } catch (FunctionException e) {
                        throw new FunctionException("error on format iteration " + it + ": " + e.getMessage());
                    }
                }
                return Value.list(out);
            });

    /** One verb being parsed. */
    private static final class Verb {
        String raw;
        int offset;
        int argNum;
        char mode;
        boolean zero, sharp, minus, plus, space, hasWidth, hasPrec;
        int width = -1;
        int prec = -1;
    }

    static String format(String fmt, List<Value> args) {
        byte[] data = fmt.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(fmt.length() + 16);
        int nextArg = 1;
        int highest = 0;
        int p = 0;
        int charIndex = 0; // index into fmt matching byte offset p
        while (charIndex < fmt.length()) {
            char c = fmt.charAt(charIndex);
            if (c != '%') {
                int cp = fmt.codePointAt(charIndex);
                out.appendCodePoint(cp);
                charIndex += Character.charCount(cp);
                p += utf8Length(cp);
                continue;
            }
            if (charIndex + 1 < fmt.length() && fmt.charAt(charIndex + 1) == '%') {
                out.append('%');
                charIndex += 2;
                p += 2;
                continue;
            }
            Verb v = new Verb();
            v.argNum = nextArg;
            v.offset = p;
            int start = charIndex;
            int i = charIndex + 1;
            int bp = p + 1;
            // flags
            while (i < fmt.length() && "0#-+ ".indexOf(fmt.charAt(i)) >= 0) {
                switch (fmt.charAt(i)) {
                    case '0':
                        v.zero = true;
                        break;
                    case '#':
                        v.sharp = true;
                        break;
                    case '-':
                        v.minus = true;
                        break;
                    case '+':
                        v.plus = true;
                        break;
                    default:
                        v.space = true;
                        break;
                }
                i++;
                bp++;
            }
            if (i < fmt.length() && isDigit(fmt.charAt(i))) {
                v.hasWidth = true;
                v.width = 0;
                while (i < fmt.length() && isDigit(fmt.charAt(i))) {
                    v.width = v.width * 10 + (fmt.charAt(i) - '0');
                    i++;
                    bp++;
                }
            }
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                v.hasPrec = true;
                v.prec = 0;
                i++;
                bp++;
                while (i < fmt.length() && isDigit(fmt.charAt(i))) {
                    v.prec = v.prec * 10 + (fmt.charAt(i) - '0');
                    i++;
                    bp++;
                }
            }
            if (i < fmt.length() && fmt.charAt(i) == '[') {
                v.argNum = 0;
                i++;
                bp++;
                boolean any = false;
                while (i < fmt.length() && isDigit(fmt.charAt(i))) {
                    v.argNum = v.argNum * 10 + (fmt.charAt(i) - '0');
                    i++;
                    bp++;
                    any = true;
                }
                if (i >= fmt.length()) {
                    throw new FunctionException("invalid format string starting at offset " + bp);
                }
                if (!any || fmt.charAt(i) != ']') {
                    throw unrecognized(fmt, i, bp);
                }
                i++;
                bp++;
            }
            if (i >= fmt.length()) {
                throw new FunctionException("invalid format string starting at offset " + bp);
            }
            char m = fmt.charAt(i);
            if (!(m >= 'a' && m <= 'z' || m >= 'A' && m <= 'Z')) {
                throw unrecognized(fmt, i, bp);
            }
            v.mode = m;
            v.raw = fmt.substring(start, i + 1);
            if (v.argNum > highest) {
                highest = v.argNum;
            }
            appendVerb(v, out, args);
            Limits.checkLength(out.length());
            nextArg = v.argNum + 1;
            charIndex = i + 1;
            p = bp + 1;
        }
        if (highest < args.size()) {
            int firstBad = highest + 1;
            if (highest == 0) {
                throw new FunctionException(firstBad, "too many arguments; no verbs in format string");
            }
            throw new FunctionException(firstBad, "too many arguments; only " + highest + " used by format string");
        }
        return out.toString();
    }

    private static FunctionException unrecognized(String fmt, int i, int bp) {
        int cp = fmt.codePointAt(i);
        String q = GoStrings.quote(new String(Character.toChars(cp)));
        String quoted =
                "'" + q.substring(1, q.length() - 1).replace("\\\"", "\"").replace("'", "\\'") + "'";
        return new FunctionException("unrecognized format character " + quoted + " at offset " + bp);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static void appendVerb(Verb v, StringBuilder out, List<Value> args) {
        int idx = v.argNum - 1;
        if (idx >= args.size() || idx < 0) {
            throw new FunctionException("not enough arguments for " + GoStrings.quote(v.raw) + " at " + v.offset
                    + ": need index " + v.argNum + " but have " + args.size() + " total");
        }
        Value arg = args.get(idx);
        if (v.mode != 'v' && arg.isNull()) {
            throw new FunctionException("unsupported value for " + GoStrings.quote(v.raw) + " at " + v.offset
                    + ": null value cannot be formatted");
        }
        switch (v.mode) {
            case 'v':
                if (!v.sharp && !arg.isNull() && arg.type().equals(Type.STRING)) {
                    out.append(pad(v, arg.asString()));
                } else if (!v.sharp && !arg.isNull() && arg.type().equals(Type.NUMBER)) {
                    out.append(pad(v, arg.asBigFloat().text('g', -1)));
                } else {
                    try {
                        out.append(pad(v, Json.encode(arg)));
                    } catch (FunctionException e) {
                        throw unsupported(v, e.getMessage());
                    }
                }
                return;
            case 't':
                out.append(convert(v, arg, Type.BOOL).asBool());
                return;
            case 'b':
            case 'd':
            case 'o':
            case 'x':
            case 'X': {
                BigFloat n = convert(v, arg, Type.NUMBER).asBigFloat();
                if (!n.isInteger()) {
                    throw unsupported(v, "an integer is required");
                }
                out.append(formatInteger(v, n.toBigInteger()));
                return;
            }
            case 'e':
            case 'E':
            case 'f':
            case 'g':
            case 'G':
                out.append(formatFloat(v, convert(v, arg, Type.NUMBER).asBigFloat()));
                return;
            case 's':
            case 'q': {
                String s = convert(v, arg, Type.STRING).asString();
                if (v.prec > 0) {
                    List<String> g = StringFunctions.graphemes(s);
                    if (g.size() > v.prec) {
                        s = String.join("", g.subList(0, v.prec));
                    }
                }
                if (v.mode == 'q') {
                    StringBuilder q = new StringBuilder();
                    GoJson.quote(s, q);
                    s = q.toString();
                }
                out.append(pad(v, s));
                return;
            }
            default:
                throw new FunctionException("unsupported format verb " + quoteRune(v.mode) + " in "
                        + GoStrings.quote(v.raw) + " at offset " + v.offset);
        }
    }

    private static String quoteRune(char c) {
        String q = GoStrings.quote(String.valueOf(c));
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    private static Value convert(Verb v, Value arg, Type t) {
        try {
            return Convert.convert(arg, t);
        } catch (ConversionException e) {
            throw unsupported(v, e.getMessage());
        }
    }

    private static FunctionException unsupported(Verb v, String why) {
        return new FunctionException(
                "unsupported value for " + GoStrings.quote(v.raw) + " at " + v.offset + ": " + why);
    }

    /** Pads to the verb's width counted in grapheme clusters (cty's {@code formatPadWidth}). */
    private static String pad(Verb v, String s) {
        if (v.width < 0) {
            return s;
        }
        int len = StringFunctions.graphemeCount(s);
        if (len >= v.width) {
            return s;
        }
        Limits.checkLength(s.length() + (long) v.width - len);
        String pads = String.valueOf(v.zero ? '0' : ' ').repeat(v.width - len);
        return v.minus ? s + pads : pads + s;
    }

    /** Go's {@code big.Int.Format}. */
    private static String formatInteger(Verb v, BigInteger n) {
        int radix;
        String prefix = "";
        switch (v.mode) {
            case 'b':
                radix = 2;
                prefix = v.sharp ? "0b" : "";
                break;
            case 'o':
                radix = 8;
                prefix = v.sharp ? "0" : "";
                break;
            case 'x':
                radix = 16;
                prefix = v.sharp ? "0x" : "";
                break;
            case 'X':
                radix = 16;
                prefix = v.sharp ? "0X" : "";
                break;
            default:
                radix = 10;
                break;
        }
        String digits = n.abs().toString(radix);
        if (v.mode == 'X') {
            digits = digits.toUpperCase();
        }
        String sign = n.signum() < 0 ? "-" : v.plus ? "+" : v.space ? " " : "";
        int zeros = 0;
        if (v.hasPrec) {
            if (digits.length() < v.prec) {
                zeros = v.prec - digits.length();
            } else if (digits.equals("0") && v.prec == 0) {
                return "";
            }
        }
        int left = 0;
        int right = 0;
        int length = sign.length() + prefix.length() + zeros + digits.length();
        if (v.hasWidth && length < v.width) {
            int d = v.width - length;
            if (v.minus) {
                right = d;
            } else if (v.zero && !v.hasPrec) {
                zeros = d;
            } else {
                left = d;
            }
        }
        return " ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right);
    }

    /** Go's {@code big.Float.Format}. */
    private static String formatFloat(Verb v, BigFloat n) {
        int prec = v.hasPrec ? v.prec : (v.mode == 'g' || v.mode == 'G' ? -1 : 6);
        String buf = n.text(v.mode, prec);
        String sign = "";
        if (buf.startsWith("-")) {
            sign = "-";
            buf = buf.substring(1);
        } else if (buf.startsWith("+")) {
            sign = v.space ? " " : "+";
            buf = buf.substring(1);
        } else if (v.plus) {
            sign = "+";
        } else if (v.space) {
            sign = " ";
        }
        int padding = v.hasWidth && v.width > sign.length() + buf.length() ? v.width - sign.length() - buf.length() : 0;
        if (v.zero && !v.minus && !n.isInfinite()) {
            return sign + "0".repeat(padding) + buf;
        }
        if (v.minus) {
            return sign + buf + " ".repeat(padding);
        }
        return " ".repeat(padding) + sign + buf;
    }
}
