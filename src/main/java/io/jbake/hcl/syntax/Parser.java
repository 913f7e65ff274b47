package io.jbake.hcl.syntax;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.syntax.Expr.AnonSymbolExpr;
import io.jbake.hcl.syntax.Expr.InvalidExpr;
import io.jbake.hcl.syntax.Expr.LiteralValueExpr;
import io.jbake.hcl.syntax.Expr.ObjectConsKeyExpr;
import io.jbake.hcl.syntax.Expr.ParenthesesExpr;
import io.jbake.hcl.syntax.Expr.ScopeTraversalExpr;
import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native syntax parser: recursive descent for bodies and terms, precedence climbing for binary
 * operators. It follows HCL's parser closely, because buildx users see its diagnostics: the same
 * summaries, details and ranges, and the same recovery (after an error the parser skips to a likely
 * resynchronisation point and, while "recovering", suppresses follow-on errors).
 *
 * <p>Whether a newline ends something depends on context: it terminates attributes in a body and items in
 * an object constructor, but is ignored inside parentheses, brackets and template sequences. As in HCL's
 * peeker, the parser keeps a stack of "newlines matter" flags that {@link #peek()} consults.
 */
final class Parser {

    private final List<Token> tokens;
    private final Diagnostics diags;
    private final String filename;
    private int next;
    private boolean[] newlineStack = new boolean[16];
    private int newlineDepth;
    private boolean recovery;
    /** How deep the parser is in nested expressions and blocks, bounded by {@link Limits#NESTING_DEPTH}. */
    private int depth;
    /** How many expressions being parsed enclose the current point. */
    private int expressions;

    Parser(List<Token> tokens, String filename, Diagnostics diags) {
        this.tokens = tokens;
        this.filename = filename;
        this.diags = diags;
        newlineStack[0] = true;
    }

    // --- token access ---

    Token peek() {
        return scan(false);
    }

    Token read() {
        return scan(true);
    }

    private Token scan(boolean consume) {
        boolean newlines = newlineStack[newlineDepth];
        for (int i = next; i < tokens.size(); i++) {
            Token tok = tokens.get(i);
            if (tok.type() == TokenType.COMMENT) {
                // A line comment includes its newline, which still ends the line where newlines matter.
                if (newlines && tok.length() > 0 && tok.charAt(tok.length() - 1) == '\n') {
                    if (consume) {
                        next = i + 1;
                    }
                    return new Token(TokenType.NEWLINE, tok.start(), tok.end(), tok.source());
                }
                continue;
            }
            if (tok.type() == TokenType.NEWLINE && !newlines) {
                continue;
            }
            if (consume) {
                next = i + 1;
            }
            return tok;
        }
        Token eof = tokens.get(tokens.size() - 1);
        if (consume) {
            next = tokens.size();
        }
        return eof;
    }

    private SrcRange prevRange() {
        if (next == 0) {
            return peek().range();
        }
        return tokens.get(next - 1).range();
    }

    void pushNewlines(boolean significant) {
        if (++newlineDepth == newlineStack.length) {
            newlineStack = java.util.Arrays.copyOf(newlineStack, newlineDepth * 2);
        }
        newlineStack[newlineDepth] = significant;
    }

    void popNewlines() {
        newlineDepth--;
    }

    boolean inRecovery() {
        return recovery;
    }

    /**
     * Parsing or evaluating went over {@link Limits#NESTING_DEPTH} at {@code at}. It ends the whole parse (the
     * entry points in {@link HclSyntax} report it): recovering level by level would only report it again.
     */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SrcRange at;

        TooDeep(SrcRange at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private void enter() {
        if (++depth > Limits.NESTING_DEPTH) {
            throw new TooDeep(peek().range());
        }
    }

    /**
     * Throws {@link TooDeep} when {@code expr}, parsed from the tokens {@code from} to {@link #next}, is deeper than
     * {@link Limits#NESTING_DEPTH} plus the parser's depth. Nesting the parser recursed into is bounded already;
     * this finds chains that it parses in a loop but the evaluator recurses into ({@code 1 + 1 + ... + 1},
     * {@code a[i][j]...}). A tree is at most twice as deep as it has tokens, so smaller expressions are skipped.
     */
    void checkDepth(Expr expr, int from) {
        if (2L * (next - from) + depth <= Limits.NESTING_DEPTH) {
            return;
        }
        java.util.ArrayDeque<Expr> nodes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        nodes.push(expr);
        depths.push(depth + 1);
        while (!nodes.isEmpty()) {
            Expr node = nodes.pop();
            int d = depths.pop();
            if (d > Limits.NESTING_DEPTH) {
                throw new TooDeep(node.range());
            }
            for (Expr child : node.children()) {
                nodes.push(child);
                depths.push(d + 1);
            }
        }
    }

    private void error(String summary, String detail, SrcRange subject) {
        diags.add(Diagnostic.error(summary, detail, subject));
    }

    private void error(String summary, String detail, SrcRange subject, SrcRange context) {
        diags.add(Diagnostic.error(summary, detail, subject, context));
    }

    private static boolean isKeyword(Token tok, String keyword) {
        if (tok.type() != TokenType.IDENT || tok.length() != keyword.length()) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            if (tok.charAt(i) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // --- bodies ---

    /** Parses body items up to {@code end} (EOF for a file, "}" for a block). */
    SyntaxBody parseBody(TokenType end) {
        enter();
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        List<Block> blocks = new ArrayList<>();
        SrcRange startRange = prevRange();
        SrcRange endRange;
        while (true) {
            Token tok = peek();
            if (tok.type() == end) {
                endRange = tok.range();
                read();
                break;
            }
            if (tok.type() == TokenType.NEWLINE) {
                read();
                continue;
            }
            if (tok.type() == TokenType.IDENT) {
                Object item = parseBodyItem();
                if (item instanceof Block b) {
                    blocks.add(b);
                } else if (item instanceof Attribute a) {
                    Attribute existing = attrs.get(a.name());
                    if (existing != null) {
                        error(
                                "Attribute redefined",
                                "The argument \"" + a.name() + "\" was already set at " + existing.nameRange()
                                        + ". Each argument may be set only once.",
                                a.nameRange());
                    } else {
                        attrs.put(a.name(), a);
                    }
                }
                continue;
            }
            Token bad = read();
            if (!recovery) {
                if (bad.type() == TokenType.O_QUOTE) {
                    error("Invalid argument name", "Argument names must not be quoted.", bad.range());
                } else if (bad.type() == TokenType.EOF) {
                    if (end == TokenType.C_BRACE) {
                        error(
                                "Unclosed configuration block",
                                "There is no closing brace for this block before the "
                                        + "end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                                startRange);
                    } else {
                        error(
                                "Unclosed configuration body",
                                "Found end of file before the end of this configuration body.",
                                startRange);
                    }
                } else {
                    error(
                            "Argument or block definition required",
                            "An argument or block definition is required here.",
                            bad.range());
                }
            }
            endRange = prevRange();
            recover(end);
            break;
        }
        depth--;
        return new SyntaxBody(attrs, blocks, SrcRange.between(startRange, endRange), endRange.endOnly());
    }

    /** An attribute or block starting at an identifier; null if it could not be parsed at all. */
    private Object parseBodyItem() {
        Token ident = read();
        Token tok = peek();
        switch (tok.type()) {
            case EQUAL:
                return finishAttribute(ident, false);
            case O_QUOTE, O_BRACE, IDENT:
                return finishBlock(ident);
            default:
                recoverAfterBodyItem();
                error(
                        "Argument or block definition required",
                        "An argument or block definition is required "
                                + "here. To set an argument, use the equals sign \"=\" to introduce the argument value.",
                        ident.range());
                return null;
        }
    }

    private Attribute finishAttribute(Token ident, boolean singleLine) {
        Token equals = read();
        int before = diags.errorCount();
        Expr expr = parseExpression();
        SrcRange endRange;
        if (recovery && diags.errorCount() > before) {
            endRange = prevRange();
            recoverAfterBodyItem();
        } else {
            endRange = prevRange();
            if (!singleLine) {
                Token end = peek();
                if (end.type() != TokenType.NEWLINE && end.type() != TokenType.EOF) {
                    if (!recovery) {
                        if (end.type() == TokenType.COMMA) {
                            error(
                                    "Unexpected comma after argument",
                                    "Argument definitions must be separated by "
                                            + "newlines, not commas. An argument definition must end with a newline.",
                                    end.range(),
                                    SrcRange.between(ident.range(), end.range()));
                        } else {
                            error(
                                    "Missing newline after argument",
                                    "An argument definition must end with a newline.",
                                    end.range(),
                                    SrcRange.between(ident.range(), end.range()));
                        }
                    }
                    endRange = prevRange();
                    recoverAfterBodyItem();
                } else {
                    endRange = prevRange();
                    read();
                }
            }
        }
        assert equals.type() == TokenType.EQUAL;
        return new Attribute(ident.text(), expr, SrcRange.between(ident.range(), endRange), ident.range());
    }

    private Block finishBlock(Token ident) {
        String type = ident.text();
        List<String> labels = new ArrayList<>();
        List<SrcRange> labelRanges = new ArrayList<>();
        Token oBrace;
        while (true) {
            Token tok = peek();
            if (tok.type() == TokenType.O_BRACE) {
                oBrace = read();
                break;
            } else if (tok.type() == TokenType.O_QUOTE) {
                SrcRange[] range = new SrcRange[1];
                labels.add(parseQuotedStringLiteral(range));
                labelRanges.add(range[0]);
            } else if (tok.type() == TokenType.IDENT) {
                read();
                labels.add(tok.text());
                labelRanges.add(tok.range());
            } else {
                SrcRange context = SrcRange.between(ident.range(), tok.range());
                if (tok.type() == TokenType.EQUAL) {
                    error(
                            "Invalid block definition",
                            "The equals sign \"=\" indicates an argument definition, and "
                                    + "must not be used when defining a block.",
                            tok.range(),
                            context);
                } else if (tok.type() == TokenType.NEWLINE) {
                    error(
                            "Invalid block definition",
                            "A block definition must have block content delimited by "
                                    + "\"{\" and \"}\", starting on the same line as the block header.",
                            tok.range(),
                            context);
                } else if (!recovery) {
                    error(
                            "Invalid block definition",
                            "Either a quoted string block label or an opening brace " + "(\"{\") is expected here.",
                            tok.range(),
                            context);
                }
                recoverAfterBodyItem();
                SyntaxBody empty =
                        new SyntaxBody(new LinkedHashMap<>(), new ArrayList<>(), ident.range(), ident.range());
                return new Block(type, labels, empty, ident.range(), labelRanges, ident.range(), ident.range());
            }
        }

        SyntaxBody body;
        TokenType after = peek().type();
        if (after == TokenType.NEWLINE || after == TokenType.EOF || after == TokenType.C_BRACE) {
            body = parseBody(TokenType.C_BRACE);
        } else {
            body = parseSingleAttributeBody(oBrace);
            Token tok = peek();
            switch (tok.type()) {
                case C_BRACE -> read();
                case COMMA -> {
                    error(
                            "Invalid single-argument block definition",
                            "Single-line block syntax can include only "
                                    + "one argument definition. To define multiple arguments, use the multi-line block "
                                    + "syntax with one argument definition per line.",
                            tok.range());
                    recover(TokenType.C_BRACE);
                }
                case NEWLINE -> {
                    error(
                            "Invalid single-argument block definition",
                            "An argument definition on the same line as "
                                    + "its containing block creates a single-line block definition, which must also be "
                                    + "closed on the same line. Place the block's closing brace immediately after the "
                                    + "argument definition.",
                            tok.range());
                    recover(TokenType.C_BRACE);
                }
                default -> {
                    if (!recovery) {
                        if (tok.type() == TokenType.EOF) {
                            error(
                                    "Unclosed configuration block",
                                    "There is no closing brace for this block before "
                                            + "the end of the file. This may be caused by incorrect brace nesting elsewhere "
                                            + "in this file.",
                                    oBrace.range(),
                                    SrcRange.between(ident.range(), oBrace.range()));
                        } else {
                            error(
                                    "Invalid single-argument block definition",
                                    "A single-line block definition must "
                                            + "end with a closing brace immediately after its single argument definition.",
                                    tok.range());
                        }
                    }
                    recover(TokenType.C_BRACE);
                }
            }
        }
        SrcRange cBraceRange = prevRange();

        Token eol = peek();
        if (eol.type() == TokenType.NEWLINE || eol.type() == TokenType.EOF) {
            read();
        } else {
            if (!recovery) {
                error(
                        "Missing newline after block definition",
                        "A block definition must end with a newline.",
                        eol.range(),
                        SrcRange.between(ident.range(), eol.range()));
            }
            recoverAfterBodyItem();
        }
        if (body == null) {
            body = new SyntaxBody(
                    new LinkedHashMap<>(),
                    new ArrayList<>(),
                    SrcRange.between(oBrace.range(), cBraceRange),
                    cBraceRange);
        }
        return new Block(type, labels, body, ident.range(), labelRanges, oBrace.range(), cBraceRange);
    }

    /** The body of {@code name { attr = value }}: exactly one attribute on the block's own line. */
    private SyntaxBody parseSingleAttributeBody(Token oBrace) {
        Token ident = read();
        if (ident.type() != TokenType.IDENT) {
            recoverAfterBodyItem();
            error(
                    "Argument or block definition required",
                    "An argument or block definition is required here.",
                    ident.range());
            return null;
        }
        Token tok = peek();
        switch (tok.type()) {
            case EQUAL -> {
                Attribute attr = finishAttribute(ident, true);
                Map<String, Attribute> attrs = new LinkedHashMap<>();
                attrs.put(attr.name(), attr);
                return new SyntaxBody(
                        attrs, new ArrayList<>(), attr.range(), attr.range().endOnly());
            }
            case O_QUOTE, O_BRACE, IDENT -> {
                recoverAfterBodyItem();
                error(
                        "Argument definition required",
                        "A single-line block definition can contain only a single "
                                + "argument. If you meant to define argument \"" + ident.text()
                                + "\", use an equals sign to "
                                + "assign it a value. To define a nested block, place it on a line of its own within its "
                                + "parent block.",
                        SrcRange.between(ident.range(), tok.range()));
                return null;
            }
            default -> {
                recoverAfterBodyItem();
                error(
                        "Argument or block definition required",
                        "An argument or block definition is required "
                                + "here. To set an argument, use the equals sign \"=\" to introduce the argument value.",
                        ident.range());
                return null;
            }
        }
    }

    // --- expressions ---

    Expr parseExpression() {
        enter();
        expressions++;
        int from = next;
        Expr expr = parseConditional();
        depth--;
        if (--expressions == 0) {
            checkDepth(expr, from);
        }
        return expr;
    }

    private Expr parseConditional() {
        SrcRange startRange = peek().range();
        int before = diags.errorCount();
        Expr cond = parseBinary(Operation.LOWEST_PRECEDENCE);
        if (recovery && diags.errorCount() > before) {
            return cond;
        }
        if (peek().type() != TokenType.QUESTION) {
            return cond;
        }
        read();
        before = diags.errorCount();
        Expr whenTrue = parseExpression();
        if (recovery && diags.errorCount() > before) {
            return cond;
        }
        Token colon = peek();
        if (colon.type() != TokenType.COLON) {
            error(
                    "Missing false expression in conditional",
                    "The conditional operator (...?...:...) requires a " + "false expression, delimited by a colon.",
                    colon.range(),
                    SrcRange.between(startRange, colon.range()));
            return cond;
        }
        read();
        before = diags.errorCount();
        Expr whenFalse = parseExpression();
        if (recovery && diags.errorCount() > before) {
            return cond;
        }
        return new ConditionalExpr(cond, whenTrue, whenFalse, SrcRange.between(startRange, whenFalse.range()));
    }

    /** Precedence climbing: operands bind operators of at least {@code minPrecedence}, left to right. */
    private Expr parseBinary(int minPrecedence) {
        int before = diags.errorCount();
        Expr lhs = parseExpressionWithTraversals();
        if (recovery && diags.errorCount() > before) {
            return lhs;
        }
        while (true) {
            Operation op = Operation.binary(peek().type());
            if (op == null || op.precedence < minPrecedence) {
                return lhs;
            }
            read();
            before = diags.errorCount();
            Expr rhs = parseBinary(op.precedence + 1);
            if (recovery && diags.errorCount() > before) {
                return lhs;
            }
            lhs = new BinaryOpExpr(lhs, op, rhs, SrcRange.between(lhs.range(), rhs.range()));
        }
    }

    private Expr parseExpressionWithTraversals() {
        return parseTraversals(parseTerm());
    }

    private Expr parseTraversals(Expr from) {
        Expr ret = from;
        while (true) {
            Token tok = peek();
            if (tok.type() == TokenType.DOT) {
                Token dot = read();
                Token attr = peek();
                if (attr.type() == TokenType.IDENT) {
                    read();
                    SrcRange range = SrcRange.between(dot.range(), attr.range());
                    ret = appendStep(ret, new Traversal.Attr(attr.text(), range));
                } else if (attr.type() == TokenType.NUMBER_LIT) {
                    read();
                    SrcRange range = SrcRange.between(dot.range(), attr.range());
                    String text = attr.text();
                    int dotIndex = text.indexOf('.');
                    if (dotIndex >= 0) {
                        error(
                                "Invalid legacy index syntax",
                                "When using the legacy index syntax, chaining two "
                                        + "indexes together is not permitted. Use the proper index syntax instead, like ["
                                        + text.substring(0, dotIndex) + "][" + text.substring(dotIndex + 1) + "].",
                                attr.range());
                        ret = appendStep(ret, new Traversal.Index(Value.NULL, range));
                    } else {
                        ret = appendStep(ret, new Traversal.Index(numberValue(attr), range));
                    }
                } else if (attr.type() == TokenType.STAR) {
                    ret = finishAttributeSplat(from, ret, dot, read());
                } else {
                    error("Invalid attribute name", "An attribute name is required after a dot.", attr.range());
                    ret = new InvalidExpr(SrcRange.between(from.range(), dot.range()));
                    recovery = true;
                }
            } else if (tok.type() == TokenType.O_BRACK) {
                Token open = read();
                if (peek().type() == TokenType.STAR) {
                    read();
                    Token close = read();
                    if (close.type() != TokenType.C_BRACK && !recovery) {
                        error(
                                "Missing close bracket on splat index",
                                "The star for a full splat operator must be "
                                        + "immediately followed by a closing bracket (\"]\").",
                                close.range());
                        close = recover(TokenType.C_BRACK);
                    }
                    AnonSymbolExpr item = new AnonSymbolExpr(SrcRange.between(open.range(), close.range()));
                    Expr each = parseTraversals(item);
                    ret = new SplatExpr(
                            ret,
                            each,
                            item,
                            SrcRange.between(from.range(), each.range()),
                            SrcRange.between(open.range(), close.range()));
                } else {
                    pushNewlines(false);
                    int before = diags.errorCount();
                    Expr key = parseExpression();
                    Token close;
                    if (recovery && diags.errorCount() > before) {
                        close = recover(TokenType.C_BRACK);
                    } else {
                        close = read();
                        if (close.type() != TokenType.C_BRACK && !recovery) {
                            error(
                                    "Missing close bracket on index",
                                    "The index operator must end with a closing " + "bracket (\"]\").",
                                    close.range());
                            close = recover(TokenType.C_BRACK);
                        }
                    }
                    popNewlines();
                    SrcRange range = SrcRange.between(open.range(), close.range());
                    Value constant = constantKey(key);
                    if (constant != null) {
                        ret = appendStep(ret, new Traversal.Index(constant, range));
                    } else {
                        ret = new IndexExpr(ret, key, SrcRange.between(from.range(), range), range);
                    }
                }
            } else {
                return ret;
            }
        }
    }

    /** A literal key, or a template that is a plain string, is folded into a static traversal step. */
    private static Value constantKey(Expr key) {
        if (key instanceof LiteralValueExpr lit) {
            return lit.value();
        }
        if (key instanceof TemplateExpr t
                && t.parts().size() == 1
                && t.parts().get(0) instanceof LiteralValueExpr lit) {
            return lit.value();
        }
        return null;
    }

    /** The attribute-only splat {@code source.*.a.b}, whose steps may only be attributes (or legacy indexes). */
    private Expr finishAttributeSplat(Expr from, Expr source, Token dot, Token star) {
        List<Traversal.Step> steps = new ArrayList<>();
        SrcRange firstRange = peek().range();
        SrcRange lastRange = star.range();
        while (peek().type() == TokenType.DOT) {
            Token stepDot = read();
            Token tok = peek();
            if (tok.type() == TokenType.NUMBER_LIT) {
                read();
                SrcRange range = SrcRange.between(stepDot.range(), tok.range());
                String text = tok.text();
                int dotIndex = text.indexOf('.');
                if (dotIndex >= 0) {
                    error(
                            "Invalid legacy index syntax",
                            "When using the legacy index syntax, chaining two indexes "
                                    + "together is not permitted. Use the proper index syntax with a full splat expression "
                                    + "[*] instead, like [" + text.substring(0, dotIndex) + "]["
                                    + text.substring(dotIndex + 1)
                                    + "].",
                            star.range());
                    steps.add(new Traversal.Index(Value.NULL, range));
                } else {
                    steps.add(new Traversal.Index(numberValue(tok), range));
                }
                lastRange = tok.range();
                continue;
            }
            if (tok.type() != TokenType.IDENT) {
                if (!recovery) {
                    if (tok.type() == TokenType.STAR) {
                        error(
                                "Nested splat expression not allowed",
                                "A splat expression (*) cannot be used inside "
                                        + "another attribute-only splat expression.",
                                tok.range());
                    } else {
                        error("Invalid attribute name", "An attribute name is required after a dot.", star.range());
                    }
                }
                recovery = true;
                break;
            }
            read();
            steps.add(new Traversal.Attr(tok.text(), SrcRange.between(stepDot.range(), tok.range())));
            lastRange = tok.range();
        }
        AnonSymbolExpr item = new AnonSymbolExpr(SrcRange.between(dot.range(), star.range()));
        Expr each = steps.isEmpty()
                ? item
                : new RelativeTraversalExpr(item, steps, SrcRange.between(firstRange, lastRange));
        return new SplatExpr(
                source,
                each,
                item,
                SrcRange.between(from.range(), lastRange),
                SrcRange.between(dot.range(), star.range()));
    }

    private static Expr appendStep(Expr expr, Traversal.Step step) {
        if (expr instanceof ScopeTraversalExpr s) {
            return new ScopeTraversalExpr(s.traversal().append(step), SrcRange.between(s.range(), step.range()));
        }
        if (expr instanceof RelativeTraversalExpr r) {
            List<Traversal.Step> steps = new ArrayList<>(r.steps());
            steps.add(step);
            return new RelativeTraversalExpr(r.source(), List.copyOf(steps), SrcRange.between(r.range(), step.range()));
        }
        return new RelativeTraversalExpr(expr, List.of(step), SrcRange.between(expr.range(), step.range()));
    }

    private Expr parseTerm() {
        Token start = peek();
        switch (start.type()) {
            case O_PAREN: {
                Token open = read();
                pushNewlines(false);
                int before = diags.errorCount();
                Expr expr = parseExpression();
                if (diags.errorCount() > before) {
                    recover(TokenType.C_PAREN);
                    popNewlines();
                    return expr;
                }
                Token close = peek();
                if (close.type() != TokenType.C_PAREN) {
                    error(
                            "Unbalanced parentheses",
                            "Expected a closing parenthesis to terminate the expression.",
                            close.range(),
                            SrcRange.between(start.range(), close.range()));
                    recovery = true;
                }
                Token cParen = read();
                popNewlines();
                return new ParenthesesExpr(expr, SrcRange.between(open.range(), cParen.range()));
            }
            case NUMBER_LIT: {
                read();
                Value n = numberValue(start);
                return n.isNull() ? new InvalidExpr(start.range()) : new LiteralValueExpr(n, start.range());
            }
            case IDENT: {
                read();
                TokenType after = peek().type();
                if (after == TokenType.O_PAREN || after == TokenType.DOUBLE_COLON) {
                    return finishFunctionCall(start);
                }
                if (isKeyword(start, "true")) {
                    return new LiteralValueExpr(Value.TRUE, start.range());
                } else if (isKeyword(start, "false")) {
                    return new LiteralValueExpr(Value.FALSE, start.range());
                } else if (isKeyword(start, "null")) {
                    return new LiteralValueExpr(Value.NULL, start.range());
                }
                Traversal t = new Traversal(List.of(new Traversal.Root(start.text(), start.range())));
                return new ScopeTraversalExpr(t, start.range());
            }
            case O_QUOTE:
            case O_HEREDOC: {
                Token open = read();
                boolean heredoc = start.type() == TokenType.O_HEREDOC;
                boolean flush = heredoc && open.length() > 2 && open.charAt(2) == '-';
                TokenType closer = heredoc ? TokenType.C_HEREDOC : TokenType.C_QUOTE;
                TemplateParser.Parts parts = parseTemplateParts(closer);
                SrcRange range = SrcRange.between(open.range(), prevRange());
                return TemplateParser.build(parts, flush, range, diags);
            }
            case MINUS:
            case BANG: {
                read();
                // Only the term and its traversals: -a+b is (-a)+b.
                enter();
                Expr operand = parseExpressionWithTraversals();
                depth--;
                Operation op = start.type() == TokenType.MINUS ? Operation.NEGATE : Operation.LOGICAL_NOT;
                return new UnaryOpExpr(op, operand, SrcRange.between(start.range(), operand.range()), start.range());
            }
            case O_BRACK:
                return parseTupleCons();
            case O_BRACE:
                return parseObjectCons();
            default: {
                if (!recovery) {
                    if (start.type() == TokenType.EOF) {
                        error(
                                "Missing expression",
                                "Expected the start of an expression, but found the end of the file.",
                                start.range());
                    } else {
                        error(
                                "Invalid expression",
                                "Expected the start of an expression, but found an invalid expression token.",
                                start.range());
                    }
                }
                recovery = true;
                return new InvalidExpr(start.range());
            }
        }
    }

    private Value numberValue(Token tok) {
        BigFloat n = BigFloat.parse(tok.text());
        if (n == null) {
            error("Invalid number literal", "Failed to recognize the value of this number literal.", tok.range());
            return Value.NULL;
        }
        return Value.number(n);
    }

    private Expr finishFunctionCall(Token name) {
        Token open = read();
        StringBuilder fullName = new StringBuilder(name.text());
        SrcRange nameRange = name.range();
        while (open.type() == TokenType.DOUBLE_COLON) {
            Token part = read();
            if (part.type() != TokenType.IDENT) {
                error(
                        "Missing function name",
                        "Function scope resolution symbol :: must be followed by a function " + "name in this scope.",
                        part.range(),
                        SrcRange.between(name.range(), part.range()));
                recoverOver(TokenType.O_PAREN);
                return new InvalidExpr(SrcRange.between(name.range(), part.range()));
            }
            fullName.append("::").append(part.text());
            nameRange = SrcRange.between(name.range(), part.range());
            open = read();
        }
        if (open.type() != TokenType.O_PAREN) {
            error(
                    "Missing open parenthesis",
                    "Function selector must be followed by an open parenthesis to begin " + "the function call.",
                    open.range(),
                    SrcRange.between(name.range(), open.range()));
            recoverOver(TokenType.O_PAREN);
            return new InvalidExpr(SrcRange.between(name.range(), open.range()));
        }

        // Not endOfItem's loop, as in HCL: a call also takes a final "...", reports separator errors even while
        // recovering, and may end without a closing parenthesis.
        List<Expr> args = new ArrayList<>();
        boolean expandFinal = false;
        Token close = null;
        pushNewlines(false);
        while (true) {
            if (peek().type() == TokenType.C_PAREN) {
                close = read();
                break;
            }
            int before = diags.errorCount();
            args.add(parseExpression());
            if (recovery && diags.errorCount() > before) {
                Token recovered = recover(TokenType.C_PAREN);
                if (recovered.type() == TokenType.C_PAREN) {
                    close = recovered;
                }
                break;
            }
            Token sep = read();
            if (sep.type() == TokenType.C_PAREN) {
                close = sep;
                break;
            }
            if (sep.type() == TokenType.ELLIPSIS) {
                expandFinal = true;
                if (peek().type() != TokenType.C_PAREN) {
                    if (!recovery) {
                        error(
                                "Missing closing parenthesis",
                                "An expanded function argument (with ...) must be "
                                        + "immediately followed by closing parentheses.",
                                sep.range(),
                                SrcRange.between(name.range(), sep.range()));
                    }
                    close = recover(TokenType.C_PAREN);
                } else {
                    close = read();
                }
                break;
            }
            if (sep.type() != TokenType.COMMA) {
                if (sep.type() == TokenType.EOF) {
                    error(
                            "Unterminated function call",
                            "There is no closing parenthesis for this function call "
                                    + "before the end of the file. This may be caused by incorrect parenthesis nesting "
                                    + "elsewhere in this file.",
                            SrcRange.between(name.range(), open.range()));
                } else {
                    error(
                            "Missing argument separator",
                            "A comma is required to separate each function argument " + "from the next.",
                            sep.range(),
                            SrcRange.between(name.range(), sep.range()));
                }
                close = recover(TokenType.C_PAREN);
                break;
            }
            if (peek().type() == TokenType.C_PAREN) {
                close = read();
                break;
            }
        }
        popNewlines();
        // Without a closing parenthesis (recovery hit the end of the file) the call ends where parsing stopped.
        SrcRange closeRange = close != null ? close.range() : prevRange();
        return new FunctionCallExpr(
                fullName.toString(), List.copyOf(args), expandFinal, nameRange, open.range(), closeRange);
    }

    private Expr parseTupleCons() {
        Token open = read();
        pushNewlines(false);
        try {
            if (isKeyword(peek(), "for")) {
                return finishFor(open);
            }
            List<Expr> exprs = new ArrayList<>();
            Token close;
            while (true) {
                if (peek().type() == TokenType.C_BRACK) {
                    close = read();
                    break;
                }
                int before = diags.errorCount();
                exprs.add(parseExpression());
                if (recovery && diags.errorCount() > before) {
                    close = recover(ConsList.TUPLE.close);
                    break;
                }
                close = endOfItem(open, ConsList.TUPLE);
                if (close != null) {
                    break;
                }
            }
            return new TupleConsExpr(List.copyOf(exprs), SrcRange.between(open.range(), close.range()), open.range());
        } finally {
            popNewlines();
        }
    }

    private Expr parseObjectCons() {
        Token open = read();
        // "for" may follow on the next line: for expressions do not care about newlines.
        pushNewlines(false);
        boolean isFor = isKeyword(peek(), "for");
        popNewlines();
        if (isFor) {
            return finishFor(open);
        }
        pushNewlines(true);
        try {
            List<ObjectConsExpr.Item> items = new ArrayList<>();
            Token close;
            while (true) {
                Token tok = peek();
                if (tok.type() == TokenType.NEWLINE) {
                    read();
                    continue;
                }
                if (tok.type() == TokenType.C_BRACE) {
                    close = read();
                    break;
                }
                boolean forceNonLiteral = tok.type() == TokenType.O_PAREN;
                int before = diags.errorCount();
                Expr key = parseExpression();
                if (recovery && diags.errorCount() > before) {
                    close = recover(ConsList.OBJECT.close);
                    break;
                }
                ObjectConsKeyExpr keyExpr = new ObjectConsKeyExpr(key, forceNonLiteral);
                tok = peek();
                if (tok.type() != TokenType.EQUAL && tok.type() != TokenType.COLON) {
                    if (!recovery) {
                        SrcRange context = SrcRange.between(open.range(), tok.range());
                        switch (tok.type()) {
                            case NEWLINE, COMMA ->
                                error(
                                        "Missing attribute value",
                                        "Expected an attribute value, " + "introduced by an equals sign (\"=\").",
                                        tok.range(),
                                        context);
                            case IDENT ->
                                error(
                                        "Missing key/value separator",
                                        "Expected an equals sign (\"=\") to "
                                                + "mark the beginning of the attribute value. If you intended to given an "
                                                + "attribute name containing periods or spaces, write the name in quotes to "
                                                + "create a string literal.",
                                        tok.range(),
                                        context);
                            case EOF ->
                                error(ConsList.OBJECT.unterminated, ConsList.OBJECT.unterminatedDetail, open.range());
                            default ->
                                error(
                                        "Missing key/value separator",
                                        "Expected an equals sign (\"=\") to "
                                                + "mark the beginning of the attribute value.",
                                        tok.range(),
                                        context);
                        }
                    }
                    close = recover(ConsList.OBJECT.close);
                    break;
                }
                read();
                before = diags.errorCount();
                Expr value = parseExpression();
                if (recovery && diags.errorCount() > before) {
                    close = recover(ConsList.OBJECT.close);
                    break;
                }
                items.add(new ObjectConsExpr.Item(keyExpr, value));
                close = endOfItem(open, ConsList.OBJECT);
                if (close != null) {
                    break;
                }
            }
            return new ObjectConsExpr(List.copyOf(items), SrcRange.between(open.range(), close.range()), open.range());
        } finally {
            popNewlines();
        }
    }

    /**
     * A tuple's or an object's item list: its closing token, whether a newline separates items as a comma does,
     * and the wording of its errors.
     */
    private record ConsList(
            TokenType close,
            boolean newlineSeparates,
            String unterminated,
            String unterminatedDetail,
            String missingSeparator,
            String missingSeparatorDetail) {
        static final ConsList TUPLE = new ConsList(
                TokenType.C_BRACK,
                false,
                "Unterminated tuple constructor expression",
                "There is no corresponding closing bracket before the end of the file. This may be caused by incorrect"
                        + " bracket nesting elsewhere in this file.",
                "Missing item separator",
                "Expected a comma to mark the beginning of the next item.");
        static final ConsList OBJECT = new ConsList(
                TokenType.C_BRACE,
                true,
                "Unterminated object constructor expression",
                "There is no corresponding closing brace before the end of the file. This may be caused by incorrect"
                        + " brace nesting elsewhere in this file.",
                "Missing attribute separator",
                "Expected a newline or comma to mark the beginning of the next attribute.");

        boolean separates(TokenType type) {
            return type == TokenType.COMMA || newlineSeparates && type == TokenType.NEWLINE;
        }
    }

    /**
     * Ends one item of a tuple or object constructor: null, with the separator read, when another item may follow;
     * else the token the list ends on (its closing token read, or where recovery stopped after a missing separator,
     * which is reported unless already recovering). Function calls keep a loop of their own, as HCL does: they take
     * a final {@code ...}, report a missing separator even while recovering, and may end without a closing
     * parenthesis.
     */
    private Token endOfItem(Token open, ConsList list) {
        Token tok = peek();
        if (tok.type() == list.close) {
            return read();
        }
        if (!list.separates(tok.type())) {
            if (!recovery) {
                if (tok.type() == TokenType.EOF) {
                    error(list.unterminated, list.unterminatedDetail, open.range());
                } else {
                    error(
                            list.missingSeparator,
                            list.missingSeparatorDetail,
                            tok.range(),
                            SrcRange.between(open.range(), tok.range()));
                }
            }
            return recover(list.close);
        }
        read();
        return null;
    }

    private Expr finishFor(Token open) {
        pushNewlines(false);
        try {
            read(); // "for"
            boolean makeObject = open.type() == TokenType.O_BRACE;
            TokenType closeType = makeObject ? TokenType.C_BRACE : TokenType.C_BRACK;
            if (peek().type() != TokenType.IDENT) {
                return forError(open, closeType, "For expression requires variable name after 'for'.");
            }
            String keyVar = null;
            String valVar = read().text();
            if (peek().type() == TokenType.COMMA) {
                keyVar = valVar;
                read();
                if (peek().type() != TokenType.IDENT) {
                    return forError(open, closeType, "For expression requires value variable name after comma.");
                }
                valVar = read().text();
            }
            if (!isKeyword(peek(), "in")) {
                return forError(
                        open, closeType, "For expression requires the 'in' keyword after its name declarations.");
            }
            read();
            int before = diags.errorCount();
            Expr coll = parseExpression();
            if (recovery && diags.errorCount() > before) {
                return forPlaceholder(open, recover(closeType));
            }
            if (peek().type() != TokenType.COLON) {
                return forError(open, closeType, "For expression requires a colon after the collection expression.");
            }
            read();
            before = diags.errorCount();
            Expr keyExpr = null;
            Expr valExpr = parseExpression();
            if (peek().type() == TokenType.FAT_ARROW) {
                read();
                keyExpr = valExpr;
                valExpr = parseExpression();
            }
            if (recovery && diags.errorCount() > before) {
                return forPlaceholder(open, recover(closeType));
            }
            boolean group = false;
            Token ellipsis = null;
            if (peek().type() == TokenType.ELLIPSIS) {
                ellipsis = read();
                group = true;
            }
            Expr cond = null;
            if (isKeyword(peek(), "if")) {
                read();
                before = diags.errorCount();
                cond = parseExpression();
                if (recovery && diags.errorCount() > before) {
                    return forPlaceholder(open, recover(closeType));
                }
            }
            Token close;
            if (peek().type() == closeType) {
                close = read();
            } else {
                if (!recovery) {
                    error(
                            "Invalid 'for' expression",
                            "Extra characters after the end of the 'for' expression.",
                            peek().range(),
                            SrcRange.between(open.range(), peek().range()));
                }
                close = recover(closeType);
            }
            SrcRange whole = SrcRange.between(open.range(), close.range());
            if (!makeObject) {
                if (keyExpr != null) {
                    error(
                            "Invalid 'for' expression",
                            "Key expression is not valid when building a tuple.",
                            keyExpr.range(),
                            whole);
                }
                if (group) {
                    error(
                            "Invalid 'for' expression",
                            "Grouping ellipsis (...) cannot be used when building a tuple.",
                            ellipsis.range(),
                            whole);
                }
            } else if (keyExpr == null) {
                error(
                        "Invalid 'for' expression",
                        "Key expression is required when building an object.",
                        valExpr.range(),
                        whole);
            }
            return new ForExpr(keyVar, valVar, coll, keyExpr, valExpr, cond, group, whole, open.range(), close.range());
        } finally {
            popNewlines();
        }
    }

    private Expr forError(Token open, TokenType closeType, String detail) {
        if (!recovery) {
            Token tok = peek();
            error("Invalid 'for' expression", detail, tok.range(), SrcRange.between(open.range(), tok.range()));
        }
        return forPlaceholder(open, recover(closeType));
    }

    private static Expr forPlaceholder(Token open, Token close) {
        return new InvalidExpr(SrcRange.between(open.range(), close.range()));
    }

    /** A quoted string that may not contain template sequences, such as a block label. */
    private String parseQuotedStringLiteral(SrcRange[] rangeOut) {
        Token open = read();
        StringBuilder sb = new StringBuilder();
        SrcRange endRange;
        while (true) {
            Token tok = read();
            if (tok.type() == TokenType.C_QUOTE) {
                endRange = tok.range();
                break;
            } else if (tok.type() == TokenType.QUOTED_LIT) {
                sb.append(StringLiterals.decode(tok, true, diags));
            } else if (tok.type() == TokenType.TEMPLATE_CONTROL || tok.type() == TokenType.TEMPLATE_INTERP) {
                String which = tok.type() == TokenType.TEMPLATE_CONTROL ? "%" : "$";
                error(
                        "Invalid string literal",
                        "Template sequences are not allowed in this string. To include a " + "literal \"" + which
                                + "\", double it (as \"" + which + which + "\") to escape it.",
                        tok.range(),
                        SrcRange.between(open.range(), tok.range()));
                sb.append(which).append("{ ... }");
                recover(TokenType.TEMPLATE_SEQ_END);
            } else if (tok.type() == TokenType.EOF) {
                error(
                        "Unterminated string literal",
                        "Unable to find the closing quote mark before the end of the " + "file.",
                        tok.range(),
                        SrcRange.between(open.range(), tok.range()));
                endRange = tok.range();
                break;
            } else {
                error(
                        "Invalid string literal",
                        "This item is not valid in a string literal.",
                        tok.range(),
                        SrcRange.between(open.range(), tok.range()));
                recover(TokenType.C_QUOTE);
                endRange = tok.range();
                break;
            }
        }
        rangeOut[0] = SrcRange.between(open.range(), endRange);
        return sb.toString();
    }

    // --- templates ---

    /**
     * Reads the tokens of a template up to {@code end} into literal and sequence parts; the structure of
     * if/for directives is built from these parts afterwards, as in HCL.
     */
    TemplateParser.Parts parseTemplateParts(TokenType end) {
        List<TemplateParser.Part> parts = new ArrayList<>();
        SrcRange startRange = peek().range();
        SrcRange endRange;
        boolean trimNextLeft = false;
        boolean nextCanTrimPrev = false;
        while (true) {
            Token tok = read();
            if (tok.type() == end) {
                endRange = tok.range();
                break;
            }
            boolean trimLeft = trimNextLeft;
            trimNextLeft = false;
            boolean canTrimPrev = nextCanTrimPrev;
            nextCanTrimPrev = false;
            switch (tok.type()) {
                case STRING_LIT, QUOTED_LIT -> {
                    String s = StringLiterals.decode(tok, tok.type() == TokenType.QUOTED_LIT, diags);
                    if (trimLeft) {
                        s = StringLiterals.trimLeadingSpace(s);
                    }
                    parts.add(new TemplateParser.Literal(s, tok.range()));
                    nextCanTrimPrev = true;
                }
                case TEMPLATE_INTERP -> {
                    trimPrevious(parts, tok, canTrimPrev);
                    pushNewlines(false);
                    Expr expr = parseExpression();
                    Token close = peek();
                    if (close.type() != TokenType.TEMPLATE_SEQ_END) {
                        if (!recovery) {
                            reportUnclosedInterpolation(close, startRange, end);
                        }
                        recover(TokenType.TEMPLATE_SEQ_END);
                    } else {
                        read();
                        trimNextLeft = close.length() == 2;
                    }
                    popNewlines();
                    parts.add(new TemplateParser.Interp(expr, SrcRange.between(tok.range(), close.range())));
                }
                case TEMPLATE_CONTROL -> {
                    trimPrevious(parts, tok, canTrimPrev);
                    pushNewlines(false);
                    TemplateParser.Part directive = parseDirective(tok, startRange);
                    if (directive == null) {
                        popNewlines();
                        continue;
                    }
                    parts.add(directive);
                    Token close = peek();
                    if (close.type() != TokenType.TEMPLATE_SEQ_END) {
                        if (!recovery) {
                            String keyword = directive instanceof TemplateParser.If
                                    ? "if"
                                    : directive instanceof TemplateParser.For
                                            ? "for"
                                            : ((TemplateParser.EndControl) directive).keyword();
                            error(
                                    "Extra characters in " + keyword + " marker",
                                    "Expected a closing brace to end the " + "sequence, but found extra characters.",
                                    close.range(),
                                    SrcRange.between(startRange, close.range()));
                        }
                        recover(TokenType.TEMPLATE_SEQ_END);
                    } else {
                        read();
                        trimNextLeft = close.length() == 2;
                    }
                    popNewlines();
                }
                default -> {
                    if (!recovery) {
                        error(
                                "Unterminated template string",
                                "No closing marker was found for the string.",
                                tok.range(),
                                SrcRange.between(startRange, tok.range()));
                    }
                    Token last = recover(end);
                    endRange = last.range();
                    return finishParts(parts, startRange, endRange);
                }
            }
        }
        return finishParts(parts, startRange, endRange);
    }

    private static TemplateParser.Parts finishParts(
            List<TemplateParser.Part> parts, SrcRange startRange, SrcRange endRange) {
        if (parts.isEmpty()) {
            parts.add(new TemplateParser.Literal("", startRange.endOnly()));
        }
        return new TemplateParser.Parts(parts, endRange, SrcRange.between(startRange, endRange));
    }

    /** A "~" after the opening of a sequence trims trailing whitespace of the literal before it. */
    private static void trimPrevious(List<TemplateParser.Part> parts, Token open, boolean canTrimPrev) {
        if (canTrimPrev
                && open.length() == 3
                && !parts.isEmpty()
                && parts.get(parts.size() - 1) instanceof TemplateParser.Literal lit) {
            parts.set(
                    parts.size() - 1,
                    new TemplateParser.Literal(StringLiterals.trimTrailingSpace(lit.value()), lit.range()));
        }
    }

    private void reportUnclosedInterpolation(Token close, SrcRange startRange, TokenType end) {
        if (close.type() == TokenType.EOF) {
            error(
                    "Unclosed template interpolation sequence",
                    "There is no closing brace for this interpolation "
                            + "sequence before the end of the file. This might be caused by incorrect nesting inside the "
                            + "given expression.",
                    startRange);
        } else if (close.type() == TokenType.COLON) {
            error(
                    "Extra characters after interpolation expression",
                    "Template interpolation doesn't expect a colon "
                            + "at this location. Did you intend this to be a literal sequence to be processed as part of "
                            + "another language? If so, you can escape it by starting with \"$${\" instead of just \"${\".",
                    close.range(),
                    SrcRange.between(startRange, close.range()));
        } else if ((close.type() == TokenType.C_QUOTE || close.type() == TokenType.O_QUOTE)
                && end == TokenType.C_QUOTE) {
            error(
                    "Unclosed template interpolation sequence",
                    "There is no closing brace for this interpolation "
                            + "sequence before the end of the quoted template. This might be caused by incorrect nesting "
                            + "inside the given expression.",
                    startRange);
        } else {
            error(
                    "Extra characters after interpolation expression",
                    "Expected a closing brace to end the "
                            + "interpolation expression, but found extra characters.\n\nThis can happen when you include "
                            + "interpolation syntax for another language, such as shell scripting, but forget to escape the "
                            + "interpolation start token. If this is an embedded sequence for another language, escape it by "
                            + "starting with \"$${\" instead of just \"${\".",
                    close.range(),
                    SrcRange.between(startRange, close.range()));
        }
    }

    /** The directive after {@code %{}; null (with recovery done) when it is malformed. */
    private TemplateParser.Part parseDirective(Token open, SrcRange startRange) {
        Token kw = peek();
        if (kw.type() != TokenType.IDENT) {
            if (!recovery) {
                error(
                        "Invalid template directive",
                        "A template directive keyword (\"if\", \"for\", etc) is expected "
                                + "at the beginning of a %{ sequence.",
                        kw.range(),
                        SrcRange.between(open.range(), kw.range()));
            }
            recover(TokenType.TEMPLATE_SEQ_END);
            return null;
        }
        read();
        String keyword = kw.text();
        switch (keyword) {
            case "if": {
                Expr cond = parseExpression();
                return new TemplateParser.If(cond, SrcRange.between(open.range(), peek().range()));
            }
            case "else":
            case "endif":
            case "endfor":
                return new TemplateParser.EndControl(keyword, SrcRange.between(open.range(), peek().range()));
            case "for": {
                if (peek().type() != TokenType.IDENT) {
                    return directiveError("For directive requires variable name after 'for'.");
                }
                String keyVar = null;
                String valVar = read().text();
                if (peek().type() == TokenType.COMMA) {
                    keyVar = valVar;
                    read();
                    if (peek().type() != TokenType.IDENT) {
                        return directiveError("For directive requires value variable name after comma.");
                    }
                    valVar = read().text();
                }
                if (!isKeyword(peek(), "in")) {
                    return directiveError("For directive requires 'in' keyword after names.");
                }
                read();
                Expr coll = parseExpression();
                return new TemplateParser.For(keyVar, valVar, coll, SrcRange.between(open.range(), peek().range()));
            }
            default: {
                if (!recovery) {
                    String suggestion =
                            io.jbake.hcl.DidYouMean.suggest(keyword, List.of("if", "for", "else", "endif", "endfor"));
                    error(
                            "Invalid template control keyword",
                            "\"" + keyword + "\" is not a valid template control " + "keyword."
                                    + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                            kw.range(),
                            SrcRange.between(open.range(), kw.range()));
                }
                recover(TokenType.TEMPLATE_SEQ_END);
                return null;
            }
        }
    }

    private TemplateParser.Part directiveError(String detail) {
        if (!recovery) {
            error("Invalid 'for' directive", detail, peek().range());
        }
        recover(TokenType.TEMPLATE_SEQ_END);
        return null;
    }

    // --- recovery ---

    private static TokenType opposite(TokenType type) {
        return switch (type) {
            case O_BRACE -> TokenType.C_BRACE;
            case O_BRACK -> TokenType.C_BRACK;
            case O_PAREN -> TokenType.C_PAREN;
            case O_QUOTE -> TokenType.C_QUOTE;
            case O_HEREDOC -> TokenType.C_HEREDOC;
            case C_BRACE -> TokenType.O_BRACE;
            case C_BRACK -> TokenType.O_BRACK;
            case C_PAREN -> TokenType.O_PAREN;
            case C_QUOTE -> TokenType.O_QUOTE;
            case C_HEREDOC -> TokenType.O_HEREDOC;
            case TEMPLATE_CONTROL, TEMPLATE_INTERP -> TokenType.TEMPLATE_SEQ_END;
            case TEMPLATE_SEQ_END -> TokenType.TEMPLATE_INTERP;
            default -> null;
        };
    }

    /**
     * Skips to the token {@code end} that closes the current bracket (counting nested ones) and returns it,
     * or the EOF token. Enters recovery mode.
     */
    Token recover(TokenType end) {
        TokenType start = opposite(end);
        recovery = true;
        int nest = 0;
        while (true) {
            Token tok = read();
            TokenType type = tok.type();
            if (end == TokenType.TEMPLATE_SEQ_END && type == TokenType.TEMPLATE_CONTROL) {
                type = TokenType.TEMPLATE_INTERP;
            }
            if (type == TokenType.EOF) {
                return tok;
            } else if (type == start) {
                nest++;
            } else if (type == end) {
                if (nest < 1) {
                    return tok;
                }
                nest--;
            }
        }
    }

    /** Skips to the next {@code start} bracket and then past its matching close. */
    private void recoverOver(TokenType start) {
        while (true) {
            Token tok = read();
            if (tok.type() == start || tok.type() == TokenType.EOF) {
                break;
            }
        }
        recover(opposite(start));
    }

    /** Skips to the end of the current body item: the next newline outside any brackets. */
    private void recoverAfterBodyItem() {
        recovery = true;
        List<TokenType> open = new ArrayList<>();
        while (true) {
            Token tok = read();
            switch (tok.type()) {
                case NEWLINE -> {
                    if (open.isEmpty()) {
                        return;
                    }
                }
                case EOF -> {
                    return;
                }
                case O_BRACE, O_BRACK, O_PAREN, O_QUOTE, O_HEREDOC, TEMPLATE_INTERP, TEMPLATE_CONTROL ->
                    open.add(tok.type());
                case C_BRACE, C_BRACK, C_PAREN, C_QUOTE, C_HEREDOC -> {
                    TokenType opener = opposite(tok.type());
                    while (!open.isEmpty() && open.get(open.size() - 1) != opener) {
                        open.remove(open.size() - 1);
                    }
                    if (!open.isEmpty()) {
                        open.remove(open.size() - 1);
                    }
                }
                case TEMPLATE_SEQ_END -> {
                    while (!open.isEmpty()
                            && open.get(open.size() - 1) != TokenType.TEMPLATE_INTERP
                            && open.get(open.size() - 1) != TokenType.TEMPLATE_CONTROL) {
                        open.remove(open.size() - 1);
                    }
                    if (!open.isEmpty()) {
                        open.remove(open.size() - 1);
                    }
                }
                default -> {}
            }
        }
    }
}
