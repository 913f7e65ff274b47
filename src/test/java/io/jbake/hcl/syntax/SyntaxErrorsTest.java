package io.jbake.hcl.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.HclFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Syntax error messages, pinned to what buildx 0.29.1 prints for the same docker-bake.hcl
 * ({@code docker buildx bake --print}): summary, detail, range and the count of further diagnostics.
 */
class SyntaxErrorsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "badescape",
                        "target \"a\" {\n  tags = [\"a\\qb\"]\n}\n",
                        "docker-bake.hcl:2,13-15: Invalid escape sequence; The symbol \"q\" is not a valid escape sequence selector."),
                Arguments.of(
                        "badtoken",
                        "target \"a\" {\n  tags = ['a']\n}\n",
                        "docker-bake.hcl:2,11-12: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings., and 1 other diagnostic(s)"),
                Arguments.of(
                        "comma_attr",
                        "target \"a\" {\n  tags = [\"a\"],\n}\n",
                        "docker-bake.hcl:2,15-16: Unexpected comma after argument; Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline."),
                Arguments.of(
                        "endif",
                        "target \"a\" {\n  tags = [\"%{if true}x\"]\n}\n",
                        "docker-bake.hcl:2,23-24: Unexpected end of template; The if directive at docker-bake.hcl:2,12-22 is missing its corresponding endif directive."),
                Arguments.of(
                        "forerr",
                        "target \"a\" {\n  tags = [for x : x]\n}\n",
                        "docker-bake.hcl:2,17-18: Invalid 'for' expression; For expression requires the 'in' keyword after its name declarations."),
                Arguments.of(
                        "heredoc_unterminated",
                        "target \"a\" {\n  dockerfile-inline = <<EOT\nFROM x\n",
                        "docker-bake.hcl:4,1-1: Unterminated template string; No closing marker was found for the string."),
                Arguments.of(
                        "interp_unclosed",
                        "target \"a\" {\n  tags = [\"${x\"]\n}\n",
                        "docker-bake.hcl:2,17-3,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax., and 2 other diagnostic(s)"),
                Arguments.of(
                        "missing_comma",
                        "target \"a\" {\n  tags = [\"a\" \"b\"]\n}\n",
                        "docker-bake.hcl:2,15-16: Missing item separator; Expected a comma to mark the beginning of the next item."),
                Arguments.of(
                        "missing_eq",
                        "target \"a\" {\n  args {\n    a = 1\n  }\n  tags \"x\"\n}\n",
                        "docker-bake.hcl:5,11-6,1: Invalid block definition; A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header."),
                Arguments.of(
                        "multiline",
                        "target \"a\" {\n  tags = [\"a\nb\"]\n}\n",
                        "docker-bake.hcl:2,13-3,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax., and 1 other diagnostic(s)"),
                Arguments.of(
                        "oneline_block",
                        "target \"a\" { b {} }\n",
                        "docker-bake.hcl:1,14-17: Argument definition required; A single-line block definition can contain only a single argument. If you meant to define argument \"b\", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block."),
                Arguments.of(
                        "oneline_nl",
                        "target \"a\" { args = {}\n}\n",
                        "docker-bake.hcl:1,23-2,1: Invalid single-argument block definition; An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition."),
                Arguments.of(
                        "quoted_name",
                        "\"x\" = 1\n",
                        "docker-bake.hcl:1,1-2: Invalid argument name; Argument names must not be quoted."),
                Arguments.of(
                        "redefined",
                        "target \"a\" {\n  tags = [\"a\"]\n  tags = [\"b\"]\n}\n",
                        "docker-bake.hcl:3,3-7: Attribute redefined; The argument \"tags\" was already set at docker-bake.hcl:2,3-7. Each argument may be set only once."),
                Arguments.of(
                        "semicolon",
                        "target \"a\" {\n  tags = [\"a\"];\n}\n",
                        "docker-bake.hcl:2,15-16: Invalid character; The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values., and 1 other diagnostic(s)"),
                Arguments.of(
                        "two_attrs",
                        "target \"a\" { x = 1 y = 2 }\n",
                        "docker-bake.hcl:1,20-21: Invalid single-argument block definition; A single-line block definition must end with a closing brace immediately after its single argument definition."),
                Arguments.of(
                        "unclosed",
                        "target \"a\" {\n  tags = [\"a\"]\n",
                        "docker-bake.hcl:1,12-13: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesBuildx(String name, String src, String want) {
        HclFile file = HclSyntax.parseFile(src, "docker-bake.hcl");
        assertEquals(want, file.diagnostics().errorMessage());
    }
}
