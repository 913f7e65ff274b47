package io.jbake.hcl;

/**
 * The limits of parsing and evaluation, in one place. A definition can describe far more work than it is long
 * (a matrix multiplies, a template can double a string, brackets nest), so each kind of growth is checked
 * against a limit before the memory or stack for it is spent, and a definition over a limit gets a positioned
 * error instead of an exhausted heap or stack. Each limit is far beyond what a real definition uses and small
 * enough that reaching it takes at most a few seconds.
 */
public final class Limits {
    private Limits() {
    }

    /**
     * Combinations of one block's matrix. Each becomes a whole target (evaluated, printed, maybe built); a
     * definition with this many evaluates in seconds, no real project has more than a few hundred.
     */
    public static final long MATRIX_COMBINATIONS = 10_000;

    /**
     * Characters of one string. BuildKit takes no request over 16 MiB (its gRPC message limit), so no string
     * longer than that can be built with; buildx itself has no limit and runs out of memory instead.
     */
    public static final long STRING_LENGTH = 16L << 20;

    /**
     * Elements of one collection (list, tuple, set, map, object) built by an expression or a function. A million
     * is thousands of times the largest list a bake file needs and a few dozen MB of values.
     */
    public static final long COLLECTION_ELEMENTS = 1L << 20;

    /**
     * Characters and elements built over one evaluation, counted where {@link #STRING_LENGTH} and
     * {@link #COLLECTION_ELEMENTS} are checked. Each value may be under its limit while many together are not
     * (a for expression making a million strings of a million characters).
     */
    public static final long EVALUATION_SIZE = 64 * STRING_LENGTH;

    /**
     * Nesting of expressions, blocks, templates and JSON values: how deep the parser and the evaluator recurse.
     * buildx parses and evaluates 50,000 nested parentheses and crashes on 100,000 (Go's 1 GB stack).
     */
    public static final int NESTING_DEPTH = 50_000;

    /**
     * Stack of the thread a command runs on: Go's largest stack, several times what {@link #NESTING_DEPTH} takes in
     * the interpreter. Only the pages a command touches are used; the rest is address space.
     */
    public static final long STACK_BYTES = 1L << 30;

    /** A value over a limit; its message reads as a function failure ("the result would be ..."). */
    public static final class LimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Throws {@link LimitException} when a string of {@code length} characters would be over
     * {@link #STRING_LENGTH} or over what the current evaluation may still build; otherwise counts it.
     */
    public static void checkString(long length) {
        if (length > STRING_LENGTH) {
            throw new LimitException("the result would be a string of " + length + " characters, over jbake's limit "
                    + "of " + STRING_LENGTH);
        }
        charge(length);
    }

    /** As {@link #checkString}, for a collection of {@code count} elements and {@link #COLLECTION_ELEMENTS}. */
    public static void checkElements(long count) {
        if (count > COLLECTION_ELEMENTS) {
            throw new LimitException("the result would be a collection of " + count + " elements, over jbake's "
                    + "limit of " + COLLECTION_ELEMENTS);
        }
        charge(count);
    }

    /** The nesting error, at the construct that went one level too deep. */
    public static Diagnostic nestingError(SrcRange subject) {
        return Diagnostic.error("Nesting too deep", "This is nested more than " + NESTING_DEPTH + " levels deep, "
                + "jbake's limit.", subject);
    }

    private static final ThreadLocal<long[]> BUILT = new ThreadLocal<>();

    /** Where the characters and elements of one evaluation are counted; see {@link #evaluation()}. */
    public interface Evaluation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts counting toward {@link #EVALUATION_SIZE} on this thread until closed. Outside one, only the limits
     * of single values apply.
     */
    public static Evaluation evaluation() {
        long[] outer = BUILT.get();
        BUILT.set(new long[1]);
        return () -> {
            if (outer == null) {
                BUILT.remove();
            } else {
                BUILT.set(outer);
            }
        };
    }

    private static void charge(long size) {
        long[] built = BUILT.get();
        if (built != null && (built[0] += size) > EVALUATION_SIZE) {
            throw new LimitException("the evaluation would build over " + EVALUATION_SIZE + " characters and "
                    + "elements in all, jbake's limit");
        }
    }
}
