package io.jbake.go;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as buildx's tables use it ({@code tabwriter.NewWriter(w, minWidth, tabWidth,
 * padding, padChar, 0)}, all text written, then {@code Flush}): the text is cut into cells at tabs (and
 * vertical tabs) and into lines at newlines (and form feeds, written as newlines). A column is a run of
 * adjacent lines that have a tab-terminated cell at that index, so a line with fewer cells ends the column
 * for the lines after it; the last cell of a line belongs to no column and is never padded. A column is
 * as wide as its widest cell (in code points) plus {@code padding}, at least {@code minWidth}; with tab
 * padding that width is rounded up to a multiple of {@code tabWidth} and filled with whole tabs.
 *
 * <p>Cell text is taken as it is, as buildx's {@code fmt.Fprintf(tw, "%s\t%s\n", ...)} takes it: a tab or
 * newline inside a description makes extra cells or lines, exactly as it does in buildx's tables.
 */
public record TabWriter(int minWidth, int tabWidth, int padding, char padChar) {

    /** The rows' cells separated by tabs, each row ended by a newline, aligned. */
    public String format(List<? extends List<String>> rows) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            text.append(String.join("\t", row)).append('\n');
        }
        return format(text);
    }

    /** {@code text} aligned as the tabwriter writes it; a last line without newline stays without one. */
    public String format(CharSequence text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        int cellStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\u000b' || c == '\n' || c == '\f') {
                line.add(text.subSequence(cellStart, i).toString());
                cellStart = i + 1;
                if (c == '\n' || c == '\f') {
                    lines.add(line);
                    line = new ArrayList<>();
                }
            }
        }
        String unterminated = text.subSequence(cellStart, text.length()).toString();
        if (!unterminated.isEmpty()) {
            line.add(unterminated);
        }
        lines.add(line); // the text after the last newline: written without one
        StringBuilder out = new StringBuilder();
        layout(lines, 0, lines.size(), new ArrayList<>(), out);
        return out.toString();
    }

    /**
     * Writes lines {@code [from, to)}, whose columns left of {@code widths.size()} have those widths: each
     * block of adjacent lines with a cell in the next column gets that column's width, then is laid out
     * recursively for the columns right of it.
     */
    private void layout(List<List<String>> lines, int from, int to, List<Integer> widths, StringBuilder out) {
        int column = widths.size();
        int written = from;
        int i = from;
        while (i < to) {
            if (!hasColumn(lines.get(i), column)) {
                i++;
                continue;
            }
            write(lines, written, i, widths, out);
            int blockStart = i;
            int width = minWidth;
            for (; i < to && hasColumn(lines.get(i), column); i++) {
                width = Math.max(width, width(lines.get(i).get(column)) + padding);
            }
            widths.add(width);
            layout(lines, blockStart, i, widths, out);
            widths.remove(widths.size() - 1);
            written = i;
        }
        write(lines, written, to, widths, out);
    }

    /** Whether {@code line} has a tab-terminated cell at {@code column} (its last cell has none). */
    private static boolean hasColumn(List<String> line, int column) {
        return column < line.size() - 1;
    }

    private void write(List<List<String>> lines, int from, int to, List<Integer> widths, StringBuilder out) {
        for (int i = from; i < to; i++) {
            List<String> line = lines.get(i);
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c);
                out.append(cell);
                if (c < widths.size()) {
                    pad(width(cell), widths.get(c), out);
                }
            }
            if (i + 1 < lines.size()) {
                out.append('\n');
            }
        }
    }

    private void pad(int textWidth, int cellWidth, StringBuilder out) {
        if (padChar != '\t') {
            out.append(String.valueOf(padChar).repeat(cellWidth - textWidth));
        } else if (tabWidth > 0) {
            int stop = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
            out.append("\t".repeat((stop - textWidth + tabWidth - 1) / tabWidth));
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
