package io.jbake.hcl.func;

import io.jbake.go.GoJson;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON as cty reads and writes it: decoding gives tuples, objects, numbers at parse precision (a repeated key
 * keeps its last value), with the error texts of Go's {@code json.Decoder}; encoding is cty's type-directed
 * {@code json.Marshal}: strings escaped as Go's {@code json.Marshal} does (HTML-safe, {@code \b \f} short forms),
 * numbers as cty converts them to strings, keys in cty's order, and where the type says "any" the value wrapped
 * with its type ({@code {"value":...,"type":...}}).
 */
public final class Json {

    private Json() {}

    // ---- encoding

    /** {@code v} as {@code jsonencode} writes it: marshalled against its own type, so nothing is wrapped. */
    static String encode(Value v) {
        StringBuilder sb = new StringBuilder();
        encode(v, v.type(), sb, true);
        return sb.toString();
    }

    /**
     * {@code v} marshalled against {@code type} (a type {@code v} conforms to, such as the constraint it was
     * converted with): every place where {@code type} is dynamic holds {@code {"value":v,"type":typeOfV}}.
     *
     * @throws FunctionException for an infinite number, which JSON cannot hold
     */
    public static String encode(Value v, Type type) {
        StringBuilder sb = new StringBuilder();
        encode(v, type, sb, false);
        return sb.toString();
    }

