package io.jbake.bake.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which diagnostic a definition error shows the source of, as buildx's {@code formatHCLError} picks it:
 * the first error that has a subject, its lines looked up in the file of exactly the subject's name.
 * The rendering itself is checked against buildx by the {@code errors/excerpt-*} spec-tests.
 */
class ErrorSourceTest {
    private static final byte[] BAKE = "target \"app\" {\n  tags = [tag]\n}\n".getBytes(StandardCharsets.UTF_8);
    private static final List<DefinitionFile> FILES =
            List.of(new DefinitionFile("docker-bake.hcl", BAKE), new DefinitionFile("-", BAKE));

    private static SrcRange lines(String file, int start, int end) {
        return new SrcRange(file, new Pos(start, 3, 0), new Pos(end, 7, 0));
    }

    @Test
    void theFirstErrorWithASubjectSkippingWarningsAndSubjectlessErrors() {
        Diagnostics diags = new Diagnostics()
                .add(new Diagnostic(Diagnostic.Severity.WARNING, "W", "warned", lines("docker-bake.hcl", 1, 1), null))
                .add(Diagnostic.error("E", "no subject", null))
                .add(Diagnostic.error("E", "first with subject", lines("docker-bake.hcl", 2, 3)))
                .add(Diagnostic.error("E", "second", lines("docker-bake.hcl", 1, 1)));

        ErrorSource source = ErrorSource.ofFirstError(diags, FILES).orElseThrow();

        assertEquals("docker-bake.hcl", source.filename());
        assertArrayEquals(BAKE, source.content());
        assertEquals(List.of(2, 3), List.of(source.startLine(), source.endLine()));
    }

    @Test
    void aSubjectNamedAfterNoFileHasNoContent() {
        // stdin is read as "-" but parsed as "-.hcl": buildx finds no file of that name
        Diagnostics diags = new Diagnostics().add(Diagnostic.error("E", "d", lines("-.hcl", 1, 1)));

        ErrorSource source = ErrorSource.ofFirstError(diags, FILES).orElseThrow();

        assertEquals("-.hcl", source.filename());
        assertArrayEquals(new byte[0], source.content());
    }

    @Test
    void noSourceWithoutAnErrorSubject() {
        Diagnostics diags = new Diagnostics()
                .add(new Diagnostic(Diagnostic.Severity.WARNING, "W", "warned", lines("docker-bake.hcl", 1, 1), null))
                .add(Diagnostic.error("E", "no subject", null));

        assertEquals(Optional.empty(), ErrorSource.ofFirstError(diags, FILES));
    }
}
