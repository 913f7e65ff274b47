package io.jbake.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which running command the server fails for a full heap ({@link Server#culprit}). */
class HeapCulpritTest {
    private static final long LIMIT = 64L << 20;

    @Test
    void theCommandThatAllocatedTheMostIsFailed() {
        Map<String, Long> allocated = Map.of("small", 1L << 20, "large", 40L << 20, "medium", 20L << 20);

        assertEquals(Optional.of("large"), Server.culprit(List.of("small", "large", "medium"), allocated::get, LIMIT));
    }

    /**
     * The command that filled the heap has ended when the error reaches a thread of no command: the one waiting
     * for its stdin, which allocated a few KiB, is not failed for it.
     */
    @Test
    void aCommandThatAllocatedLessThanAQuarterOfTheHeapIsNeverFailed() {
        Map<String, Long> allocated = Map.of("waiting", 8L << 10, "printing", (LIMIT / 4) - 1);

        assertEquals(Optional.empty(), Server.culprit(List.of("waiting", "printing"), allocated::get, LIMIT));
    }

    @Test
    void aQuarterOfTheHeapIsEnoughToBeFailed() {
        assertEquals(Optional.of("large"), Server.culprit(List.of("large"), Map.of("large", LIMIT / 4)::get, LIMIT));
    }
}
