package io.jbake.hcl;

/**
 * A parsed configuration file: its root body and the problems found while reading it. When
 * {@code diagnostics} has errors the body still holds everything that could be parsed.
 */
public record HclFile(String filename, Body body, Diagnostics diagnostics) {}
