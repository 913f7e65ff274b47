package io.jbake.bake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compose's {@code .env} files: {@code KEY=VALUE} lines with optional {@code export}, {@code #}
 * comments, single-quoted literal values, double-quoted values with escapes, and interpolation of
 * unquoted and double-quoted values from the environment and earlier lines.
 */
final class DotEnv {
  private DotEnv() {}

  /** Adds the entries of {@code file} to {@code env} without replacing variables already set. */
  static void loadInto(Map<String, String> env, Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BakeException("failed to read " + file + ": " + e.getMessage());
    }
    parse(text, env).forEach(env::putIfAbsent);
  }

  /** Parses {@code text}; {@code ${VAR}} references see {@code lookup} first, then earlier lines. */
  static Map<String, String> parse(String text, Map<String, String> lookup) {
    Map<String, String> result = new LinkedHashMap<>();
    Map<String, String> scope = new HashMap<>();
    ComposeInterpolation interpolation = new ComposeInterpolation(scope);
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      scope.clear();
      scope.putAll(result);
      scope.putAll(lookup);
      if (value.startsWith("'")) {
        int end = value.indexOf('\'', 1);
        value = end < 0 ? value.substring(1) : value.substring(1, end);
      } else if (value.startsWith("\"")) {
        int end = closingQuote(value);
        value = unescape(end < 0 ? value.substring(1) : value.substring(1, end));
        value = interpolation.interpolate(value);
      } else {
        int comment = value.indexOf(" #");
        if (comment >= 0) {
          value = value.substring(0, comment).strip();
        }
        value = interpolation.interpolate(value);
      }
      result.put(key, value);
    }
    return result;
  }

  private static int closingQuote(String value) {
    for (int i = 1; i < value.length(); i++) {
      if (value.charAt(i) == '\\') {
        i++;
      } else if (value.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          default -> sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
