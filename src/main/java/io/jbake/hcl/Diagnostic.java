package io.jbake.hcl;

/**
 * One problem found in configuration: a terse summary ("Unsupported attribute"), a detail written as full
 * sentences, the range it concerns ({@code subject}, may be null) and optionally a wider {@code context}
 * range (e.g. the whole expression around a bad operand).
 *
 * <p>{@link #toString()} gives the form buildx prints: {@code file:line,col-col: Summary; Detail}.
 */
public record Diagnostic(Severity severity, String summary, String detail, SrcRange subject, SrcRange context) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Diagnostic error(String summary, String detail, SrcRange subject) {
        return new Diagnostic(Severity.ERROR, summary, detail, subject, null);
    }

    public static Diagnostic error(String summary, String detail, SrcRange subject, SrcRange context) {
        return new Diagnostic(Severity.ERROR, summary, detail, subject, context);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (subject == null ? "<nil>" : subject.toString()) + ": " + summary + "; " + detail;
    }
}
