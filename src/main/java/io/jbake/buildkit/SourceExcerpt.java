package io.jbake.buildkit;

import io.jbake.buildkit.proto.Range;
import io.jbake.buildkit.proto.errdefs.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Dockerfile excerpt BuildKit's clients print around a location (a failing step, a lint warning):
 * {@code Dockerfile:2}, a rule, each line as {@code "   2 | >>> RUN ..."} with {@code >>>} on the lines
 * of the location, a rule, as BuildKit's {@code errdefs.Source.Print} writes it.
 */
public final class SourceExcerpt {
  private SourceExcerpt() {}

  /** The excerpt for {@code source}; empty when it has no file text or no range inside the text. */
  public static String of(Source source) {
    if (!source.hasInfo() || source.getRangesCount() == 0) {
      return "";
    }
    String[] lines = source.getInfo().getData().toString(StandardCharsets.UTF_8).split("\n", -1);
    int start = Integer.MAX_VALUE;
    int end = 0;
    for (Range r : source.getRangesList()) {
      start = Math.min(start, r.getStart().getLine());
      end = Math.max(end, Math.max(r.getStart().getLine(), r.getEnd().getLine()));
    }
    if (start < 1 || start > lines.length) {
      return "";
    }
    end = Math.min(end, lines.length);
    int first = start;
    // widen by up to two lines (four for a one-line range) on both sides, as BuildKit's Source.Print does
    int pad = end == start ? 4 : 2;
    for (int p = 0; p < pad; p++) {
      if (start > 1) {
        start--;
        p++;
      }
      if (end != lines.length) {
        end++;
        p++;
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(source.getInfo().getFilename()).append(':').append(first).append('\n');
    out.append("--------------------\n");
    for (int i = start; i <= end; i++) {
      String marker = contains(source.getRangesList(), i) ? ">>>" : "   ";
      out.append(String.format(" %3d | %s %s\n", i, marker, lines[i - 1]));
    }
    out.append("--------------------\n");
    return out.toString();
  }

  private static boolean contains(List<Range> ranges, int line) {
    for (Range r : ranges) {
      int e = Math.max(r.getStart().getLine(), r.getEnd().getLine());
      if (r.getStart().getLine() <= line && e >= line) {
        return true;
      }
    }
    return false;
  }
}
