package io.jbake.hcl.syntax;

import io.jbake.hcl.SrcRange;

/**
 * One token: its type and its extent {@code [start, end)} as char offsets into the source text. The
 * source range (line, column, byte) is computed only when asked for.
 */
record Token(TokenType type, int start, int end, SourceText source) {

    SrcRange range() {
        return source.range(start, end);
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
}
