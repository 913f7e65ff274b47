package io.jbake.buildkit.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternMatcherTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "**|anything/at/all|true",
                "**/*.go|main.go|true",
                "**/*.go|a/b/main.go|true",
                "**/*.go|main.got|false",
                "**/node_modules|node_modules|true",
                "**/node_modules|a/node_modules|true",
                "**/node_modules|a/node_modules/x/y|true",
                "*.md|README.md|true",
                "*.md|docs/README.md|false",
                "docs/*|docs/x|true",
                "docs/*|docs/x/y|true",
                "docs/**|docs/x/y|true",
                "docs/**/*.md|docs/a.md|true",
                "docs/**/*.md|docs/a/b/c.md|true",
                "docs/**/*.md|docsa.md|false",
                "a?c|abc|true",
                "a?c|a/c|false",
                "[ab]x|bx|true",
                "[^ab]x|bx|false",
                "file.txt|file_txt|false",
                "./build/../out|out/x|true",
                "dir/|dir/file|true",
                "a\\*b|a*b|true",
                "a\\*b|axb|false",
                "(x)|(x)|true",
                "a+b|a+b|true",
            })
    void singlePatterns(String pattern, String path, boolean expected) {
        assertEquals(expected, PatternMatcher.compile(List.of(pattern)).matchesOrParentMatches(path));
    }

    @Test
    void lastMatchingPatternWins() {
        PatternMatcher matcher = PatternMatcher.compile(List.of("*.md", "!README.md", "README*"));
        assertEquals(true, matcher.matchesOrParentMatches("CHANGES.md"));
        assertEquals(true, matcher.matchesOrParentMatches("README.md"));
        PatternMatcher exceptionLast = PatternMatcher.compile(List.of("*.md", "!README.md"));
        assertEquals(false, exceptionLast.matchesOrParentMatches("README.md"));
    }

    @Test
    void blankPatternsAreSkippedAndLoneBangIsAnError() {
        assertEquals(0, PatternMatcher.compile(List.of(" ", "")).rules().size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PatternMatcher.compile(List.of("!")));
        assertEquals("illegal exclusion pattern: \"!\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PatternMatcher.compile(List.of("[a")));
    }
}
