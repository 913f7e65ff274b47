package io.jbake.hcl;

/**
 * A range of source text: {@code start} is inclusive and {@code end} exclusive. Every syntax node, token
 * and diagnostic carries one, so that errors can point at the exact text they concern.
 *
 * <p>{@link #toString()} renders the range as HCL (and so buildx) does: {@code file:line,col-col} when
 * the range is on one line, {@code file:line,col-line,col} otherwise.
 */
public record SrcRange(String filename, Pos start, Pos end) {

    /** A zero-length range at the given position. */
    public static SrcRange at(String filename, Pos pos) {
        return new SrcRange(filename, pos, pos);
    }

    /** The range from the start of {@code first} to the end of {@code last}, whatever lies between. */
    public static SrcRange between(SrcRange first, SrcRange last) {
        return new SrcRange(first.filename, first.start, last.end);
    }

    /** The smallest range covering both ranges; an empty range is ignored. */
    public static SrcRange over(SrcRange a, SrcRange b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Pos start = a.start.byteOffset() < b.start.byteOffset() ? a.start : b.start;
        Pos end = a.end.byteOffset() > b.end.byteOffset() ? a.end : b.end;
        return new SrcRange(a.filename, start, end);
    }

    /** A zero-length range at this range's start. */
    public SrcRange startOnly() {
        return new SrcRange(filename, start, start);
    }

    /** A zero-length range at this range's end. */
    public SrcRange endOnly() {
        return new SrcRange(filename, end, end);
    }

    public boolean isEmpty() {
        return start.byteOffset() == end.byteOffset();
    }

    @Override
    public String toString() {
        if (start.line() == end.line()) {
            return filename + ":" + start.line() + "," + start.column() + "-" + end.column();
        }
        return filename + ":" + start.line() + "," + start.column() + "-" + end.line() + "," + end.column();
    }
}
