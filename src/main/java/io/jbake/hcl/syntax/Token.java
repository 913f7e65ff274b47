package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

/**
 * One token: its type and its extent {@code [start, end)} as char offsets into the source text. The
 * source range (line, column, byte) is computed on first use and kept.
 */
final class Token {

    private final TokenType type;
    private final int start;
    private final int end;
    private final SourceText source;
    private SrcRange range;

    Token(TokenType type, int start, int end, SourceText source) {
        this.type = type;
        this.start = start;
        this.end = end;
        this.source = source;
    }

    TokenType type() {
        return type;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    SourceText source() {
        return source;
    }

    SrcRange range() {
        if (range == null) {
            range = source.range(start, end);
        }
        return range;
    }

    String text() {
        return source.text(start, end);
    }

    int length() {
        return end - start;
    }

    char charAt(int i) {
        return source.charAt(start + i);
    }

    @Override
    public String toString() {
        return type + " " + range();
    }
}
