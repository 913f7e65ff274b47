package io.jbake.hcl;

import io.jbake.hcl.limits.Limits;

/**
 * A definition over one of the {@link Limits}, as diagnostics at the place in the definition where it went over:
 * what needs hcl's ranges, while the numbers and the checks of values are below hcl, where the functions reach
 * them.
 */
public final class LimitErrors {
    private LimitErrors() {}

    /** The nesting error, at the construct that went one level too deep. */
    public static Diagnostic nestingError(SrcRange subject) {
        return Diagnostic.error(
                "Nesting too deep",
                "This is nested more than " + Limits.NESTING_DEPTH + " levels deep, jbake's limit.",
                subject);
    }

    /**
     * {@code e} at {@code range}, the innermost expression it went through, unless an inner expression placed it
     * already.
     */
    public static Limits.EvaluationTooLarge at(Limits.EvaluationTooLarge e, SrcRange range) {
        return e instanceof Placed ? e : new Placed(range);
    }

    /** {@code e} as a diagnostic, at the place {@link #at} gave it, or else at {@code fallback}. */
    public static Diagnostic diagnostic(Limits.EvaluationTooLarge e, SrcRange fallback) {
        return Diagnostic.error(
                "Definition too large",
                e.getMessage().substring(0, 1).toUpperCase() + e.getMessage().substring(1) + ".",
                e instanceof Placed placed ? placed.at : fallback);
    }

    /** An evaluation over {@link Limits#EVALUATION_SIZE} with the place it went over. */
    private static final class Placed extends Limits.EvaluationTooLarge {
        private static final long serialVersionUID = 1L;
        private final transient SrcRange at;

        Placed(SrcRange at) {
            this.at = at;
        }
    }
}
