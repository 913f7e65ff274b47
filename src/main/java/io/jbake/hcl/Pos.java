package io.jbake.hcl;

/**
 * A position in a source file, as HCL reports it: a 1-based line, a 1-based column counted in
 * characters (code points) and a 0-based byte offset into the UTF-8 encoded source.
 */
public record Pos(int line, int column, int byteOffset) {

    /** The position at the very start of a file. */
    public static final Pos START = new Pos(1, 1, 0);
}
