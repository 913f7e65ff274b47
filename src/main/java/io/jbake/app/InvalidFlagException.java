package io.jbake.app;

/**
 * A flag's value the command cannot take ({@code --graph=foo}, {@code --parallel 0}): shown with the command's
 * usage, as a flag the command line parser rejects is, and not as the command's own errors are.
 */
public final class InvalidFlagException extends RuntimeException {
    public InvalidFlagException(String message) {
        super(message);
    }
}
