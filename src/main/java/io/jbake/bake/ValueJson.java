package io.jbake.bake;

import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * go-cty's JSON form of values ({@code cty/json}): compact encoding as {@code --list=variables}
 * shows typed values, and decoding of {@code NAME_JSON} overrides into a variable's type.
 */
final class ValueJson {
  private ValueJson() {}

  /** Compact JSON of {@code v} (keys sorted, Go string escaping). */
  static String encode(Value v, Type type) {
    StringBuilder sb = new StringBuilder();
    if (type.isDynamic()) {
      // cty wraps values of an unknown static type with their type
      sb.append("{\"value\":");
      write(sb, v);
      sb.append(",\"type\":");
      writeType(sb, v.type());
      return sb.append('}').toString();
    }
    write(sb, v);
    return sb.toString();
  }

  /** cty's JSON type notation: {@code "string"}, {@code ["list","string"]}, {@code ["object",{...}]}. */
  private static void writeType(StringBuilder sb, Type t) {
    switch (t.kind()) {
      case STRING -> sb.append("\"string\"");
      case NUMBER -> sb.append("\"number\"");
      case BOOL -> sb.append("\"bool\"");
      case DYNAMIC -> sb.append("\"dynamic\"");
      case LIST, SET, MAP -> {
        sb.append("[\"").append(t.kind().name().toLowerCase(java.util.Locale.ROOT)).append("\",");
        writeType(sb, t.elementType());
        sb.append(']');
      }
      case TUPLE -> {
        sb.append("[\"tuple\",[");
        boolean first = true;
        for (Type e : t.tupleElementTypes()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          writeType(sb, e);
        }
        sb.append("]]");
      }
      case OBJECT -> {
        sb.append("[\"object\",{");
        boolean first = true;
        for (Map.Entry<String, Type> e : new TreeMap<>(t.attributeTypes()).entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append(GoJson.indent(e.getKey())).append(':');
          writeType(sb, e.getValue());
        }
        sb.append("}]");
      }
      default -> throw new IllegalStateException(t.toString());
    }
  }

  private static void write(StringBuilder sb, Value v) {
    if (v.isNull()) {
      sb.append("null");
      return;
    }
    Type t = v.type();
    if (t.equals(Type.STRING)) {
      String quoted = GoJson.indent(v.asString());
      sb.append(quoted);
    } else if (t.equals(Type.NUMBER)) {
      sb.append(v.asBigDecimal().stripTrailingZeros().toPlainString());
    } else if (t.equals(Type.BOOL)) {
      sb.append(v.asBool());
    } else if (t.isList() || t.isSet() || t.isTuple()) {
      sb.append('[');
      boolean first = true;
      for (Value e : v.elements()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, e);
      }
      sb.append(']');
    } else {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Value> e : new TreeMap<>(v.attributes()).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(GoJson.indent(e.getKey())).append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    }
  }

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
