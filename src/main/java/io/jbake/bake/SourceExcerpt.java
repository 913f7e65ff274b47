package io.jbake.bake;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The lines of a definition file around the range a definition error concerns, which buildx prints
 * on stderr before the {@code ERROR:} line (bake-reference §11.5; the rendering is BuildKit's
 * {@code errdefs.Source.Print}, the choice of diagnostic buildx's {@code formatHCLError}):
 *
 * <pre>
 * docker-bake.hcl:8
 * --------------------
 *    6 |       tags = ["a"]
 *    7 |       args = {
 *    8 | &gt;&gt;&gt;     X = undefined_var
 *    9 |       }
 *   10 |     }
 * --------------------
 * </pre>
 *
 * @param filename the file name the diagnostic gives ({@code <name>.hcl} for a file parsed under a
 *     name it does not have, such as {@code -} for stdin)
 * @param data the content of the definition file of exactly that name, empty when there is none
 * @param startLine the first line of the diagnostic's range (1-based)
 * @param endLine the last line of the diagnostic's range
 */
public record SourceExcerpt(String filename, byte[] data, int startLine, int endLine) {
  private static final String RULE = "--------------------\n";

  /**
   * The excerpt buildx attaches to a failure made of {@code diagnostics}: around the subject of the
   * first error that has one, in the definition file whose name is the subject's file name. Empty
   * when no error has a subject.
   */
  static Optional<SourceExcerpt> ofFirstError(Diagnostics diagnostics, List<DefinitionFile> files) {
    for (Diagnostic d : diagnostics) {
      if (!d.isError() || d.subject() == null) {
        continue;
      }
      String filename = d.subject().filename();
      byte[] data = files.stream().filter(f -> f.name().equals(filename)).findFirst()
          .map(DefinitionFile::data).orElse(new byte[0]);
      return Optional.of(new SourceExcerpt(filename, data, d.subject().start().line(),
          d.subject().end().line()));
    }
    return Optional.empty();
  }

  /**
   * The excerpt as buildx prints it: a {@code file:line} header, then between two rules the range's
   * lines marked {@code >>>}, with up to two lines of context on each side of a one-line range and
   * one line around a longer one; every line ends in {@code \n}. Lines are the content split at
   * {@code \n}, so a final newline adds an empty last line and {@code \r} stays part of its line.
   * Empty when the range starts outside the content (as for a file named differently from its
   * diagnostics, whose content is then unknown and shows as one empty line).
   */
  public String render() {
    String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", -1);
    int lastMarked = Math.max(startLine, endLine);
    if (startLine < 1 || startLine > lines.length) {
      return "";
    }
    int last = Math.min(lastMarked, lines.length);
    int context = last == startLine ? 2 : 1;
    int from = Math.max(1, startLine - context);
    int to = Math.min(lines.length, last + context);

    StringBuilder out = new StringBuilder();
    out.append(filename).append(':').append(startLine).append('\n').append(RULE);
    for (int line = from; line <= to; line++) {
      String marker = line >= startLine && line <= lastMarked ? ">>>" : "   ";
      out.append(String.format(" %3d | %s %s\n", line, marker, lines[line - 1]));
    }
    return out.append(RULE).toString();
  }
}
