package io.jbake.buildkit.filesync;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical operations on '/'-separated paths with Go's {@code path.Clean} rules, as fsutil applies them. */
final class SlashPaths {
  private SlashPaths() {}

  /**
   * Returns the shortest lexically equivalent path: repeated slashes collapsed, {@code .} elements dropped,
   * {@code ..} resolved against the preceding element (and dropped at a rooted start), no trailing slash.
   * The empty path becomes {@code "."}.
   */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    Deque<String> kept = new ArrayDeque<>();
    int leadingDotDots = 0;
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!kept.isEmpty()) {
          kept.removeLast();
        } else if (!rooted) {
          leadingDotDots++;
        }
        continue;
      }
      kept.addLast(element);
    }
    StringBuilder out = new StringBuilder(path.length());
    if (rooted) {
      out.append('/');
    }
    for (int i = 0; i < leadingDotDots; i++) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != '/') {
        out.append('/');
      }
      out.append("..");
    }
    for (String element : kept) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != '/') {
        out.append('/');
      }
      out.append(element);
    }
    return out.length() == 0 ? "." : out.toString();
  }

  /** Go's {@code path.Join}: joins the non-empty elements with '/' and cleans the result. */
  static String join(String first, String second) {
    if (first.isEmpty()) {
      return second.isEmpty() ? "" : clean(second);
    }
    return second.isEmpty() ? clean(first) : clean(first + "/" + second);
  }

  /** Everything before the last '/', cleaned; {@code "."} when there is none (Go's {@code path.Dir}). */
  static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return clean(slash < 0 ? "" : path.substring(0, slash + 1));
  }

  /** The last element (Go's {@code path.Base} for cleaned, non-empty paths). */
  static String base(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /**
   * Whether a path received from the other side is safe to use under a root: cleaned, relative and not
   * escaping through {@code ..}.
   */
  static boolean isContained(String path) {
    return !path.isEmpty()
        && path.equals(clean(path))
        && path.charAt(0) != '/'
        && !path.equals("..")
        && !path.startsWith("../");
  }
}
