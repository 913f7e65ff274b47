package io.jbake.go;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's text/tabwriter; expected texts are what buildx 0.29.1 printed for the same cells. */
class TabWriterTest {

    private static final TabWriter LIST = new TabWriter(1, 8, 1, '\t');

    @Test
    void tabPaddingRoundsTheColumnUpToATabStop() {
        // column width: widest cell + 1 = 17, rounded up to a tab stop (24); padding is whole tabs
        assertEquals(
                "TARGET\t\t\tDESCRIPTION\napp\t\t\t\nlong-target-name\tdescribed\n",
                LIST.format(List.of(
                        List.of("TARGET", "DESCRIPTION"),
                        List.of("app", ""),
                        List.of("long-target-name", "described"))));
    }

    @Test
    void tabsAndNewlinesInCellsMakeCellsAndLinesAsInBuildx() {
        // docker buildx bake --list=targets with descriptions "x\ty\tz" and "line1\nline2\tmore"
        assertEquals(
                "TARGET\t\tDESCRIPTION\na\t\tx\ty\tz\nbb\t\tline1\nline2\t\tmore\nccccccccccccccc\tplain\n",
                LIST.format(List.of(
                        List.of("TARGET", "DESCRIPTION"),
                        List.of("a", "x\ty\tz"),
                        List.of("bb", "line1\nline2\tmore"),
                        List.of("ccccccccccccccc", "plain"))));
        // --list=variables: the second line of a description is a one-cell line ending every column block
        assertEquals(
                "VARIABLE\t\tTYPE\tVALUE\tDESCRIPTION\nVERYLONGVARIABLENAME\t\ta\tb\tmulti\nline\t\t\tdesc\n"
                        + "x\t\t\t\t\u00e9\t\n",
                LIST.format(List.of(
                        List.of("VARIABLE", "TYPE", "VALUE", "DESCRIPTION"),
                        List.of("VERYLONGVARIABLENAME", "", "a\tb", "multi\nline\tdesc"),
                        List.of("x", "", "\u00e9", ""))));
    }

    @Test
    void spacePaddingAndColumnBlocks() {
        TabWriter outline = new TabWriter(0, 0, 3, ' ');
        assertEquals(
                "BUILD ARG   VALUE   DESCRIPTION\nFOO         bar     \u00e9t\u00e9\n",
                outline.format(
                        List.of(List.of("BUILD ARG", "VALUE", "DESCRIPTION"), List.of("FOO", "bar", "\u00e9t\u00e9"))));
        // a line without a tab ends the column block: the lines after it are aligned on their own
        assertEquals("aaaa  b\nshort\nx  y\n", new TabWriter(0, 0, 2, ' ').format("aaaa\tb\nshort\nx\ty\n"));
        assertEquals("aa  b  c\nx   y\nlast", new TabWriter(0, 0, 2, ' ').format("aa\tb\tc\nx\ty\nlast"));
    }
}
