package io.jbake.buildkit.progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small text screen that a running step's output is written into, so the live view can show its last
 * lines as a terminal would have shown them: long lines wrap at the screen's width, a carriage return
 * rewrites the line (progress bars), the screen scrolls when full. Escape sequences are skipped. buildx
 * keeps one such screen (a vt100 emulator) per step; this one behaves the same for the output steps print.
 */
final class LogScreen {

    private char[][] rows;
    private int width;
    private int x;
    private int y;
    /** An escape sequence cut by the end of a chunk: 0 none, 1 after ESC, 2 inside CSI. */
    private int escape;

    LogScreen(int height, int width) {
        this.width = Math.max(width, 6);
        rows = new char[Math.max(height, 1)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = blank(this.width);
        }
    }

    void write(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escape == 1) {
                escape = c == '[' ? 2 : 0;
            } else if (escape == 2) {
                if (c >= 0x40 && c <= 0x7e) {
                    escape = 0;
                }
            } else if (c == '\033') {
                escape = 1;
            } else if (c == '\n') {
                y++;
                x = 0;
            } else if (c == '\r') {
                x = 0;
            } else if (c == '\b') {
                x = Math.max(0, x - 1);
            } else if (c >= ' ' || c == '\t') {
                put(c == '\t' ? ' ' : c);
            }
        }
    }

    private void put(char c) {
        if (x >= width) {
            x = 0;
            y++;
        }
        if (y >= rows.length) {
            char[] first = rows[0];
            System.arraycopy(rows, 1, rows, 0, rows.length - 1);
            Arrays.fill(first, ' ');
            rows[rows.length - 1] = first;
            y = rows.length - 1;
        }
        rows[y][x] = c;
        if (++x >= width) {
            x = 0;
            y++;
        }
    }

    /** Changes the size as buildx's emulator does: rows kept from the top, each cut or padded on the right. */
    void resize(int height, int width) {
        width = Math.max(width, 6);
        height = Math.max(height, 1);
        char[][] resized = new char[height][];
        for (int i = 0; i < height; i++) {
            char[] row = blank(width);
            if (i < rows.length) {
                System.arraycopy(rows[i], 0, row, 0, Math.min(width, this.width));
            }
            resized[i] = row;
        }
        rows = resized;
        this.width = width;
    }

    int width() {
        return width;
    }

    /** How many rows hold something other than spaces. */
    int usedHeight() {
        return nonBlankRows().size();
    }

    /** The rows that hold something other than spaces, top to bottom, each as wide as the screen. */
    List<String> nonBlankRows() {
        List<String> used = new ArrayList<>();
        for (char[] row : rows) {
            for (char c : row) {
                if (c != ' ') {
                    used.add(new String(row));
                    break;
                }
            }
        }
        return used;
    }

    private static char[] blank(int width) {
        char[] row = new char[width];
        Arrays.fill(row, ' ');
        return row;
    }
}
