package io.jbake.bake.model;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import java.util.List;
import java.util.Optional;

/**
 * The part of a definition file a definition error points at, with that file's content, so that the
 * lines around it can be shown before the error message as buildx shows them (bake-reference §11.5).
 *
 * @param filename the file name the diagnostic gives ({@code <name>.hcl} for a file parsed under a
 *     name it does not have, such as {@code -} for stdin)
 * @param content the content of the definition file of exactly that name; empty when there is none,
 *     as buildx then has no text to show either
 * @param startLine the first line of the diagnostic's range (1-based)
 * @param endLine the last line of the diagnostic's range
 */
public record ErrorSource(String filename, byte[] content, int startLine, int endLine) {

    /**
     * The source buildx attaches to a failure made of {@code diagnostics} ({@code formatHCLError}): the
     * subject of the first error that has one. Empty when no error has a subject.
     *
     * @param files the definition files read, where the content is looked up by name
     */
    static Optional<ErrorSource> ofFirstError(Diagnostics diagnostics, List<DefinitionFile> files) {
        for (Diagnostic d : diagnostics) {
            if (d.isError() && d.subject() != null) {
                String filename = d.subject().filename();
                byte[] content = files.stream()
                        .filter(f -> f.name().equals(filename))
                        .findFirst()
                        .map(DefinitionFile::data)
                        .orElse(new byte[0]);
                return Optional.of(new ErrorSource(
                        filename,
                        content,
                        d.subject().start().line(),
                        d.subject().end().line()));
            }
        }
        return Optional.empty();
    }
}
