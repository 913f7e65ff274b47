package io.jbake.hcl.limits;

/**
 * The limits of parsing and evaluation, in one place. A definition can describe far more work than it is long
 * (a matrix multiplies, a template can double a string, brackets nest), so each kind of growth is checked
 * against a limit before the memory or stack for it is spent, and a definition over a limit gets a positioned
 * error instead of an exhausted heap or stack. Each limit is far beyond what a real definition uses and small
 * enough that reaching it takes at most a few seconds.
 *
 * <p>Here are the numbers, the checks of one value and the count of one evaluation, which the functions make too;
 * the errors that point into the definition (too deep a nesting, an evaluation over {@link #EVALUATION_SIZE})
 * need hcl's ranges and are {@code io.jbake.hcl.LimitErrors}.
 */
public final class Limits {
    private Limits() {}

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
     * Elements of one collection (list, tuple, set, map, object) built by an expression or a function: hundreds
     * of times the largest list a bake file needs, an eighth of {@link #EVALUATION_SIZE}.
     */
    public static final long COLLECTION_ELEMENTS = 1L << 18;

    /**
     * Characters built over one evaluation, an element of a collection counted as {@link #ELEMENT_SIZE}
     * characters, where {@link #STRING_LENGTH} and {@link #COLLECTION_ELEMENTS} are checked: each value may be
     * under its limit while many together are not (nested for expressions making a million collections of a
     * million elements). At most a few hundred MB of values, built in seconds.
     */
    public static final long EVALUATION_SIZE = 4 * STRING_LENGTH;

    /** What an element of a collection counts toward {@link #EVALUATION_SIZE}: about its size in memory. */
    public static final long ELEMENT_SIZE = 32;

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
        checkLength(length);
        charge(length);
    }

    /**
     * Throws {@link LimitException} when a string of {@code length} characters would be over
     * {@link #STRING_LENGTH}, without counting it: for a string being built, before each part is added.
     */
    public static void checkLength(long length) {
        if (length > STRING_LENGTH) {
            throw new LimitException("the result would be a string of " + length + " characters, over jbake's limit "
                    + "of " + STRING_LENGTH);
        }
    }

    /** As {@link #checkString}, for a collection of {@code count} elements and {@link #COLLECTION_ELEMENTS}. */
    public static void checkElements(long count) {
        if (count > COLLECTION_ELEMENTS) {
            throw new LimitException("the result would be a collection of " + count + " elements, over jbake's "
                    + "limit of " + COLLECTION_ELEMENTS);
        }
        charge(count * ELEMENT_SIZE);
    }

    /**
     * The current evaluation went over {@link #EVALUATION_SIZE}. It is not one value's error but the whole
     * evaluation's, so it ends the evaluation at once instead of becoming one diagnostic among the many that
     * every later value would add; the expressions it goes through place it ({@code LimitErrors.at}).
     */
    public static class EvaluationTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        protected EvaluationTooLarge() {
            super(
                    "the definition would build more than " + EVALUATION_SIZE + " characters (an element counted as "
                            + ELEMENT_SIZE + ") in all, over jbake's limit",
                    null,
                    false,
                    false);
        }
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
            throw new EvaluationTooLarge();
        }
    }
}
