package io.jbake.hcl.syntax;

import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of one source file with a line table, turning char offsets into HCL positions (line, column in
 * code points, UTF-8 byte offset) on demand, so that scanners only record offsets. Shared by the native and
 * JSON syntaxes.
 */
public final class SourceText {

    /** Stands in for undecodable bytes; reported as "Invalid character encoding" when the file had any. */
    static final char REPLACEMENT = '\uFFFD';

    public final String filename;
    final char[] chars;
    public final boolean hadMalformedBytes;
    private final int[] lineStarts;
    private final int[] lineStartBytes; // null when the text is all ASCII, so bytes equal chars
    private final Pos startPos;
    private int lastLine; // a lookup cache, see lineOf

    SourceText(String filename, char[] chars, boolean hadMalformedBytes, Pos startPos) {
        this.filename = filename;
        this.chars = chars;
        this.hadMalformedBytes = hadMalformedBytes;
        this.startPos = startPos;
        int[] starts = new int[16];
        int lines = 1;
        boolean ascii = true;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == '\n') {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
            } else if (c >= 0x80) {
                ascii = false;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, lines);
        if (ascii) {
            this.lineStartBytes = null;
        } else {
            this.lineStartBytes = new int[lines];
            int bytes = 0;
            int line = 0;
            for (int i = 0; i < chars.length; i++) {
                if (line + 1 < lines && lineStarts[line + 1] == i) {
                    lineStartBytes[++line] = bytes;
                }
                bytes += utf8Length(i);
            }
            while (line + 1 < lines) {
                lineStartBytes[++line] = bytes;
            }
        }
    }

    public static SourceText of(String filename, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new SourceText(filename, t.toCharArray(), false, Pos.START);
    }

    /** Decodes UTF-8 (dropping a byte order mark); undecodable bytes become U+FFFD and are remembered. */
    public static SourceText of(String filename, byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        boolean malformed = false;
        CharBuffer out;
        try {
            out = strictDecoder().decode(in.duplicate());
        } catch (CharacterCodingException e) {
            malformed = true;
            try {
                out = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .replaceWith(String.valueOf(REPLACEMENT))
                        .decode(in);
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException("should never happen: a replacing decoder failed", impossible);
            }
        }
        char[] chars = new char[out.remaining()];
        out.get(chars);
        return new SourceText(filename, chars, malformed, Pos.START);
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    public int length() {
        return chars.length;
    }

    public char charAt(int offset) {
        return chars[offset];
    }

    public String text(int start, int end) {
        return new String(chars, start, end - start);
    }

    public SrcRange range(int start, int end) {
        Pos s = pos(start);
        return new SrcRange(filename, s, start == end ? s : pos(end));
    }

    public Pos pos(int offset) {
        int line = lineOf(offset);
        int lineStart = lineStarts[line];
        int column;
        int bytes;
        if (lineStartBytes == null) {
            column = offset - lineStart + 1;
            bytes = offset;
        } else {
            column = 1;
            bytes = lineStartBytes[line];
            for (int i = lineStart; i < offset; i++) {
                if (!Character.isLowSurrogate(chars[i])) {
                    column++;
                }
                bytes += utf8Length(i);
            }
        }
        if (line == 0) {
            column += startPos.column() - 1;
        }
        return new Pos(line + startPos.line(), column, bytes + startPos.byteOffset());
    }

    /**
     * The 0-based line holding {@code offset}. Lookups come mostly in source order, so the line of the previous
     * lookup (or the next one) is tried before a binary search.
     */
    private int lineOf(int offset) {
        int line = lastLine;
        int lines = lineStarts.length;
        for (int step = 0; step < 8; step++) {
            if (offset < lineStarts[line]) {
                line--;
            } else if (line + 1 < lines && offset >= lineStarts[line + 1]) {
                line++;
            } else {
                lastLine = line;
                return line;
            }
        }
        line = Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2;
        }
        lastLine = line;
        return line;
    }

    private int utf8Length(int i) {
        char c = chars[i];
        if (c < 0x80) {
            return 1;
        } else if (c < 0x800) {
            return 2;
        } else if (Character.isSurrogate(c)) {
            return 2; // each half of a pair; four bytes together
        }
        return 3;
    }
}
