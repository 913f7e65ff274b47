package io.jbake.bake;

/**
 * A failure caused by the user's definition, flags or environment. The message is shown to the user
 * as buildx shows it ({@code ERROR: <message>}), so it must use buildx's wording.
 */
public class BakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BakeException(String message) {
    super(message, null, false, false);
  }

  /** Prefixes {@code cause}'s message the way Go's {@code errors.Wrap(err, prefix)} does. */
  public static BakeException wrap(String prefix, BakeException cause) {
    return new BakeException(prefix + ": " + cause.getMessage());
  }
}
