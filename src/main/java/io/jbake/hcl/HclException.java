package io.jbake.hcl;

/**
 * Carries error diagnostics across an API boundary where returning them is not practical (for example
 * out of a lazy resolution callback). Its message is the first error, rendered as buildx prints it.
 */
public final class HclException extends RuntimeException {

    private final transient Diagnostics diagnostics;

    public HclException(Diagnostics diagnostics) {
        super(String.valueOf(diagnostics.firstError()), null, false, false);
        this.diagnostics = diagnostics;
    }

    public HclException(Diagnostic diagnostic) {
        this(new Diagnostics().add(diagnostic));
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