    /** With {@code bounded} (a function's result), fails before the text grows over {@link Limits#STRING_LENGTH}. */
    private static void encode(Value v, Type type, StringBuilder sb, boolean bounded) {
        if (type.isDynamic() && !v.type().isDynamic()) {
            sb.append("{\"value\":");
            encode(v, v.type(), sb, bounded);
            sb.append(",\"type\":");
            encodeType(v.type(), sb);
            sb.append('}');
            return;
        }
        if (v.isNull()) {
            sb.append("null");
            return;
        }
        switch (type.kind()) {
            case STRING:
                if (bounded) {
                    Limits.checkLength(sb.length() + 2L + v.asString().length());
                }
                GoJson.quote(v.asString(), sb);
                return;
            case NUMBER: {
                BigFloat n = v.asBigFloat();
                if (n.isInfinite()) {
                    throw new FunctionException("cannot serialize infinity as JSON");
                }
                sb.append(n);
                return;
            }
            case BOOL:
                sb.append(v.asBool());
                return;
            case LIST:
            case SET:
            case TUPLE: {
                sb.append('[');
                List<Value> elements = v.elements();
                for (int i = 0; i < elements.size(); i++) {
                    if (bounded) {
                        Limits.checkLength(sb.length());
                    }
                    if (i > 0) {
                        sb.append(',');
                    }
                    encode(
                            elements.get(i),
                            type.isTuple() ? type.tupleElementTypes().get(i) : type.elementType(),
                            sb,
                            bounded);
                }
                sb.append(']');
                return;
            }
            default: {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                    if (bounded) {
                        Limits.checkLength(sb.length());
                    }
                    if (!first) {
                        sb.append(',');
                    }
                    GoJson.quote(e.getKey(), sb);
                    sb.append(':');
                    encode(
                            e.getValue(),
                            type.isMap()
                                    ? type.elementType()
                                    : type.attributeTypes().get(e.getKey()),
                            sb,
                            bounded);
                    first = false;
                }
                sb.append('}');
            }
        }
    }

    /** cty's JSON notation of a type: {@code "string"}, {@code ["list","string"]}, {@code ["object",{"a":"bool"}]}. */
    private static void encodeType(Type t, StringBuilder sb) {
        switch (t.kind()) {
            case LIST:
            case SET:
            case MAP:
                sb.append("[\"")
                        .append(t.kind().name().toLowerCase(Locale.ROOT))
                        .append("\",");
                encodeType(t.elementType(), sb);
                sb.append(']');
                return;
            case TUPLE: {
                sb.append("[\"tuple\",[");
                List<Type> elements = t.tupleElementTypes();
                for (int i = 0; i < elements.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    encodeType(elements.get(i), sb);
                }
                sb.append("]]");
                return;
            }
            case OBJECT: {
                sb.append("[\"object\",{");
                Map<String, Type> attributes = Value.newKeyOrderedMap();
                attributes.putAll(t.attributeTypes());
                boolean first = true;
                for (Map.Entry<String, Type> e : attributes.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    GoJson.quote(e.getKey(), sb);
                    sb.append(':');
                    encodeType(e.getValue(), sb);
                    first = false;
                }
                sb.append("}]");
                return;
            }
            default:
                sb.append('"').append(t.kind().name().toLowerCase(Locale.ROOT)).append('"');
        }
    }

    // ---- decoding

    static Value decode(String s) {
        Decoder d = new Decoder(s);
        d.skipSpace();
        if (d.pos >= s.length()) {
            throw new FunctionException("EOF");
        }
        Value v = d.value();
        d.skipSpace();
        if (d.pos < s.length()) {
            throw new FunctionException("extraneous data after JSON object");
        }
        return v;
    }

    /** A recursive-descent reader whose failures use the wording of Go's streaming {@code json.Decoder}. */
    private static final class Decoder {
        private final String s;
        private int pos;

        Decoder(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        /** The next non-space character; at the end of input between tokens Go reports plain "EOF". */
        private char peekToken() {
            skipSpace();
            if (pos >= s.length()) {
                throw new FunctionException("EOF");
            }
            return s.charAt(pos);
        }

        Value value() {
            char c = peekToken();
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return Value.string(string());
                case 't':
                    literal("true");
                    return Value.TRUE;
                case 'f':
                    literal("false");
                    return Value.FALSE;
                case 'n':
                    literal("null");
                    return Value.NULL;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw invalid(c, "looking for beginning of value");
            }
        }

        private Value object() {
            pos++;
            Map<String, Value> attrs = Value.newKeyOrderedMap();
            char c = peekToken();
            if (c == '}') {
                pos++;
                return Value.EMPTY_OBJECT;
            }
            while (true) {
                c = peekToken();
                if (c != '"') {
                    throw new FunctionException("invalid character " + quoteChar(c));
                }
                String key = string();
                c = peekToken();
                if (c != ':') {
                    throw invalid(c, "after object key");
                }
                pos++;
                attrs.put(key, value());
                if (attrs.size() > Limits.COLLECTION_ELEMENTS) {
                    Limits.checkElements(attrs.size());
                }
                c = peekToken();
                pos++;
                if (c == '}') {
                    return Value.object(attrs);
                }
                if (c != ',') {
                    throw invalid(c, "after object key:value pair");
                }
            }
        }

        private Value array() {
            pos++;
            List<Value> elems = new ArrayList<>();
            char c = peekToken();
            if (c == ']') {
                pos++;
                return Value.EMPTY_TUPLE;
            }
            while (true) {
                elems.add(value());
                if (elems.size() > Limits.COLLECTION_ELEMENTS) {
                    Limits.checkElements(elems.size());
                }
                c = peekToken();
                pos++;
                if (c == ']') {
                    return Value.tuple(elems);
                }
                if (c != ',') {
                    throw invalid(c, "after array element");
                }
            }
        }

        private void literal(String word) {
            for (int i = 0; i < word.length(); i++, pos++) {
                if (pos >= s.length()) {
                    throw new FunctionException("unexpected EOF");
                }
                char c = s.charAt(pos);
                if (c != word.charAt(i)) {
                    throw invalid(c, "in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
                }
            }
        }

        private Value number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= s.length()) {
                throw new FunctionException("unexpected EOF");
            }
            char c = s.charAt(pos);
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                digits();
            } else {
                throw invalid(c, "in numeric literal");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                requiredDigits("after decimal point in numeric literal");
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                requiredDigits("in exponent of numeric literal");
            }
            return Value.number(BigFloat.parse(s.substring(start, pos)));
        }

        /** One or more digits at {@code pos}; {@code context} names the place in the error for a non-digit. */
        private void requiredDigits(String context) {
            if (pos >= s.length()) {
                throw new FunctionException("unexpected EOF");
            }
            if (!isDigit(s.charAt(pos))) {
                throw invalid(s.charAt(pos), context);
            }
            digits();
        }

        private void digits() {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private String string() {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new FunctionException("unexpected EOF");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw invalid(c, "in string literal");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw new FunctionException("unexpected EOF");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        sb.append(e);
                        break;
                    case 'b':
                        sb.append('\b');
                        break;
                    case 'f':
                        sb.append('\f');
                        break;
                    case 'n':
                        sb.append('\n');
                        break;
                    case 'r':
                        sb.append('\r');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    case 'u': {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            if (pos >= s.length()) {
                                throw new FunctionException("unexpected EOF");
                            }
                            int d = Character.digit(s.charAt(pos), 16);
                            if (d < 0) {
                                throw invalid(s.charAt(pos), "in \\u hexadecimal character escape");
                            }
                            code = code * 16 + d;
                            pos++;
                        }
                        sb.append((char) code);
                        break;
                    }
                    default:
                        throw invalid(e, "in string escape code");
                }
            }
        }

        private static FunctionException invalid(char c, String context) {
            return new FunctionException("invalid character " + quoteChar(c) + " " + context);
        }

        /** Go's {@code quoteChar} for scanner errors. */
        private static String quoteChar(char c) {
            if (c == '\'') {
                return "'\\''";
            }
            if (c == '"') {
                return "'\"'";
            }
            String q = io.jbake.go.GoStrings.quote(String.valueOf(c));
            return "'" + q.substring(1, q.length() - 1) + "'";
        }
    }
}
