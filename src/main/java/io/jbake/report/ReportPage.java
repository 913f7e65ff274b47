package io.jbake.report;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import io.jbake.build.TargetStatus;
import io.jbake.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --report FILE.html}: one self-contained page of a bake (inline CSS and SVG, nothing fetched, no
 * script): a timeline with a bar per target that started, split into its waits (on the targets it links, for a
 * slot), its context upload, its solve and its export; its cached/total steps; the critical path
 * ({@link CriticalPath}) marked; a table of the targets; and each failure with its failing step's last log lines
 * (those the progress display kept for its own failure summary). Everything from the bake (names, errors, logs)
 * is escaped.
 */
public final class ReportPage {
    private ReportPage() {}

    /** Where the timeline starts (after the target names), its width, and the room after it. */
    private static final int LABEL_WIDTH = 180;

    private static final int TIMELINE_WIDTH = 800;
    private static final int CACHE_WIDTH = 120;
    private static final int ROW_HEIGHT = 30;
    private static final int BAR_HEIGHT = 18;
    private static final int AXIS_HEIGHT = 24;
    /** The narrowest bar drawn, so that a target of a few milliseconds still shows. */
    private static final double MIN_BAR = 1.0;

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1f24;background:#fff}
            h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px}
            .summary{color:#444}.status-succeeded{color:#1a7f37}.status-failed{color:#cf222e}
            .status-cancelled{color:#9a6700}.status-skipped{color:#6e7781}
            svg text{font-size:12px;font-family:inherit;fill:#1b1f24}
            svg .axis{stroke:#d0d7de}svg .tick{fill:#6e7781;font-size:10px}
            .bar{fill:#ffffff;stroke:#8c959f;stroke-width:1}
            .critical .bar{stroke:#cf222e;stroke-width:3}
            .critical .name{font-weight:bold;fill:#cf222e}
            .seg-wait-deps{fill:#afb8c1}.seg-wait-slot{fill:#d8dee4}.seg-upload{fill:#54aeff}
            .seg-solve{fill:#4ac26b}.seg-export{fill:#bf8700}.seg-linked{fill:#f6f8fa}
            .seg{stroke:none}
            .failed .seg-solve{fill:#ff8182}
            .legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;
            height:12px;margin-right:4px;vertical-align:-2px;border:1px solid #8c959f}
            table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .failure{border:1px solid #ff8182;border-radius:6px;padding:8px 12px;margin:8px 0}
            .failure pre{background:#f6f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap}
            .failure .error{color:#cf222e}
            """;

    /** Writes the page to {@code file} atomically. */
    public static void write(Path file, BakeRun run) throws IOException {
        AtomicFile.write(file, render(run), "rw-r--r--");
    }

    /** The page. */
    public static String render(BakeRun run) {
        List<String> criticalPath = CriticalPath.of(run);
        Set<String> critical = new HashSet<>(criticalPath);
        String status = ResultsFile.status(run);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>jbake bake report: ")
                .append(status)
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Bake report</h1>\n<p class=\"summary\">Status <b class=\"status-")
                .append(status)
                .append("\" id=\"status\">")
                .append(status)
                .append("</b>, ")
                .append(run.targets().size())
                .append(run.targets().size() == 1 ? " target" : " targets")
                .append(", ")
                .append(Times.shortSeconds(Duration.between(run.started(), run.ended())))
                .append(" from ")
                .append(Times.rfc3339(run.started()))
                .append(" to ")
                .append(Times.rfc3339(run.ended()))
                .append(".</p>\n<p id=\"critical-path\">Critical path: ")
                .append(criticalPath.isEmpty() ? "none" : escape(String.join(" \u2192 ", criticalPath)))
                .append("</p>\n");
        legend(html);
        timeline(html, run, critical);
        targetTable(html, run);
        retries(html, run);
        failures(html, run);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void legend(StringBuilder html) {
        html.append("<p class=\"legend\">");
        String[][] entries = {
            {"seg-wait-deps", "waiting on linked targets"},
            {"seg-wait-slot", "waiting for a slot"},
            {"seg-upload", "context upload"},
            {"seg-solve", "solve"},
            {"seg-export", "export"},
            {"seg-linked", "serving its result to linking targets"}
        };
        for (String[] entry : entries) {
            html.append("<span><svg width=\"12\" height=\"12\"><rect class=\"")
                    .append(entry[0])
                    .append("\" width=\"12\" height=\"12\"/></svg> ")
                    .append(entry[1])
                    .append("</span>");
        }
        html.append("<span><svg width=\"12\" height=\"12\"><rect class=\"bar\" style=\"stroke:#cf222e;stroke-width:3\"")
                .append(" width=\"12\" height=\"12\"/></svg> critical path</span></p>\n");
    }

    private static void timeline(StringBuilder html, BakeRun run, Set<String> critical) {
        int width = LABEL_WIDTH + TIMELINE_WIDTH + CACHE_WIDTH;
        int height = AXIS_HEIGHT + ROW_HEIGHT * run.targets().size() + 4;
        long total = Math.max(1, Duration.between(run.started(), run.ended()).toMillis());
        html.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_WIDTH + TIMELINE_WIDTH * tick / 4.0;
            html.append("<line class=\"axis\" x1=\"")
                    .append(number(x))
                    .append("\" y1=\"")
                    .append(AXIS_HEIGHT - 6)
                    .append("\" x2=\"")
                    .append(number(x))
                    .append("\" y2=\"")
                    .append(height)
                    .append("\"/><text class=\"tick\" x=\"")
                    .append(number(x + 2))
                    .append("\" y=\"12\">")
                    .append(Times.shortSeconds(Duration.ofMillis(total * tick / 4)))
                    .append("</text>\n");
        }
        int row = 0;
        for (TargetRun target : run.targets()) {
            int y = AXIS_HEIGHT + row * ROW_HEIGHT;
            int barY = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
            boolean isCritical = critical.contains(target.name());
            html.append("<g class=\"target ")
                    .append(target.status().word())
                    .append(isCritical ? " critical" : "")
                    .append("\" data-target=\"")
                    .append(escape(target.name()))
                    .append("\" data-status=\"")
                    .append(target.status().word())
                    .append("\" data-critical=\"")
                    .append(isCritical)
                    .append("\">\n<text class=\"name\" x=\"4\" y=\"")
                    .append(barY + 13)
                    .append("\">")
                    .append(escape(target.name()))
                    .append("</text>\n");
            if (target.started() != null) {
                bar(html, run, target, total, barY);
            } else {
                html.append("<text class=\"status-skipped\" x=\"")
                        .append(LABEL_WIDTH + 4)
                        .append("\" y=\"")
                        .append(barY + 13)
                        .append("\">")
                        .append(target.status().word())
                        .append(", never started</text>\n");
            }
            html.append("<text class=\"cache\" x=\"")
                    .append(LABEL_WIDTH + TIMELINE_WIDTH + 8)
                    .append("\" y=\"")
                    .append(barY + 13)
                    .append("\">")
                    .append(target.cachedSteps())
                    .append('/')
                    .append(target.totalSteps())
                    .append(" cached</text>\n</g>\n");
            row++;
        }
        html.append("</svg>\n");
    }

    /** A target's bar from its start to its end, its segments drawn over it. */
    private static void bar(StringBuilder html, BakeRun run, TargetRun target, long total, int y) {
        Instant queuedFrom = run.started();
        Instant started = target.started();
        Instant ended = target.ended();
        Duration queued = Duration.between(queuedFrom, started);
        // waits in the order they happen: for a --jobs slot before the start, on linked targets, for a node's slot
        Duration forJobsSlot = queued.compareTo(target.waitingForSlot()) < 0 ? queued : target.waitingForSlot();
        segment(html, run, total, y, "seg-wait-slot", started.minus(forJobsSlot), started);
        Instant depsReady = started.plus(target.waitingOnDependencies());
        Instant working = depsReady.plus(positive(target.waitingForSlot().minus(forJobsSlot)));
        if (working.isAfter(ended)) {
            working = ended;
        }
        Instant workEnd = target.published() != null && target.published().isBefore(ended) ? target.published() : ended;
        html.append("<rect class=\"bar\" data-target=\"")
                .append(escape(target.name()))
                .append("\" x=\"")
                .append(number(x(run, total, started)))
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(number(Math.max(MIN_BAR, x(run, total, ended) - x(run, total, started))))
                .append("\" height=\"")
                .append(BAR_HEIGHT)
                .append("\"><title>")
                .append(escape(target.name()))
                .append(": ")
                .append(target.status().word())
                .append(", ")
                .append(Times.shortSeconds(target.duration()))
                .append(", waited ")
                .append(Times.shortSeconds(target.waitingOnDependencies()))
                .append(" on linked targets and ")
                .append(Times.shortSeconds(target.waitingForSlot()))
                .append(" for a slot</title></rect>\n");
        segment(html, run, total, y, "seg-wait-deps", started, depsReady);
        segment(html, run, total, y, "seg-wait-slot", depsReady, working);
        segment(html, run, total, y, "seg-solve", working, workEnd);
        for (TargetRun.Step step : target.steps()) {
            if (step.phase() == TargetRun.Phase.SOLVE || step.started() == null) {
                continue;
            }
            Instant from = clamp(step.started(), working, workEnd);
            Instant to = clamp(step.completed() == null ? workEnd : step.completed(), working, workEnd);
            segment(
                    html,
                    run,
                    total,
                    y,
                    step.phase() == TargetRun.Phase.UPLOAD ? "seg-upload" : "seg-export",
                    from,
                    to);
        }
        segment(html, run, total, y, "seg-linked", workEnd, ended);
    }

    private static void segment(
            StringBuilder html, BakeRun run, long total, int y, String kind, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return;
        }
        double x = x(run, total, from);
        html.append("<rect class=\"seg ")
                .append(kind)
                .append("\" x=\"")
                .append(number(x))
                .append("\" y=\"")
                .append(y + 2)
                .append("\" width=\"")
                .append(number(Math.max(0.5, x(run, total, to) - x)))
                .append("\" height=\"")
                .append(BAR_HEIGHT - 4)
                .append("\"/>\n");
    }

    private static double x(BakeRun run, long total, Instant at) {
        double millis = Duration.between(run.started(), at).toNanos() / 1e6;
        return LABEL_WIDTH + TIMELINE_WIDTH * Math.min(1, Math.max(0, millis / total));
    }

    private static void targetTable(StringBuilder html, BakeRun run) {
        html.append("<h2>Targets</h2>\n<table id=\"targets\">\n<tr><th>target</th><th>status</th><th>duration</th>")
                .append("<th>waiting on linked targets</th><th>waiting for a slot</th><th>cached</th>")
                .append("<th>node</th><th>digest</th></tr>\n");
        for (TargetRun target : run.targets()) {
            html.append("<tr data-target=\"")
                    .append(escape(target.name()))
                    .append("\"><td>")
                    .append(escape(target.name()))
                    .append("</td><td class=\"status-")
                    .append(target.status().word())
                    .append("\">")
                    .append(target.status().word())
                    .append("</td><td class=\"num\">")
                    .append(target.started() == null ? "-" : Times.shortSeconds(target.duration()))
                    .append("</td><td class=\"num\">")
                    .append(Times.shortSeconds(target.waitingOnDependencies()))
                    .append("</td><td class=\"num\">")
                    .append(Times.shortSeconds(target.waitingForSlot()))
                    .append("</td><td class=\"num\">")
                    .append(target.cachedSteps())
                    .append('/')
                    .append(target.totalSteps())
                    .append("</td><td>")
                    .append(escape(target.node()))
                    .append("</td><td><code>")
                    .append(escape(target.digest()))
                    .append("</code></td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** The builds made again ({@code --retries}), each with its reason; nothing when none was. */
    private static void retries(StringBuilder html, BakeRun run) {
        List<TargetRun> retried =
                run.targets().stream().filter(t -> !t.retries().isEmpty()).toList();
        if (retried.isEmpty()) {
            return;
        }
        html.append("<h2>Retries</h2>\n<ul id=\"retries\">\n");
        for (TargetRun target : retried) {
            for (int i = 0; i < target.retries().size(); i++) {
                html.append("<li data-target=\"")
                        .append(escape(target.name()))
                        .append("\">")
                        .append(escape(target.name()))
                        .append(": attempt ")
                        .append(i + 1)
                        .append(" of ")
                        .append(target.attempts())
                        .append(" failed: ")
                        .append(escape(target.retries().get(i)))
                        .append("</li>\n");
            }
        }
        html.append("</ul>\n");
    }

    private static void failures(StringBuilder html, BakeRun run) {
        List<TargetRun> failed = run.targets().stream()
                .filter(t -> t.status() == TargetStatus.FAILED)
                .toList();
        html.append("<h2>Failures</h2>\n<section id=\"failures\">\n");
        if (failed.isEmpty()) {
            html.append("<p>None.</p>\n");
        }
        for (TargetRun target : failed) {
            html.append("<div class=\"failure\" data-target=\"")
                    .append(escape(target.name()))
                    .append("\">\n<h3>")
                    .append(escape(target.name()))
                    .append("</h3>\n<p class=\"error\">")
                    .append(escape(target.error()))
                    .append("</p>\n");
            target.failedStep().ifPresent(step -> {
                html.append("<p class=\"step\">").append(escape(step.name())).append("</p>\n<pre class=\"log\">");
                for (String line : step.lastLines()) {
                    html.append(escape(line)).append('\n');
                }
                html.append("</pre>\n");
            });
            html.append("</div>\n");
        }
        html.append("</section>\n");
    }

    /** {@code text} safe in HTML text and in a double- or single-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // controls other than tab and newline are not allowed in HTML text (a log may hold them)
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Instant clamp(Instant at, Instant from, Instant to) {
        return at.isBefore(from) ? from : at.isAfter(to) ? to : at;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
