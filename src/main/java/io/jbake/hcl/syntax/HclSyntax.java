package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.Pos;
import io.jbake.hcl.SrcRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Entry points of the native syntax: whole files, standalone expressions and bare templates. Parsing
 * never throws; problems are returned as diagnostics (characters the language does not use first, then
 * syntax errors, in source order), and the returned tree is complete even when there are errors.
 */
public final class HclSyntax {

    private HclSyntax() {}

    /** Parses a configuration file given as UTF-8 bytes (a byte order mark is ignored). */
    public static HclFile parseFile(byte[] src, String filename) {
        return parseFile(SourceText.of(filename, src));
    }

    public static HclFile parseFile(String src, String filename) {
        return parseFile(SourceText.of(filename, src));
    }

    private static HclFile parseFile(SourceText text) {
        Diagnostics diags = new Diagnostics();
        List<Token> tokens = Scanner.scanConfig(text);
        checkInvalidTokens(tokens, diags);
        Parser parser = new Parser(tokens, text.filename, diags);
        SyntaxBody body;
        try {
            body = parser.parseBody(TokenType.EOF);
        } catch (Parser.TooDeep e) {
            diags.add(LimitErrors.nestingError(e.at));
            SrcRange all = SrcRange.between(
                    tokens.get(0).range(), tokens.get(tokens.size() - 1).range());
            body = new SyntaxBody(new LinkedHashMap<>(), new ArrayList<>(), all, all.endOnly());
        }
        return new HclFile(text.filename, body, diags);
    }

    /** Parses a standalone expression; newlines are insignificant, as if it were in parentheses. */
    public static Expr parseExpression(String src, String filename, Pos start, Diagnostics diags) {
        SourceText text = new SourceText(filename, src.toCharArray(), false, start);
        List<Token> tokens = Scanner.scanConfig(text);
        checkInvalidTokens(tokens, diags);
        Parser parser = new Parser(tokens, filename, diags);
        parser.pushNewlines(false);
        Expr expr;
        try {
            expr = parser.parseExpression();
        } catch (Parser.TooDeep e) {
            diags.add(LimitErrors.nestingError(e.at));
            return new Expr.InvalidExpr(e.at);
        }
        Token next = parser.peek();
        if (next.type() != TokenType.EOF && !parser.inRecovery()) {
            diags.add(Diagnostic.error(
                    "Extra characters after expression",
                    "An expression was successfully parsed, but extra characters were found after it.",
                    next.range()));
        }
        parser.popNewlines();
        return expr;
    }

    /** Parses a bare template (literal text with {@code ${}} and {@code %{}} sequences), as JSON strings are. */
    public static Expr parseTemplate(String src, String filename, Pos start, Diagnostics diags) {
        SourceText text = new SourceText(filename, src.toCharArray(), false, start);
        List<Token> tokens = Scanner.scanTemplate(text);
        checkInvalidTokens(tokens, diags);
        Parser parser = new Parser(tokens, filename, diags);
        try {
            TemplateParser.Parts parts = parser.parseTemplateParts(TokenType.EOF);
            Expr template = TemplateParser.build(parts, false, parts.range(), diags);
            parser.checkDepth(template, 0);
            return template;
        } catch (Parser.TooDeep e) {
            diags.add(LimitErrors.nestingError(e.at));
            return new Expr.InvalidExpr(e.at);
        }
    }

    /** Reports tokens for characters the language does not use, with HCL's hints and repetition limits. */
    private static void checkInvalidTokens(List<Token> tokens, Diagnostics diags) {
        int toldBitwise = 0;
        int toldBacktick = 0;
        int toldApostrophe = 0;
        int toldSemicolon = 0;
        int toldBadUtf8 = 0;
        for (Token tok : tokens) {
            switch (tok.type()) {
                case BITWISE_AND, BITWISE_OR, BITWISE_XOR, BITWISE_NOT -> {
                    if (toldBitwise < 4) {
                        String suggestion = switch (tok.type()) {
                            case BITWISE_AND -> " Did you mean boolean AND (\"&&\")?";
                            case BITWISE_OR -> " Did you mean boolean OR (\"||\")?";
                            case BITWISE_NOT -> " Did you mean boolean NOT (\"!\")?";
                            default -> "";
                        };
                        diags.add(Diagnostic.error(
                                "Unsupported operator",
                                "Bitwise operators are not supported." + suggestion,
                                tok.range()));
                        toldBitwise++;
                    }
                }
                case BACKTICK -> {
                    if (toldBacktick % 2 == 0) {
                        diags.add(Diagnostic.error(
                                "Invalid character",
                                "The \"`\" character is not valid. To create "
                                        + "a multi-line string, use the \"heredoc\" syntax, like \"<<EOT\".",
                                tok.range()));
                    }
                    if (toldBacktick <= 2) {
                        toldBacktick++;
                    }
                }
                case APOSTROPHE -> {
                    if (toldApostrophe % 2 == 0) {
                        diags.add(Diagnostic.error(
                                "Invalid character",
                                "Single quotes are not valid. Use double quotes (\") to enclose strings.",
                                tok.range()));
                    }
                    if (toldApostrophe <= 2) {
                        toldApostrophe++;
                    }
                }
                case SEMICOLON -> {
                    if (toldSemicolon < 1) {
                        diags.add(Diagnostic.error(
                                "Invalid character",
                                "The \";\" character is not valid. Use "
                                        + "newlines to separate arguments and blocks, and commas to separate items in "
                                        + "collection values.",
                                tok.range()));
                        toldSemicolon++;
                    }
                }
                case BAD_UTF8 -> {
                    if (toldBadUtf8 < 1) {
                        diags.add(Diagnostic.error(
                                "Invalid character encoding",
                                "All input files must be UTF-8 "
                                        + "encoded. Ensure that UTF-8 encoding is selected in your editor.",
                                tok.range()));
                        toldBadUtf8++;
                    }
                }
                case QUOTED_NEWLINE ->
                    diags.add(Diagnostic.error(
                            "Invalid multi-line string",
                            "Quoted strings may "
                                    + "not be split over multiple lines. To produce a multi-line string, either use the \\n "
                                    + "escape to represent a newline character or use the \"heredoc\" multi-line template "
                                    + "syntax.",
                            tok.range()));
                case INVALID -> {
                    String chars = tok.text();
                    if (chars.equals("\u201c") || chars.equals("\u201d")) {
                        diags.add(Diagnostic.error(
                                "Invalid character",
                                "\"Curly quotes\" are not valid here. These "
                                        + "can sometimes be inadvertently introduced when sharing code via documents or "
                                        + "discussion forums. It might help to replace the character with a \"straight "
                                        + "quote\".",
                                tok.range()));
                    } else {
                        diags.add(Diagnostic.error(
                                "Invalid character",
                                "This character is not used within the " + "language.",
                                tok.range()));
                    }
                }
                default -> {}
            }
        }
    }
}
