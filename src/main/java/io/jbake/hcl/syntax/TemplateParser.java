package io.jbake.hcl.syntax;

import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.syntax.Expr.LiteralValueExpr;
import io.jbake.hcl.syntax.Expr.TemplateWrapExpr;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The second stage of template parsing. The token parser first reads a template into a flat list of
 * parts (literals, interpolations, directive markers); this class then strips heredoc indentation, joins
 * adjacent literals and nests the {@code %{if}} and {@code %{for}} directives, desugaring them into
 * conditional and for expressions as HCL does.
 */
final class TemplateParser {

    sealed interface Part permits Literal, Interp, If, For, EndControl {
        SrcRange range();
    }

    record Literal(String value, SrcRange range) implements Part {}

    record Interp(Expr expr, SrcRange range) implements Part {}

    record If(Expr cond, SrcRange range) implements Part {}

    record For(String keyVar, String valVar, Expr coll, SrcRange range) implements Part {}

    /** {@code %{else}}, {@code %{endif}} or {@code %{endfor}}. */
    record EndControl(String keyword, SrcRange range) implements Part {}

    /** The parts of one template; {@code endRange} is the closing marker (or end of input). */
    record Parts(List<Part> parts, SrcRange endRange, SrcRange range) {}

    private final List<Part> parts;
    private final SrcRange endRange;
    private final Diagnostics diags;
    private int pos;

    private TemplateParser(List<Part> parts, SrcRange endRange, Diagnostics diags) {
        this.parts = parts;
        this.endRange = endRange;
        this.diags = diags;
    }

    /** The template expression for {@code parts}; a template of exactly one interpolation passes its value through. */
    static Expr build(Parts parts, boolean flushHeredoc, SrcRange range, Diagnostics diags) {
        List<Part> list = new ArrayList<>(parts.parts());
        if (flushHeredoc) {
            flushHeredoc(list);
        }
        meldLiterals(list);
        TemplateParser p = new TemplateParser(list, parts.endRange(), diags);
        List<Expr> exprs = new ArrayList<>();
        while (p.pos < list.size()) {
            exprs.add(p.parseExpr());
        }
        if (list.size() == 1 && list.get(0) instanceof Interp) {
            return new TemplateWrapExpr(exprs.get(0), range);
        }
        return new TemplateExpr(List.copyOf(exprs), range);
    }

