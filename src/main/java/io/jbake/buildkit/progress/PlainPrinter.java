package io.jbake.buildkit.progress;

import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.go.GoFloat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * buildx's {@code --progress=plain} text: each vertex numbered {@code #N} in the order it is first
 * printed, its name when it becomes the one being printed ({@code #N ...} marks the one interrupted),
 * sub-progress lines, log lines stamped with seconds since the vertex started, then {@code #N DONE 1.2s},
 * {@code #N CACHED}, {@code #N CANCELED} or {@code #N ERROR: message}.
 */
final class PlainPrinter {

    /** How long the current vertex keeps the output while others have news (buildx: 5 s). */
    static final long ANTI_FLICKER_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final String description;
    private final Map<String, VertexStatus> lastPrinted = new HashMap<>();
    private Trace trace;
    private String current;
    private boolean printedAny;
    private int nextIndex;

    PlainPrinter(PrintStream out) {
        this(out, "");
    }

    /** @param description printed as {@code #0 <description>} before the first step, as buildx names its builder there */
    PlainPrinter(PrintStream out, String description) {
        this.out = out;
        this.description = description;
    }

    /**
     * Prints what changed, as buildx's printer chooses: completed vertexes first (the current one, then
     * by completion time); then only one running vertex: the current one while it has news, another one
     * once the current has been quiet for {@link #ANTI_FLICKER_NANOS} or when there is no current one.
     * Changes not printed yet stay pending. With {@code all}, everything pending is printed (at the end).
     */
    void print(Trace trace, boolean all) {
        this.trace = trace;
        List<Trace.Step> completed = new ArrayList<>();
        List<Trace.Step> running = new ArrayList<>();
        for (String digest : List.copyOf(trace.updated)) {
            Trace.Step s = trace.steps.get(digest);
            if (s.hidden || !s.isStarted()) {
                trace.updated.remove(digest);
                continue;
            }
            (s.isCompleted() ? completed : running).add(s);
        }
        completed.sort(Comparator.comparing((Trace.Step s) -> !s.digest.equals(current))
                .thenComparingLong(s -> Trace.nanos(s.completed)));
        completed.forEach(this::printStep);
        running.sort(Comparator.comparing((Trace.Step s) -> !s.digest.equals(current))
                .thenComparingLong(s -> s.pendingSince));
        if (all) {
            running.forEach(this::printStep);
        } else if (running.isEmpty()) {
            Trace.Step active = current == null ? null : trace.steps.get(current);
            if (active == null || active.isCompleted()) {
                // like buildx, make some open vertex the current one so its header shows
                trace.steps.values().stream()
                        .filter(s -> s.isStarted() && !s.isCompleted() && !s.hidden)
                        .findFirst()
                        .ifPresent(this::printStep);
            }
        } else {
            Trace.Step first = running.get(0);
            boolean currentRunning =
                    current != null && !trace.steps.get(current).isCompleted();
            if (first.digest.equals(current)
                    || !currentRunning
                    || System.nanoTime() - trace.steps.get(current).lastPrinted > ANTI_FLICKER_NANOS) {
                printStep(first);
            }
        }
        out.flush();
    }

    private void printStep(Trace.Step s) {
        trace.updated.remove(s.digest);
        s.pendingSince = 0;
        s.lastPrinted = System.nanoTime();
        if (s.index == 0) {
            s.index = ++nextIndex;
        }
        if (!s.digest.equals(current)) {
            if (current != null) {
                out.println("#" + trace.steps.get(current).index + " ...");
            }
            if (printedAny) {
                out.println();
            } else if (!description.isEmpty()) {
                out.println("#0 " + description);
                out.println();
            }
            printedAny = true;
            out.println("#" + s.index + " " + s.name);
        }
        current = s.digest;
        boolean openStatus = false;
        for (String id : s.updatedStatuses) {
            VertexStatus st = s.statuses.get(id);
            if (worthPrinting(st)) {
                lastPrinted.put(st.getVertex() + "\0" + st.getID(), st);
                out.println("#" + s.index + " " + statusLine(st));
            }
            openStatus |= !st.hasCompleted();
        }
        s.updatedStatuses.clear();
        for (String w : s.pendingWarnings) {
            out.println("#" + s.index + " WARN: " + w);
        }
        s.pendingWarnings.clear();
        if (s.isCompleted()) {
            Trace.completeLine(s);
        }
        for (String line : s.pendingLines) {
            out.println("#" + s.index + " " + line);
        }
        s.pendingLines.clear();
        if (s.isCompleted() && !openStatus) {
            current = null;
            if (!s.error.isEmpty()) {
                out.println("#" + s.index + (s.isCanceled() ? " CANCELED" : " ERROR: " + s.error));
            } else if (s.cached) {
                out.println("#" + s.index + " CACHED");
            } else {
                out.println("#" + s.index + " DONE " + GoFloat.fixed(s.runNanos() / 1e9, 1) + "s");
            }
        }
    }

    /**
     * Like buildx, an unfinished sub-progress line is printed again only after 5% of its total or 5 s
     * have passed, so big transfers do not flood the log.
     */
    private boolean worthPrinting(VertexStatus st) {
        VertexStatus last = lastPrinted.get(st.getVertex() + "\0" + st.getID());
        if (last == null || st.hasCompleted()) {
            return true;
        }
        double progress = st.getTotal() > 0 ? (double) (st.getCurrent() - last.getCurrent()) / st.getTotal() : 0;
        long nanos = Trace.nanos(st.getTimestamp()) - Trace.nanos(last.getTimestamp());
        return progress >= 0.05 || nanos >= 5_000_000_000L;
    }

    static String statusLine(VertexStatus st) {
        StringBuilder line = new StringBuilder(st.getID());
        String amount = amount(st);
        if (!amount.isEmpty()) {
            line.append(' ').append(amount);
        }
        if (st.hasStarted()) {
            long end = Trace.nanos(st.hasCompleted() ? st.getCompleted() : st.getTimestamp());
            double seconds = (end - Trace.nanos(st.getStarted())) / 1e9;
            if (seconds > 0.01) {
                line.append(' ').append(GoFloat.fixed(seconds, 1)).append('s');
            }
        }
        if (st.hasCompleted()) {
            line.append(" done");
        }
        return line.toString();
    }

    /** How much a sub-progress moved, as plain and tty show it: {@code 1.23kB / 4.57MB}, {@code 106B} without a total, or empty. */
    static String amount(VertexStatus st) {
        if (st.getTotal() != 0) {
            return bytes(st.getCurrent()) + " / " + bytes(st.getTotal());
        }
        return st.getCurrent() != 0 ? bytes(st.getCurrent()) : "";
    }

    /** Decimal units as Go's tonistiigi/units prints them with {@code %.2f}: 106B, 1.23kB, 4.57MB. */
    static String bytes(long n) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        if (Math.abs(n) < 1000) {
            return n + "B";
        }
        double v = n;
        int i = 0;
        while (Math.abs(v) >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return GoFloat.fixed(v, 2) + units[i];
    }
}
