package io.jbake.graph;

/**
 * A build graph that cannot be run: a link to an unknown target, a target linking to itself, a cycle.
 * The message is the one buildx prints after {@code ERROR: }.
 */
public final class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }
}
