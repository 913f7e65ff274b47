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
 * JSON syntaxes. Immutable once made (the line table is built by the constructor), so positions may be asked
 * for in any order and from any thread.
 */
public final class SourceText {

    /** Chars per entry of the block index: a lookup walks at most the lines that start inside one block. */
    private static final int BLOCK = 32;

    /** Stands in for undecodable bytes; reported as "Invalid character encoding" when the file had any. */
    static final char REPLACEMENT = '\uFFFD';

    public final String filename;
    final char[] chars;
    public final boolean hadMalformedBytes;
    private final int[] lineStarts;
    private final int[] lineAtBlock; // [i]: the line holding char offset i * BLOCK
    private final int[] lineStartBytes; // null when the text is all ASCII, so bytes equal chars
    private final Pos startPos;

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
        this.lineAtBlock = new int[chars.length / BLOCK + 1];
        for (int block = 0, line = 0; block < lineAtBlock.length; block++) {
            line = walk(line, block * BLOCK);
            lineAtBlock[block] = line;
        }
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
        int offset =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        boolean malformed = false;
        CharBuffer out;
        try {
            out = strictDecoder().decode(in.duplicate());
        } catch (CharacterCodingException e) {
            malformed = true;
            try {
                out = StandardCharsets.UTF_8
                        .newDecoder()
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
        return StandardCharsets.UTF_8
                .newDecoder()
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

    /** The 0-based line holding {@code offset}: the last line starting at or before it. */
    private int lineOf(int offset) {
        return walk(lineAtBlock[offset / BLOCK], offset);
    }

    /** From {@code line}, which starts at or before {@code offset}, forward to the line holding {@code offset}. */
    private int walk(int line, int offset) {
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) {
            line++;
        }
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
