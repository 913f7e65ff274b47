package io.jbake.bake;

import io.jbake.hcl.func.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON writer whose bytes equal Go's {@code json.MarshalIndent(v, "", "  ")}: two-space indent,
 * {@code ": "} after keys, empty objects and arrays written as {@code {}} and {@code []}, and Go's
 * string escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \\uXXXX}). buildx
 * output is compared byte for byte, so nothing here may be "prettier" than Go.
 *
 * <p>Values are written from JDK types: {@link String}, {@link Boolean}, {@link Number} (written
 * with {@code toString()}), {@link Map} (keys in the map's own order; callers pass sorted maps
 * where Go would sort), {@link List}, {@link JsonWritable} and {@code null}.
 */
public final class GoJson {
  /** A value that writes itself as one JSON object with fields in a fixed order. */
  public interface JsonWritable {
    void writeJson(GoJson json);
  }

  private final StringBuilder out;
  private int depth;
  /** Whether the current container already holds an element (for the separating comma). */
  private boolean hasElement;

  private GoJson(StringBuilder out) {
    this.out = out;
  }

  /** Writes {@code value} indented as Go's MarshalIndent does, without a trailing newline. */
  public static String indent(Object value) {
    StringBuilder sb = new StringBuilder();
    new GoJson(sb).value(value);
    return sb.toString();
  }

  /**
   * Appends {@code value} to {@code out} as {@link #indent(Object)} writes it, but as if nested {@code depth}
   * levels deep (its inner lines indented by that many more levels), for embedding in a document being written.
   */
  public static void indent(Object value, int depth, StringBuilder out) {
    GoJson json = new GoJson(out);
    json.depth = depth;
    json.value(value);
  }

  /** {@code s} as a JSON string literal with Go's escaping. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    new GoJson(sb).string(s);
    return sb.toString();
  }

  /** Opens an object; pair with {@link #endObject()}. */
  public void beginObject() {
    out.append('{');
    depth++;
    hasElement = false;
  }

  public void endObject() {
    close('}');
  }

  /** Writes one field of the current object. */
  public void field(String name, Object value) {
    newElement();
    string(name);
    out.append(": ");
    value(value);
    hasElement = true;
  }

  private void close(char bracket) {
    depth--;
    if (hasElement) {
      newline();
    }
    out.append(bracket);
    hasElement = true;
  }

  private void newElement() {
    if (hasElement) {
      out.append(',');
    }
    newline();
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private void value(Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof JsonWritable w) {
      w.writeJson(this);
    } else if (value instanceof Map<?, ?> map) {
      beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        field((String) e.getKey(), e.getValue());
      }
      endObject();
    } else if (value instanceof List<?> list) {
      out.append('[');
      depth++;
      hasElement = false;
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        newElement();
        value(it.next());
        hasElement = true;
      }
      close(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private void string(String s) {
    Json.quote(s, out);
  }
}