    /**
     * {@code <<-} heredocs: removes from every line the indentation shared by all lines that have content.
     * Lines holding only whitespace do not count; a line starting with an interpolation has no indentation.
     */
    private static void flushHeredoc(List<Part> parts) {
        int minSpaces = Integer.MAX_VALUE;
        boolean newline = true;
        List<Integer> adjust = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (newline) {
                newline = false;
                int spaces = 0;
                if (part instanceof Literal lit) {
                    String value = lit.value();
                    int lead = leadingSpaceChars(value);
                    if (lead == value.length() && value.endsWith("\n")) {
                        spaces = Integer.MAX_VALUE;
                    } else {
                        spaces = value.codePointCount(0, lead);
                        adjust.add(i);
                    }
                }
                minSpaces = Math.min(minSpaces, spaces);
            }
            if (part instanceof Literal lit && lit.value().endsWith("\n")) {
                newline = true;
            }
        }
        if (minSpaces == Integer.MAX_VALUE) {
            return;
        }
        for (int i : adjust) {
            Literal lit = (Literal) parts.get(i);
            String value = lit.value();
            int cut = value.offsetByCodePoints(0, Math.min(minSpaces, value.codePointCount(0, value.length())));
            SrcRange r = lit.range();
            io.jbake.hcl.Pos start = new io.jbake.hcl.Pos(
                    r.start().line(), r.start().column() + minSpaces, r.start().byteOffset() + utf8Length(value, cut));
            parts.set(i, new Literal(value.substring(cut), new SrcRange(r.filename(), start, r.end())));
        }
    }

    private static int leadingSpaceChars(String s) {
        int i = 0;
        while (i < s.length() && StringLiterals.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int utf8Length(String s, int chars) {
        int n = 0;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private static void meldLiterals(List<Part> parts) {
        int i = 1;
        while (i < parts.size()) {
            if (parts.get(i - 1) instanceof Literal prev && parts.get(i) instanceof Literal lit) {
                parts.set(i - 1, new Literal(prev.value() + lit.value(), SrcRange.between(prev.range(), lit.range())));
                parts.remove(i);
            } else {
                i++;
            }
        }
    }

    private Expr parseExpr() {
        Part part = parts.get(pos++);
        if (part instanceof Literal lit) {
            return new LiteralValueExpr(Value.string(lit.value()), lit.range());
        } else if (part instanceof Interp interp) {
            return interp.expr();
        } else if (part instanceof If i) {
            return parseIf(i);
        } else if (part instanceof For f) {
            return parseFor(f);
        }
        EndControl end = (EndControl) part;
        diags.add(Diagnostic.error(
                "Unexpected " + end.keyword() + " directive",
                "The control directives within this template are unbalanced.",
                end.range()));
        return new Expr.InvalidExpr(end.range());
    }

    private Expr parseIf(If open) {
        List<Expr> ifExprs = new ArrayList<>();
        List<Expr> elseExprs = new ArrayList<>();
        List<Expr> current = ifExprs;
        SrcRange endifRange;
        while (true) {
            if (pos >= parts.size()) {
                diags.add(Diagnostic.error(
                        "Unexpected end of template",
                        "The if directive at " + open.range() + " is missing its corresponding endif directive.",
                        endRange));
                return new Expr.InvalidExpr(endRange);
            }
            if (parts.get(pos) instanceof EndControl end) {
                pos++;
                if (end.keyword().equals("else")) {
                    if (current == ifExprs) {
                        current = elseExprs;
                        continue;
                    }
                    diags.add(Diagnostic.error(
                            "Unexpected else directive",
                            "Already in the else clause for the if " + "started at " + open.range() + ".",
                            end.range()));
                } else if (end.keyword().equals("endif")) {
                    endifRange = end.range();
                    break;
                } else {
                    diags.add(Diagnostic.error(
                            "Unexpected " + end.keyword() + " directive",
                            "Expecting an endif " + "directive for the if started at " + open.range() + ".",
                            end.range()));
                }
                return new Expr.InvalidExpr(end.range());
            }
            current.add(parseExpr());
        }
        if (ifExprs.isEmpty()) {
            ifExprs.add(new LiteralValueExpr(Value.EMPTY_STRING, open.range().endOnly()));
        }
        if (elseExprs.isEmpty()) {
            elseExprs.add(new LiteralValueExpr(Value.EMPTY_STRING, endifRange.startOnly()));
        }
        return new ConditionalExpr(
                open.cond(), sequence(ifExprs), sequence(elseExprs), SrcRange.between(open.range(), endifRange));
    }

    private Expr parseFor(For open) {
        List<Expr> content = new ArrayList<>();
        SrcRange endforRange;
        while (true) {
            if (pos >= parts.size()) {
                diags.add(Diagnostic.error(
                        "Unexpected end of template",
                        "The for directive at " + open.range() + " is missing its corresponding endfor directive.",
                        endRange));
                return new Expr.InvalidExpr(endRange);
            }
            if (parts.get(pos) instanceof EndControl end) {
                pos++;
                if (end.keyword().equals("endfor")) {
                    endforRange = end.range();
                    break;
                } else if (end.keyword().equals("else")) {
                    diags.add(Diagnostic.error(
                            "Unexpected else directive",
                            "An else clause is not expected for a for directive.",
                            end.range()));
                } else {
                    diags.add(Diagnostic.error(
                            "Unexpected " + end.keyword() + " directive",
                            "Expecting an endfor " + "directive corresponding to the for directive at " + open.range()
                                    + ".",
                            end.range()));
                }
                return new Expr.InvalidExpr(end.range());
            }
            content.add(parseExpr());
        }
        if (content.isEmpty()) {
            content.add(new LiteralValueExpr(Value.EMPTY_STRING, open.range().endOnly()));
        }
        ForExpr forExpr = new ForExpr(
                open.keyVar(),
                open.valVar(),
                open.coll(),
                null,
                sequence(content),
                null,
                false,
                SrcRange.between(open.range(), endforRange),
                open.range(),
                endforRange);
        return new TemplateJoinExpr(forExpr);
    }

    private static TemplateExpr sequence(List<Expr> exprs) {
        return new TemplateExpr(
                List.copyOf(exprs),
                SrcRange.between(
                        exprs.get(0).range(), exprs.get(exprs.size() - 1).range()));
    }
}
