package io.jbake.bake.model;

import io.jbake.hcl.Diagnostics;
import java.util.List;
import java.util.Optional;

/**
 * A failure caused by the user's definition, flags or environment. The message is shown to the user
 * as buildx shows it ({@code ERROR: <message>}), so it must use buildx's wording. A definition error
 * made of HCL diagnostics carries the {@link ErrorSource} whose lines buildx prints before that line.
 */
public class BakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorSource source;

    public BakeException(String message) {
        this(message, null);
    }

    private BakeException(String message, ErrorSource source) {
        super(message, null, false, false);
        this.source = source;
    }

    /**
     * A definition error made of HCL diagnostics, as buildx reports one: the first diagnostic plus a
     * count of the others, with the first error's subject as its source.
     *
     * @param files the definition files read, where the source's content is looked up
     */
    public static BakeException of(Diagnostics diagnostics, List<DefinitionFile> files) {
        return new BakeException(
                diagnostics.errorMessage(),
                ErrorSource.ofFirstError(diagnostics, files).orElse(null));
    }

    /**
     * Prefixes {@code cause}'s message the way Go's {@code errors.Wrap(err, prefix)} does; the source,
     * if any, stays attached, as a wrapped error's source does in buildx.
     */
    public static BakeException wrap(String prefix, BakeException cause) {
        return new BakeException(prefix + ": " + cause.getMessage(), cause.source);
    }

    /** Where in the definition the error is, for an error made of diagnostics. */
    public Optional<ErrorSource> source() {
        return Optional.ofNullable(source);
    }
}
