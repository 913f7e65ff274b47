package io.jbake.bake.hcl;

import io.jbake.bake.model.BakeException;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * go-cty's JSON decoding ({@code cty/json.Unmarshal}) of {@code NAME_JSON} variable overrides into the
 * variable's type. Encoding is hcl's {@link io.jbake.hcl.func.Json#encode(Value, Type)}.
 */
final class ValueJson {
    private ValueJson() {}

    /** Parses {@code text} and converts it to {@code type}. */
    static Value decode(String text, Type type) {
        Parser p = new Parser(text);
        p.skipSpace();
        Value v = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new BakeException("extraneous data after JSON object");
        }
        try {
            return Convert.convert(v, type);
        } catch (ConversionException e) {
            throw new BakeException(e.getMessage());
        }
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        BakeException error() {
            if (pos >= s.length()) {
                return new BakeException("unexpected end of JSON input");
            }
            return new BakeException("invalid character '" + s.charAt(pos) + "' looking for beginning of value");
        }

        Value value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error();
            }
            char c = s.charAt(pos);
            if (c == '"') {
                return Value.string(string());
            }
            if (c == '{') {
                pos++;
                Map<String, Value> attrs = new LinkedHashMap<>();
                skipSpace();
                if (peek('}')) {
                    pos++;
                    return Value.EMPTY_OBJECT;
                }
                while (true) {
                    skipSpace();
                    if (!peek('"')) {
                        throw error();
                    }
                    String key = string();
                    skipSpace();
                    expect(':');
                    attrs.put(key, value());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect('}');
                    return Value.object(attrs);
                }
            }
            if (c == '[') {
                pos++;
                List<Value> items = new ArrayList<>();
                skipSpace();
                if (peek(']')) {
                    pos++;
                    return Value.EMPTY_TUPLE;
                }
                while (true) {
                    items.add(value());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect(']');
                    return Value.tuple(items);
                }
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Value.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Value.FALSE;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return Value.NULL;
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            try {
                return Value.number(new BigDecimal(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error();
            }
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw error();
            }
            pos++;
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            throw new BakeException("unexpected end of JSON input");
        }
    }
}
