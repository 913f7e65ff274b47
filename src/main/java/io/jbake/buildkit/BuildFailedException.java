package io.jbake.buildkit;

import io.jbake.buildkit.proto.Range;
import io.jbake.buildkit.proto.errdefs.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The daemon ran the build and it failed: a RUN exited non-zero, a file was missing, the Dockerfile
 * did not parse. {@link #getMessage()} is buildx's wording of the daemon's message ({@code failed to
 * solve: process "/bin/sh -c ..." did not complete successfully: exit code: 1}); {@link #sourceSnippet()} shows the Dockerfile
 * lines at fault the way buildx prints them before its {@code ERROR:} line.
 */
public final class BuildFailedException extends BuildKitException {

  private static final long serialVersionUID = 1L;

  private final transient List<Source> sources;

  public BuildFailedException(String message, List<Source> sources) {
    super(message);
    this.sources = List.copyOf(sources);
  }

  /** The Dockerfile locations the daemon attached to the error, innermost last. */
  public List<Source> sources() {
    return sources;
  }

  /**
   * The Dockerfile excerpt around the failing lines, buildx's format: {@code Dockerfile:2}, a rule, each
   * line as {@code "   2 | >>> RUN ..."} with {@code >>>} on the failing ones, a rule; empty when the
   * daemon gave no location.
   */
  public String sourceSnippet() {
    StringBuilder out = new StringBuilder();
    for (Source s : sources) {
      out.append(snippet(s));
    }
    return out.toString();
  }

  static String snippet(Source source) {
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
