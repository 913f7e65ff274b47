package io.jbake.buildkit;

import io.jbake.buildkit.proto.errdefs.Source;
import io.jbake.buildkit.transport.BuildKitException;
import java.util.List;

/**
 * The daemon ran the build and it failed: a RUN exited non-zero, a file was missing, the Dockerfile
 * did not parse. {@link #getMessage()} is buildx's wording of the daemon's message ({@code failed to
 * solve: process "/bin/sh -c ..." did not complete successfully: exit code: 1}); {@link #sourceSnippet()} shows the Dockerfile
 * lines at fault the way buildx prints them before its {@code ERROR:} line.
 */
public final class BuildFailedException extends BuildKitException {

    private static final long serialVersionUID = 1L;

    private final transient List<Source> sources;

    public BuildFailedException(String message, List<Source> sources) {
        super(message);
        this.sources = List.copyOf(sources);
    }

    /** The Dockerfile locations the daemon attached to the error, innermost last. */
    public List<Source> sources() {
        return sources;
    }

    /**
     * The Dockerfile excerpt around the failing lines, buildx's format: {@code Dockerfile:2}, a rule, each
     * line as {@code "   2 | >>> RUN ..."} with {@code >>>} on the failing ones, a rule; empty when the
     * daemon gave no location.
     */
    public String sourceSnippet() {
        StringBuilder out = new StringBuilder();
        for (Source s : sources) {
            out.append(SourceExcerpt.of(s));
        }
        return out.toString();
    }
}
