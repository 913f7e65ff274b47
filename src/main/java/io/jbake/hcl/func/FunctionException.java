package io.jbake.hcl.func;

/**
 * A function call failed. {@link #argumentIndex()} is the index of the argument at fault (an index past the
 * fixed parameters means a variadic argument), or -1 when no single argument is to blame. The message is cty's
 * wording without a final period; HCL renders it as {@code Invalid value for "<param>" parameter: <message>.}
 * for an argument error and {@code Call to function "<name>" failed: <message>.} otherwise.
 */
public final class FunctionException extends RuntimeException {

    private final int argumentIndex;

    public FunctionException(int argumentIndex, String message) {
        super(message, null, false, false);
        this.argumentIndex = argumentIndex;
    }

    /** An error not attributed to one argument. */
    public FunctionException(String message) {
        this(-1, message);
    }

    public int argumentIndex() {
        return argumentIndex;
    }

    public boolean isArgumentError() {
        return argumentIndex >= 0;
    }
}
