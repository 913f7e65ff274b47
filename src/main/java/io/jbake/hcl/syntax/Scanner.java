package io.jbake.hcl.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The native syntax scanner: one pass over the source chars producing every token, comments and newlines
 * included (the parser decides where newlines matter).
 *
 * <p>Templates make the token grammar context dependent, so the scanner keeps a stack of modes: normal
 * expression text, quoted template, heredoc template. {@code ${} and {@code %{} push a normal-mode frame
 * that is popped by the {@code }} closing it (braces opened inside the sequence are counted per frame).
 * A heredoc frame remembers its end marker and whether the scanner is at the start of a line, where the
 * marker may close it.
 */
final class Scanner {

    private enum Mode {
        NORMAL,
        QUOTED,
        HEREDOC,
        BARE_TEMPLATE
    }

    private static final class Frame {
        final Mode mode;
        int braces; // NORMAL: braces opened inside this frame and not yet closed
        final String marker; // HEREDOC only
        boolean startOfLine = true; // HEREDOC only

        Frame(Mode mode, String marker) {
            this.mode = mode;
            this.marker = marker;
        }
    }

    private final SourceText src;
    private final char[] c;
    private final int n;
    private final List<Token> tokens;
    private final List<Frame> frames = new ArrayList<>();
    private int p;

    private Scanner(SourceText src) {
        this.src = src;
        this.c = src.chars;
        this.n = c.length;
        this.tokens = new ArrayList<>(Math.max(16, n / 4));
    }

    /** Scans a whole configuration file or expression. */
    static List<Token> scanConfig(SourceText src) {
        Scanner s = new Scanner(src);
        s.frames.add(new Frame(Mode.NORMAL, null));
        return s.run();
    }

    /** Scans a bare template: literal text with interpolations, no surrounding quotes (used for JSON strings). */
    static List<Token> scanTemplate(SourceText src) {
        Scanner s = new Scanner(src);
        s.frames.add(new Frame(Mode.BARE_TEMPLATE, null));
        return s.run();
    }

    private List<Token> run() {
        while (p < n) {
            Frame top = frames.get(frames.size() - 1);
            switch (top.mode) {
                case NORMAL -> scanNormal(top);
                case QUOTED -> scanQuoted();
                case HEREDOC -> scanHeredoc(top);
                case BARE_TEMPLATE -> scanBareTemplate();
            }
        }
        emit(TokenType.EOF, n, n);
        return tokens;
    }

    private void emit(TokenType type, int start, int end) {
        tokens.add(new Token(type, start, end, src));
    }

    private char at(int i) {
        return i < n ? c[i] : '\0';
    }

    private void scanNormal(Frame frame) {
        char ch = c[p];
        int start = p;
        switch (ch) {
            case ' ', '\t' -> {
                while (p < n && (c[p] == ' ' || c[p] == '\t')) {
                    p++;
                }
            }
            case '\n' -> {
                p++;
                emit(TokenType.NEWLINE, start, p);
            }
            case '\r' -> {
                if (at(p + 1) == '\n') {
                    p += 2;
                    emit(TokenType.NEWLINE, start, p);
                } else {
                    p++;
                    emit(TokenType.INVALID, start, p);
                }
            }
            case '#' -> lineComment();
            case '/' -> {
                if (at(p + 1) == '/') {
                    lineComment();
                } else if (at(p + 1) == '*' && blockComment()) {
                    emit(TokenType.COMMENT, start, p);
                } else {
                    single(TokenType.SLASH);
                }
            }
            case '{' -> {
                frame.braces++;
                single(TokenType.O_BRACE);
            }
            case '}' -> closeBrace(frame, 1);
            case '~' -> {
                if (at(p + 1) == '}') {
                    closeBrace(frame, 2);
                } else {
                    single(TokenType.BITWISE_NOT);
                }
            }
            case '"' -> {
                single(TokenType.O_QUOTE);
                frames.add(new Frame(Mode.QUOTED, null));
            }
            case '<' -> {
                if (at(p + 1) == '<' && heredocIntroducer()) {
                    return;
                }
                pair('=', TokenType.LESS_THAN_EQ, TokenType.LESS_THAN);
            }
            case '>' -> pair('=', TokenType.GREATER_THAN_EQ, TokenType.GREATER_THAN);
            case '=' -> {
                if (at(p + 1) == '=') {
                    p += 2;
                    emit(TokenType.EQUAL_OP, start, p);
                } else {
                    pair('>', TokenType.FAT_ARROW, TokenType.EQUAL);
                }
            }
            case '!' -> pair('=', TokenType.NOT_EQUAL, TokenType.BANG);
            case '&' -> pair('&', TokenType.AND, TokenType.BITWISE_AND);
            case '|' -> pair('|', TokenType.OR, TokenType.BITWISE_OR);
            case ':' -> pair(':', TokenType.DOUBLE_COLON, TokenType.COLON);
            case '.' -> {
                if (at(p + 1) == '.' && at(p + 2) == '.') {
                    p += 3;
                    emit(TokenType.ELLIPSIS, start, p);
                } else {
                    single(TokenType.DOT);
                }
            }
            case '[' -> single(TokenType.O_BRACK);
            case ']' -> single(TokenType.C_BRACK);
            case '(' -> single(TokenType.O_PAREN);
            case ')' -> single(TokenType.C_PAREN);
            case ',' -> single(TokenType.COMMA);
            case '*' -> single(TokenType.STAR);
            case '%' -> single(TokenType.PERCENT);
            case '+' -> single(TokenType.PLUS);
            case '-' -> single(TokenType.MINUS);
            case '?' -> single(TokenType.QUESTION);
            case '^' -> single(TokenType.BITWISE_XOR);
            case ';' -> single(TokenType.SEMICOLON);
            case '`' -> single(TokenType.BACKTICK);
            case '\'' -> single(TokenType.APOSTROPHE);
            default -> {
                if (ch >= '0' && ch <= '9') {
                    number();
                } else if (isIdentStart(ch)) {
                    ident();
                } else {
                    invalidChar();
                }
            }
        }
    }

    private void single(TokenType type) {
        emit(type, p, ++p);
    }

    private void pair(char second, TokenType ifPair, TokenType ifSingle) {
        if (at(p + 1) == second) {
            emit(ifPair, p, p += 2);
        } else {
            single(ifSingle);
        }
    }

    /** A line comment includes its newline, so the parser can treat it as one. */
    private void lineComment() {
        int start = p;
        while (p < n && c[p] != '\n') {
            p++;
        }
        if (p < n) {
            p++;
        }
        emit(TokenType.COMMENT, start, p);
    }

    private boolean blockComment() {
        for (int i = p + 2; i + 1 < n; i++) {
            if (c[i] == '*' && c[i + 1] == '/') {
                p = i + 2;
                return true;
            }
        }
        return false; // unterminated: scanned as "/" then "*", as HCL does
    }

    private void closeBrace(Frame frame, int length) {
        int start = p;
        p += length;
        boolean inSequence = frames.size() > 1 && frame.mode == Mode.NORMAL;
        if (inSequence && frame.braces == 0) {
            emit(TokenType.TEMPLATE_SEQ_END, start, p);
            frames.remove(frames.size() - 1);
            return;
        }
        if (frame.braces > 0) {
            frame.braces--;
        }
        // "~}" closing an ordinary brace is still a sequence end, for the parser to reject.
        emit(length == 2 ? TokenType.TEMPLATE_SEQ_END : TokenType.C_BRACE, start, p);
    }

    /** {@code <<EOT} or {@code <<-EOT} followed by a newline; anything else is two less-than tokens. */
    private boolean heredocIntroducer() {
        int start = p;
        int i = p + 2;
        if (at(i) == '-') {
            i++;
        }
        if (i >= n || !isIdentStart(c[i])) {
            return false;
        }
        int markerStart = i;
        while (i < n && isIdentPart(c[i])) {
            i++;
        }
        int markerEnd = i;
        if (at(i) == '\r' && at(i + 1) == '\n') {
            i += 2;
        } else if (at(i) == '\n') {
            i++;
        } else {
            return false;
        }
        p = i;
        emit(TokenType.O_HEREDOC, start, p);
        frames.add(new Frame(Mode.HEREDOC, src.text(markerStart, markerEnd)));
        return true;
    }

    /**
     * A number: digits with an optional fraction and exponent. A dot is taken only when a digit follows,
     * so {@code foo.0.bar} scans the index {@code 0}; {@code 0.1} stays one token, as in HCL.
     */
    private void number() {
        int start = p;
        p++;
        while (p < n) {
            char ch = c[p];
            if (ch >= '0' && ch <= '9') {
                p++;
            } else if (ch == '.' && isDigit(at(p + 1))) {
                p += 2;
            } else if ((ch == 'e' || ch == 'E')
                    && (isDigit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && isDigit(at(p + 2))))) {
                p += isDigit(at(p + 1)) ? 2 : 3;
            } else {
                break;
            }
        }
        emit(TokenType.NUMBER_LIT, start, p);
    }

    private void ident() {
        int start = p;
        p += Character.charCount(Character.codePointAt(c, p, n));
        while (p < n && isIdentPart(c[p])) {
            p++;
        }
        emit(TokenType.IDENT, start, p);
    }

    private void invalidChar() {
        int start = p;
        if (c[p] == SourceText.REPLACEMENT && src.hadMalformedBytes) {
            p++;
            emit(TokenType.BAD_UTF8, start, p);
            return;
        }
        p += Character.charCount(Character.codePointAt(c, p, n));
        emit(TokenType.INVALID, start, p);
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    static boolean isIdentStart(char ch) {
        if (ch < 0x80) {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
        }
        return Character.isUnicodeIdentifierStart(ch) || Character.isHighSurrogate(ch);
    }

    static boolean isIdentPart(char ch) {
        if (ch < 0x80) {
            return (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '_'
                    || ch == '-';
        }
        return Character.isUnicodeIdentifierPart(ch) || Character.isSurrogate(ch);
    }

    // --- templates ---

    /** Starts a template sequence if {@code ${} or {@code %{} (optionally with "~") is at p. */
    private boolean sequenceStart() {
        char ch = c[p];
        if ((ch != '$' && ch != '%') || at(p + 1) != '{') {
            return false;
        }
        int start = p;
        p += at(p + 2) == '~' ? 3 : 2;
        emit(ch == '$' ? TokenType.TEMPLATE_INTERP : TokenType.TEMPLATE_CONTROL, start, p);
        frames.add(new Frame(Mode.NORMAL, null));
        return true;
    }

    /**
     * Advances over template literal text up to a sequence start, a newline or {@code stopChar}.
     * {@code $${} and {@code %%{} are escapes and stay in the literal; {@code escapes} also lets a
     * backslash take the next char along (quoted strings).
     */
    private void literalRun(int stopChar, boolean escapes) {
        while (p < n) {
            char ch = c[p];
            if (ch == stopChar || ch == '\n' || (ch == '\r' && (escapes || at(p + 1) == '\n'))) {
                return;
            }
            if (ch == '$' || ch == '%') {
                char next = at(p + 1);
                if (next == '{') {
                    return;
                }
                if (next == ch && at(p + 2) == '{') {
                    p += 3;
                    continue;
                }
                p++;
            } else if (ch == '\\' && escapes && p + 1 < n && c[p + 1] != '\n' && c[p + 1] != '\r') {
                p += 2;
            } else {
                p++;
            }
        }
    }

    private void scanQuoted() {
        if (sequenceStart()) {
            return;
        }
        int start = p;
        char ch = c[p];
        if (ch == '"') {
            p++;
            emit(TokenType.C_QUOTE, start, p);
            frames.remove(frames.size() - 1);
        } else if (ch == '\n' || ch == '\r') {
            while (p < n && (c[p] == '\n' || c[p] == '\r')) {
                p++;
            }
            emit(TokenType.QUOTED_NEWLINE, start, p);
        } else {
            literalRun('"', true);
            emit(TokenType.QUOTED_LIT, start, p);
        }
    }

    private void scanHeredoc(Frame frame) {
        if (sequenceStart()) {
            frame.startOfLine = false;
            return;
        }
        int start = p;
        literalRun(-1, false);
        boolean eol = false;
        int lineEnd = p;
        if (at(p) == '\r' && at(p + 1) == '\n') {
            p += 2;
            eol = true;
        } else if (at(p) == '\n') {
            p++;
            eol = true;
        }
        if (!eol) {
            frame.startOfLine = false;
            emit(TokenType.STRING_LIT, start, p);
            return;
        }
        if (frame.startOfLine && isMarkerLine(start, lineEnd, frame.marker)) {
            emit(TokenType.C_HEREDOC, start, lineEnd);
            emit(TokenType.NEWLINE, lineEnd, p);
            frames.remove(frames.size() - 1);
            return;
        }
        frame.startOfLine = true;
        emit(TokenType.STRING_LIT, start, p);
    }

    private boolean isMarkerLine(int start, int end, String marker) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(c[s])) {
            s++;
        }
        while (e > s && Character.isWhitespace(c[e - 1])) {
            e--;
        }
        if (e - s != marker.length()) {
            return false;
        }
        for (int i = 0; i < marker.length(); i++) {
            if (c[s + i] != marker.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A bare template's literal runs to a sequence start or past the next newline. */
    private void scanBareTemplate() {
        if (sequenceStart()) {
            return;
        }
        int start = p;
        literalRun(-1, false);
        if (at(p) == '\r' && at(p + 1) == '\n') {
            p += 2;
        } else if (at(p) == '\n') {
            p++;
        }
        emit(TokenType.STRING_LIT, start, p);
    }
}
