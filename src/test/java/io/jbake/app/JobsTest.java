package io.jbake.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.app.Jobs.Mode;
import org.junit.jupiter.api.Test;

class JobsTest {

    @Test
    void grammarOfBuildx038() {
        assertEquals(new Jobs(Mode.FAIL_FAST, 2), Jobs.parse("2", "--jobs"));
        assertEquals(new Jobs(Mode.FAIL_FAST, 2), Jobs.parse("parallel=2", "--jobs"));
        assertEquals(new Jobs(Mode.DEFER_ERROR, 2), Jobs.parse("defer-error,parallel=2", "--jobs"));
        assertEquals(new Jobs(Mode.DEFER_ERROR, 0), Jobs.parse("mode=defer-error", "--jobs"));
        assertEquals(new Jobs(Mode.DEFER_OUTPUT, 0), Jobs.parse("defer-output", "--jobs"));
        assertEquals(new Jobs(Mode.FAIL_FAST, 0), Jobs.parse("fail-fast,parallel=0", "--jobs"));
    }

    @Test
    void rejections() {
        assertEquals(
                "invalid argument \"sometimes\" for \"--jobs\": unknown mode \"sometimes\" (expected fail-fast,"
                        + " defer-error or defer-output)",
                assertThrows(InvalidFlagException.class, () -> Jobs.parse("sometimes", "--jobs"))
                        .getMessage());
        assertEquals(
                "invalid argument \"parallel=-1\" for \"--jobs\": parallel must be a non-negative integer",
                assertThrows(InvalidFlagException.class, () -> Jobs.parse("parallel=-1", "--jobs"))
                        .getMessage());
        assertEquals(
                "invalid argument \"defer-error,retry=2\" for \"JBAKE_JOBS\": unknown field \"retry=2\""
                        + " (expected N or mode[,parallel=N])",
                assertThrows(InvalidFlagException.class, () -> Jobs.parse("defer-error,retry=2", "JBAKE_JOBS"))
                        .getMessage());
    }
}
