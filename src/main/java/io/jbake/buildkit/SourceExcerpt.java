package io.jbake.buildkit;

import io.jbake.buildkit.proto.Range;
import io.jbake.buildkit.proto.errdefs.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The file excerpt BuildKit's clients print around a location (a failing Dockerfile step, a lint
 * warning, and in bake a definition error): {@code Dockerfile:2}, a rule, each line as
 * {@code "   2 | >>> RUN ..."} with {@code >>>} on the lines of the location, a rule, as BuildKit's
 * {@code errdefs.Source.Print} writes it.
 *
 * <p>Lines are the content split at {@code \n}, so a final newline adds an empty last line and a
 * {@code \r} stays part of its line. Around the location come up to two lines of context on each side
 * when it is one line long, one line when it is longer. The header names the location's first line.
 */
public final class SourceExcerpt {
    private static final String RULE = "--------------------\n";

    private SourceExcerpt() {}

    /** Lines {@code start} to {@code end} of a file, 1-based and inclusive; an end before the start means the start. */
    public record Lines(int start, int end) {}

    /** The excerpt for {@code source}; empty when it has no file text or no range inside the text. */
    static String of(Source source) {
        if (!source.hasInfo()) {
            return "";
        }
        List<Lines> locations = new ArrayList<>();
        for (Range r : source.getRangesList()) {
            locations.add(new Lines(r.getStart().getLine(), r.getEnd().getLine()));
        }
        return of(source.getInfo().getFilename(), source.getInfo().getData().toByteArray(), locations);
    }

    /**
     * The excerpt of {@code content}, the text of file {@code filename}, around lines {@code startLine}
     * to {@code endLine} (1-based, inclusive); empty when {@code startLine} is not a line of the content.
     */
    public static String of(String filename, byte[] content, int startLine, int endLine) {
        return of(filename, content, List.of(new Lines(startLine, endLine)));
    }

    /**
     * The excerpt of {@code content}, the text of file {@code filename}, around {@code locations}, each marked;
     * empty when there is none, or when the first line of them all is not a line of the content.
     */
    public static String of(String filename, byte[] content, List<Lines> locations) {
        if (locations.isEmpty()) {
            return "";
        }
        int start = Integer.MAX_VALUE;
        int end = 0;
        for (Lines lines : locations) {
            start = Math.min(start, lines.start());
            end = Math.max(end, lastLine(lines));
        }
        return render(
                filename, new String(content, StandardCharsets.UTF_8), start, end, line -> contains(locations, line));
    }

    private static String render(String filename, String content, int start, int end, IntPredicate marked) {
        String[] lines = content.split("\n", -1);
        if (start < 1 || start > lines.length) {
            return "";
        }
        end = Math.min(end, lines.length);
        int context = end == start ? 2 : 1;
        StringBuilder out = new StringBuilder();
        out.append(filename).append(':').append(start).append('\n').append(RULE);
        for (int i = Math.max(1, start - context); i <= Math.min(lines.length, end + context); i++) {
            out.append(String.format(" %3d | %s %s\n", i, marked.test(i) ? ">>>" : "   ", lines[i - 1]));
        }
        return out.append(RULE).toString();
    }

    private static boolean contains(List<Lines> locations, int line) {
        for (Lines lines : locations) {
            if (lines.start() <= line && lastLine(lines) >= line) {
                return true;
            }
        }
        return false;
    }

    private static int lastLine(Lines lines) {
        return Math.max(lines.start(), lines.end());
    }
}
