package io.jbake.graph;

/**
 * What the {@link Scheduler} reports while it runs a graph. The scheduler never prints; a listener turns
 * these into status lines. Listeners are called from scheduler threads, possibly concurrently, and must
 * be quick and thread-safe.
 */
public sealed interface GraphEvent {
    String node();

    /** The node's step was called. */
    record Started(String node) implements GraphEvent {}

    /** The node finished; {@code outcome} says how. */
    record Finished(String node, NodeOutcome<?> outcome) implements GraphEvent {}

    /** The run was cancelled; {@code node} is the node whose failure caused it, or null for Ctrl-C. */
    record Cancelling(String node, Throwable cause) implements GraphEvent {}
}
