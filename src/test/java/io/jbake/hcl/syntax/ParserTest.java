package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.Pos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parser shapes as S-expressions: one row per construct, input on the left, tree on the right. */
class ParserTest {

    private static String expr(String src) {
        Diagnostics diags = new Diagnostics();
        Expr e = HclSyntax.parseExpression(src, "t.hcl", Pos.START, diags);
        assertEquals("", diags.toString(), "diagnostics for " + src);
        return SExpr.of(e);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '\'',
            value = {
                "1 ==> 1",
                "1.5e3 ==> 1500",
                "true ==> true",
                "null ==> null",
                "a ==> a",
                "a.b.c ==> a.b.c",
                "a[0].b ==> a[0].b",
                "a.0.b ==> a[0].b",
                "a[\"k\"] ==> a[\"k\"]",
                "a[b] ==> (index a b)",
                "a[b].c ==> (rel (index a b) .c)",
                "f(x).y[1] ==> (rel (f() x) .y[1])",
                "1 + 2 * 3 ==> (+ 1 (* 2 3))",
                "1 * 2 + 3 ==> (+ (* 1 2) 3)",
                "1 - 2 - 3 ==> (- (- 1 2) 3)",
                "a || b && c ==> (|| a (&& b c))",
                "a == b != c ==> (!= (== a b) c)",
                "a < b == c > d ==> (== (< a b) (> c d))",
                "-a + b ==> (+ (- a) b)",
                "!a.b ==> (! a.b)",
                "a % b / c ==> (/ (% a b) c)",
                "(1 + 2) * 3 ==> (* (paren (+ 1 2)) 3)",
                "a ? b : c ? d : e ==> (? a b (? c d e))",
                "a || b ? 1 + 2 : 3 ==> (? (|| a b) (+ 1 2) 3)",
                "f() ==> (f())",
                "f(1, 2,) ==> (f() 1 2)",
                "f(a, b...) ==> (f() a b ...)",
                "ns::f(1) ==> (ns::f() 1)",
                "[] ==> []",
                "[1, \"a\", [b]] ==> [1 (tmpl \"a\") [b]]",
                "{} ==> {}",
                "{a = 1, b: 2} ==> {a=1 b=2}",
                "{(a) = 1, \"b\" = 2} ==> {(paren a)=1 (tmpl \"b\")=2}",
                "{a.b = 1} ==> {a.b=1}",
                "[for v in xs : v] ==> (for v xs v)",
                "[for i, v in xs : v if i > 0] ==> (for i,v xs v if (> i 0))",
                "{for k, v in m : v => k...} ==> (for k,v m v => k ...)",
                "a[*].b ==> (splat a (rel @ .b))",
                "a.*.b.c ==> (splat a (rel @ .b.c))",
                "a[*] ==> (splat a @)",
                "a[*][0].c ==> (splat a (rel @ [0].c))",
                "\"x\" ==> (tmpl \"x\")",
                "\"\" ==> (tmpl \"\")",
                "\"${a}\" ==> (wrap a)",
                "\"a${b}c\" ==> (tmpl \"a\" b \"c\")",
                "\"a\\n\\t\\\"\\\\\" ==> (tmpl \"a\\n\\t\\\"\\\\\")",
                "\"\\u00e9\\U0001F600\" ==> (tmpl \"\u00e9\uD83D\uDE00\")",
                "\"$${a} %%{b} $ %\" ==> (tmpl \"${a} %{b} $ %\")",
                "\"${\"in${x}\"}\" ==> (wrap (tmpl \"in\" x))",
                "\"a ${~ b ~} c\" ==> (tmpl \"a\" b \"c\")",
                "\"%{if a}x%{else}y%{endif}\" ==> (tmpl (? a (tmpl \"x\") (tmpl \"y\")))",
                "\"%{if a}x%{endif}\" ==> (tmpl (? a (tmpl \"x\") (tmpl \"\")))",
                "\"%{for v in xs}${v},%{endfor}\" ==> (tmpl (join (for v xs (tmpl v \",\"))))",
                "\"a %{~if b~} c %{~endif~} d\" ==> (tmpl \"a\" (? b (tmpl \"c\") (tmpl \"\")) \"d\")",
                "\"${ {a = 1}.a }\" ==> (wrap (rel {a=1} .a))",
            })
    void expressions(String src, String want) {
        assertEquals(want, expr(src));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '\'',
            value = {
                "'<<EOT\nhello\n  ${a}\nEOT\n' ==> '(tmpl \"hello\\n  \" a \"\\n\")'",
                "'<<-EOT\n    a\n      b\n\n    EOT\n' ==> '(tmpl \"a\\n  b\\n\\n\")'",
                "'<<-EOT\n  a\n${x}\n  EOT\n' ==> '(tmpl \"  a\\n\" x \"\\n\")'",
                "'<<EOT\nEOT\n' ==> '(tmpl \"\")'",
                "'<<EOT\n$${x}\\n\nEOT\n' ==> '(tmpl \"${x}\\\\n\\n\")'",
            })
    void heredocs(String src, String want) {
        HclFile file = HclSyntax.parseFile("x = " + src, "t.hcl");
        assertEquals("", file.diagnostics().toString());
        assertEquals("(body (x = " + want + "))", SExpr.of((SyntaxBody) file.body()));
    }

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '\'',
            value = {
                "'' ==> (body)",
                "'a = 1\nb = \"x\"\n' ==> (body (a = 1) (b = (tmpl \"x\")))",
                "'# c\n// d\n/* e\n f */ a = 1 # t\n' ==> (body (a = 1))",
                "'a = [\n  1,\n  2\n]\n' ==> (body (a = [1 2]))",
                "'a = {\n  x = 1\n  y = 2\n}\n' ==> (body (a = {x=1 y=2}))",
                "'a = f(\n 1,\n 2)\n' ==> (body (a = (f() 1 2)))",
                "'target \"app\" {\n  x = 1\n}\n' ==> (body (block target \"app\" (body (x = 1))))",
                "'b l1 \"l2\" {}\n' ==> (body (block b \"l1\" \"l2\" (body)))",
                "'b { x = 1 }\n' ==> (body (block b (body (x = 1))))",
                "'b {\n  c {\n    d = 2\n  }\n}' ==> (body (block b (body (block c (body (d = 2))))))",
                "'a = 1\r\nb = 2\r\n' ==> (body (a = 1) (b = 2))",
                "'\uFEFFa = 1' ==> (body (a = 1))",
            })
    void bodies(String src, String want) {
        HclFile file = HclSyntax.parseFile(src, "t.hcl");
        assertEquals("", file.diagnostics().toString());
        assertEquals(want, SExpr.of((SyntaxBody) file.body()));
    }
}
