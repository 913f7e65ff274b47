package io.jbake.bake;

import io.jbake.hcl.Diagnostics;
import java.util.List;
import java.util.Optional;

/**
 * A failure caused by the user's definition, flags or environment. The message is shown to the user
 * as buildx shows it ({@code ERROR: <message>}), so it must use buildx's wording. A definition error
 * may carry the {@link SourceExcerpt} buildx prints before that line.
 */
public class BakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SourceExcerpt sourceExcerpt;

  public BakeException(String message) {
    this(message, null);
  }

  private BakeException(String message, SourceExcerpt sourceExcerpt) {
    super(message, null, false, false);
    this.sourceExcerpt = sourceExcerpt;
  }

  /**
   * A definition error made of HCL diagnostics, as buildx reports one: the first diagnostic plus a
   * count of the others, with an excerpt of the file around the first error's subject.
   *
   * @param files the definition files read, where the excerpt's lines are looked up
   */
  static BakeException of(Diagnostics diagnostics, List<DefinitionFile> files) {
    return new BakeException(diagnostics.errorMessage(),
        SourceExcerpt.ofFirstError(diagnostics, files).orElse(null));
  }

  /**
   * Prefixes {@code cause}'s message the way Go's {@code errors.Wrap(err, prefix)} does; the excerpt,
   * if any, stays attached, as a wrapped error's source does in buildx.
   */
  public static BakeException wrap(String prefix, BakeException cause) {
    return new BakeException(prefix + ": " + cause.getMessage(), cause.sourceExcerpt);
  }

  /** The lines of the definition to show before the message, for an error made of diagnostics. */
  public Optional<SourceExcerpt> sourceExcerpt() {
    return Optional.ofNullable(sourceExcerpt);
  }
}
