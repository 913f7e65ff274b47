package io.jbake.buildkit.transport;

import io.grpc.Status;

/**
 * A failure talking to BuildKit, with a message meant for people: it names the daemon or the build
 * and says what went wrong, never a secret value. Unchecked; the CLI prints the message and exits 1.
 */
public class BuildKitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BuildKitException(String message) {
        super(message);
    }

    public BuildKitException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A gRPC status in words for these messages: its description, else its code. */
    public static String describe(Status status) {
        String d = status.getDescription();
        return d != null && !d.isEmpty() ? d : status.getCode().toString();
    }
}
