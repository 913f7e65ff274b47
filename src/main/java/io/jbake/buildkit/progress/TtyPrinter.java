package io.jbake.buildkit.progress;

import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.go.GoFloat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * buildx's live view for terminals, redrawn in place:
 *
 * <pre>
 * [+] Building 3.9s (13/14)                                            docker:default
 *  => [app internal] load build definition from Dockerfile                         0.0s
 *  => => transferring dockerfile: 185B                                             0.0s
 *  => CACHED [app 1/4] FROM docker.io/library/busybox:local                        0.0s
 *  => [app 2/4] RUN for i in 1 2 3; do echo "line $i"; sleep 1; done               1.1s
 *  => => # line 1
 *  => ERROR [lib 3/3] RUN exit 3                                                   1.5s
 * </pre>
 *
 * <p>One line per started step, in the order steps started, then its sub-progress ({@code => => ...})
 * and warnings; the time right-aligned at the terminal's edge, names cut to fit. The running steps that
 * printed most get a few lines of their output ({@code => => # ...}) while the screen has room. When the
 * steps do not fit the terminal's height, the oldest finished ones scroll away; the last frame
 * ({@code FINISHED} once every step completed) lists every step. Finished steps are coloured: blue, red for
 * errors, yellow for cancelled ones; {@code NO_COLOR} turns colours off, {@code BUILDKIT_COLORS}
 * ({@code run=green:error=yellow:cancel=...:warning=...}, names or {@code r,g,b}) changes them.
 */
final class TtyPrinter {

    /** How many lines of output a running step shows: buildx's minimum, {@code BUILDKIT_TTY_LOG_LINES} raises it. */
    static final int LOG_LINES = 6;
    /** Columns the output lines leave to the prefix ({@code " => => # "}) and the margin. */
    private static final int LOG_INDENT = 10;

    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private static final String RESET = "\033[0m";
    private static final String FAINT = "\033[2m";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String UP = "\033[1A";
    private static final String LINE_START = "\033[0G";

    /** SGR sequences for finished steps, empty for no colour. */
    record Colors(String done, String canceled, String error, String warning) {
        static final Colors NONE = new Colors("", "", "", "");
        static final Colors DEFAULT = new Colors(sgr(34), sgr(33), sgr(31), sgr(33));

        /** What buildx reads from the environment: {@code NO_COLOR} (any value) first, then {@code BUILDKIT_COLORS}. */
        static Colors fromEnvironment(Map<String, String> env) {
            if (!env.getOrDefault("NO_COLOR", "").isEmpty()) {
                return NONE;
            }
            String spec = env.get("BUILDKIT_COLORS");
            if (spec == null) {
                return DEFAULT;
            }
            Colors colors = DEFAULT;
            for (String field : spec.split(":")) {
                int eq = field.indexOf('=');
                if (eq < 0 || field.indexOf('=', eq + 1) >= 0) {
                    continue; // buildx logs and ignores a malformed entry
                }
                String color = color(field.substring(eq + 1));
                if (color == null) {
                    continue;
                }
                colors = switch (field.substring(0, eq).toLowerCase(Locale.ROOT)) {
                    case "run" -> new Colors(color, colors.canceled, colors.error, colors.warning);
                    case "cancel" -> new Colors(colors.done, color, colors.error, colors.warning);
                    case "error" -> new Colors(colors.done, colors.canceled, color, colors.warning);
                    case "warning" -> new Colors(colors.done, colors.canceled, colors.error, color);
                    default -> colors;
                };
            }
            return colors;
        }

        private static String color(String value) {
            String name = value.toLowerCase(Locale.ROOT);
            boolean light = name.startsWith("light-");
            int code = switch (light ? name.substring(6) : name) {
                case "black" -> 30;
                case "red" -> 31;
                case "green" -> 32;
                case "yellow" -> 33;
                case "blue" -> 34;
                case "magenta" -> 35;
                case "cyan" -> 36;
                case "white" -> 37;
                case "default" -> light ? -1 : 39;
                default -> -1;
            };
            if (code > 0) {
                return sgr(light ? code + 60 : code);
            }
            String[] rgb = value.split(",", -1);
            if (rgb.length != 3) {
                return null;
            }
            int palette = 16;
            int[] weights = {36, 6, 1};
            for (int i = 0; i < 3; i++) {
                try {
                    int part = Integer.parseInt(rgb[i].trim());
                    if (part < 0 || part > 255) {
                        return null;
                    }
                    palette += weights[i] * (part / 43); // the 6x6x6 cube of the 256-colour palette
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return "\033[38;5;" + palette + "m";
        }

        private static String sgr(int code) {
            return "\033[" + code + "m";
        }
    }

    private final PrintStream out;
    private final Terminal terminal;
    private final Colors colors;
    private final int logLines;
    private final String description;
    /** Lines below the header drawn last time; -1 before the first frame. */
    private int drawnLines = -1;

    private long lastDraw;

    /**
     * @param description shown at the right of the header, as buildx shows its builder ({@code docker:default}), or empty
     * @param logLines how many lines of output running steps show ({@code BUILDKIT_TTY_LOG_LINES}, at least 6)
     */
    TtyPrinter(PrintStream out, Terminal terminal, Colors colors, int logLines, String description) {
        this.out = out;
        this.terminal = terminal;
        this.colors = colors;
        this.logLines = Math.max(LOG_LINES, logLines);
        this.description = description;
    }

    /** Draws the view again unless it was drawn less than 100 ms ago; {@code last} draws the final frame. */
    void print(Trace trace, boolean last) {
        if (!last && System.nanoTime() - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        draw(trace, last, Trace.wallNanos());
    }

    /**
     * Draws the view now, as it was (or will be) at {@code at}.
     *
     * @param at this machine's clock, nanoseconds since the epoch: where running times count to
     */
    void draw(Trace trace, boolean last, long at) {
        lastDraw = System.nanoTime();
        trace.updated.clear();
        for (Trace.Step s : trace.started) {
            s.pendingLines.clear();
            s.updatedStatuses.clear();
            s.pendingWarnings.clear();
        }
        int width = terminal.width();
        trace.screenWidth = width - LOG_INDENT;
        trace.screenHeight = logLines;
        out.print(frame(trace, width, terminal.height(), last, at));
        out.flush();
    }

    /** One line of the view below the header: a step, a step's sub-progress or a step's warning. */
    private static final class Job {
        final String name;
        final String status;
        final double seconds;
        final boolean completed;
        final String color;
        /** The step whose output this line may show under it, or null. */
        final Trace.Step output;

        boolean showOutput;

        Job(String name, String status, double seconds, boolean completed, String color, Trace.Step output) {
            this.name = name;
            this.status = status;
            this.seconds = seconds;
            this.completed = completed;
            this.color = color;
            this.output = output;
        }
    }

    /**
     * The text that redraws the view: cursor back to the header, the header, the lines, blanks over what
     * the previous frame drew below them. With {@code all} (the last frame) every step is listed and the
     * header says {@code FINISHED} if every step completed.
     *
     * @param now this machine's clock, nanoseconds since the epoch
     */
    String frame(Trace trace, int width, int height, boolean all, long now) {
        List<Job> jobs = jobs(trace, now);
        int screenHeight = Math.max(LOG_LINES, Math.min(logLines, height - LOG_LINES - 1));
        int outputLines = chooseOutputs(jobs, height, screenHeight);
        if (!all) {
            jobs = fitHeight(jobs, height - 2 - outputLines);
        }
        StringBuilder frame = new StringBuilder();
        if (drawnLines < 0) {
            frame.append(UP).append("\033[1B"); // buildx's first move: a no-op unless on the top line
        } else {
            frame.append(UP.repeat(drawnLines + 1));
        }
        frame.append(LINE_START).append(HIDE_CURSOR);
        frame.append(header(trace, width, all, now)).append('\n');
        int lines = 0;
        for (Job j : jobs) {
            String timer = " " + GoFloat.fixed(j.seconds < 0.05 ? 0 : j.seconds, 1) + "s\n";
            int left = width - 4 - timer.length() - 1;
            boolean showStatus = false;
            if (!j.status.isEmpty() && left + j.status.length() > 20) {
                showStatus = true;
                left -= j.status.length() + 1;
            }
            if (left < 12) {
                continue; // no room for a useful line
            }
            String line = " => " + (j.name.length() > left ? j.name.substring(0, left) : j.name)
                    + (showStatus ? " " + j.status : "");
            line = align(line, timer, width);
            frame.append(j.completed && !j.color.isEmpty() ? j.color + line + RESET : line);
            lines++;
            if (j.showOutput) {
                LogScreen screen = j.output.screen;
                screen.resize(screenHeight, width - LOG_INDENT);
                for (String row : screen.nonBlankRows()) {
                    frame.append(FAINT)
                            .append(" => => # ")
                            .append(row)
                            .append('\n')
                            .append(RESET);
                    lines++;
                }
                j.output.screenShown++;
            }
        }
        int stale = drawnLines - lines;
        if (stale > 0) {
            frame.append((" ".repeat(width) + "\n").repeat(stale));
            frame.append("\033[").append(stale).append('A').append(LINE_START);
        }
        frame.append(SHOW_CURSOR);
        drawnLines = lines;
        return frame.toString();
    }

    private String header(Trace trace, int width, boolean all, long now) {
        int total = 0;
        int completed = 0;
        for (Trace.Step s : trace.steps.values()) {
            if (!s.hidden) {
                total++;
                if (s.isCompleted()) {
                    completed++;
                }
            }
        }
        double elapsed = trace.startTime == null
                ? 0
                : Math.max(0, now - trace.localTimeDiff - Trace.nanos(trace.startTime)) / 1e9;
        String header = "[+] Building " + GoFloat.fixed(elapsed, 1) + "s (" + completed + "/" + total + ") "
                + (all && completed > 0 && completed == total ? "FINISHED" : "");
        header = description.isEmpty() ? align(header, "", width) : align(header, description, width - 1);
        return header.length() > width ? header.substring(0, width) : header;
    }

    /** Every step that started, each followed by its started sub-progress and its warnings. */
    private List<Job> jobs(Trace trace, long now) {
        List<Job> jobs = new ArrayList<>();
        long daemonNow = now - trace.localTimeDiff;
        for (Trace.Step s : trace.started) {
            if (s.hidden) {
                continue;
            }
            String name = s.name.replace('\t', ' ');
            String color = colors.done;
            if (!s.error.isEmpty()) {
                boolean canceled = s.isCanceled();
                name = (canceled ? "CANCELED " : "ERROR ") + name;
                color = canceled ? colors.canceled : colors.error;
            }
            if (s.cached) {
                name = "CACHED " + name;
            }
            jobs.add(new Job(name, "", runSeconds(s, daemonNow), !s.intervals.containsValue(null), color, s));
            for (String id : s.startedStatuses) {
                VertexStatus st = s.statuses.get(id);
                long end = st.hasCompleted() ? Trace.nanos(st.getCompleted()) : daemonNow;
                jobs.add(new Job(
                        "=> " + id,
                        PlainPrinter.amount(st),
                        (end - Trace.nanos(st.getStarted())) / 1e9,
                        st.hasCompleted(),
                        colors.done,
                        null));
            }
            for (String warning : s.warnings) {
                // as in buildx, a warning line is timed like its step's last run and never counts as finished
                jobs.add(new Job("WARN: " + warning, "", lastRunSeconds(s, daemonNow), false, colors.warning, null));
            }
        }
        return jobs;
    }

    /** The time the step ran, overlapping runs counted once, a running one until {@code daemonNow}. */
    private static double runSeconds(Trace.Step s, long daemonNow) {
        long total = 0;
        long coveredUntil = Long.MIN_VALUE;
        for (Map.Entry<Long, Long> run : s.intervals.entrySet()) {
            long end = run.getValue() == null ? daemonNow : run.getValue();
            long from = Math.max(run.getKey(), coveredUntil);
            if (end > from) {
                total += end - from;
                coveredUntil = end;
            }
            if (run.getValue() == null) {
                break; // a run that has not ended covers everything after it
            }
        }
        return total / 1e9;
    }

    private static double lastRunSeconds(Trace.Step s, long daemonNow) {
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (Map.Entry<Long, Long> run : s.intervals.entrySet()) {
            long runEnd = run.getValue() == null ? Long.MAX_VALUE : run.getValue();
            if (run.getKey() > end) {
                start = run.getKey();
                end = runEnd;
            } else {
                end = Math.max(end, runEnd);
            }
        }
        return start == Long.MIN_VALUE ? 0 : (Math.min(end, daemonNow) - start) / 1e9;
    }

    /**
     * Marks which running steps show their output, as buildx chooses: those that wrote most (each showing
     * counts as 50 bytes more, so a step keeps its place), while the lines left besides the unfinished
     * ones have room for another block of output. Returns how many output lines the marked steps have.
     */
    private int chooseOutputs(List<Job> jobs, int height, int screenHeight) {
        List<Job> candidates = new ArrayList<>();
        int unfinished = 0;
        for (Job j : jobs) {
            if (j.output != null && j.output.screenBytes > 0 && !j.completed) {
                candidates.add(j);
            }
            if (!j.completed) {
                unfinished++;
            }
        }
        candidates.sort(Comparator.comparingLong((Job j) -> j.output.screenBytes + j.output.screenShown * 50L)
                .reversed());
        int free = height - 2 - unfinished;
        int blockLines = screenHeight + 3;
        int outputLines = 0;
        for (int i = 0; free > blockLines && i < candidates.size(); i++) {
            Job j = candidates.get(i);
            j.showOutput = true;
            outputLines += j.output.screen.usedHeight();
            free -= blockLines;
        }
        return outputLines;
    }

    /**
     * The last {@code limit} lines, except that unfinished lines that would scroll away take the places of
     * the first finished ones, so what is running stays on screen.
     */
    static List<Job> fitHeight(List<Job> jobs, int limit) {
        if (limit < 0) {
            return List.of();
        }
        if (jobs.size() <= limit) {
            return jobs;
        }
        List<Job> cut = jobs.subList(0, jobs.size() - limit);
        List<Job> window = jobs.subList(jobs.size() - limit, jobs.size());
        List<Job> hidden = cut.stream().filter(j -> !j.completed).toList();
        if (hidden.isEmpty()) {
            return window;
        }
        List<Job> kept = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            Job j = window.get(i);
            if (!j.completed || i >= hidden.size()) {
                kept.add(j);
            }
        }
        int freed = window.size() - kept.size();
        List<Job> fitted = new ArrayList<>(hidden.subList(hidden.size() - freed, hidden.size()));
        fitted.addAll(kept);
        return fitted;
    }

    /** {@code left} padded so that a space and {@code right} end at column {@code width}. */
    private static String align(String left, String right, int width) {
        int pad = width - right.length() - 1;
        StringBuilder line = new StringBuilder(left);
        while (line.length() < pad) {
            line.append(' ');
        }
        return line.append(' ').append(right).toString();
    }
}
