package io.jbake.hcl;

/**
 * An attribute ("argument") of a body: {@code name = expr}. {@code range} covers the whole definition,
 * {@code nameRange} just the name; diagnostics about the attribute itself point at the latter.
 */
public record Attribute(String name, Expression expr, SrcRange range, SrcRange nameRange) {}
