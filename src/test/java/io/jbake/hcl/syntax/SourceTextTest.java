package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** HCL positions (line, column in code points, UTF-8 byte offset) of char offsets, asked in any order. */
class SourceTextTest {

    // lines start at chars 0, 3, 6, 7; "ç" is two UTF-8 bytes, the emoji one column and four bytes
    private static final SourceText TEXT = SourceText.of("f.hcl", "ab\n\u00e7d\n\nx\ud83d\ude00y");

    private static final List<Pos> EXPECTED = List.of(
            new Pos(1, 1, 0),
            new Pos(1, 2, 1),
            new Pos(1, 3, 2),
            new Pos(2, 1, 3),
            new Pos(2, 2, 5),
            new Pos(2, 3, 6),
            new Pos(3, 1, 7),
            new Pos(4, 1, 8),
            new Pos(4, 2, 9),
            new Pos(4, 3, 11),
            new Pos(4, 3, 13),
            new Pos(4, 4, 14));

    @Test
    void positionsInSourceOrder() {
        for (int offset = 0; offset <= TEXT.length(); offset++) {
            assertEquals(EXPECTED.get(offset), TEXT.pos(offset), "offset " + offset);
        }
    }

    @Test
    void positionsInReverseAndScatteredOrderAreTheSame() {
        for (int offset = TEXT.length(); offset >= 0; offset--) {
            assertEquals(EXPECTED.get(offset), TEXT.pos(offset), "offset " + offset);
        }
        for (int offset : new int[] {11, 0, 7, 3, 10, 1, 6}) {
            assertEquals(EXPECTED.get(offset), TEXT.pos(offset), "offset " + offset);
        }
        assertEquals(new SrcRange("f.hcl", new Pos(4, 1, 8), new Pos(4, 4, 14)), TEXT.range(7, 11));
    }

    @Test
    void threadsAskingAtOnceGetTheSamePositions() {
        int offsets = TEXT.length() + 1;
        IntStream.range(0, 100_000).parallel().forEach(i -> {
            int offset = i * 7 % offsets;
            assertEquals(EXPECTED.get(offset), TEXT.pos(offset), "offset " + offset);
        });
    }
}
