package io.jbake.buildkit.progress;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.buildkit.proto.VertexWarning;
import io.jbake.go.GoFloat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of every vertex seen so far, across all builds of one display (the same vertex digest in
 * two builds is one vertex, as in buildx), and which of them changed since the last print.
 */
final class Trace {

    /** How many log lines per vertex are kept for the error summary. */
    static final int KEPT_LOG_LINES = 10;

    static final class Step {
        final String digest;
        String name;
        int index; // 0 until printed
        boolean cached;
        String error = "";
        Timestamp started;
        Timestamp completed;
        /** Each run's start to its completion (null while running), in nanoseconds: a vertex may run twice. */
        final Map<Long, Long> intervals = new TreeMap<>();

        final Map<String, VertexStatus> statuses = new LinkedHashMap<>();
        /** Ids of {@link #statuses} in the order they started, the order the live view lists them in. */
        final List<String> startedStatuses = new ArrayList<>();

        final Set<String> updatedStatuses = new LinkedHashSet<>();
        final List<String> pendingLines = new ArrayList<>();
        final StringBuilder partialLine = new StringBuilder();
        final Deque<String> lastLines = new ArrayDeque<>();
        final List<String> pendingWarnings = new ArrayList<>();
        /** Every warning's short text, for the live view. */
        final List<String> warnings = new ArrayList<>();
        /** Every log line, kept only for the live view's error summary (buildx prints them all there). */
        final List<String> allLines = new ArrayList<>();
        /** The live view's screen of this step's output, and how much was written into it. */
        LogScreen screen;

        long screenBytes;
        /** How many times the live view showed {@link #screen}. */
        int screenShown;

        boolean keepsAllLines;
        /** For the step of a progress group: its member vertexes by digest, as last reported; else null. */
        Map<String, Vertex> members;
        /** A progress group none of whose members that count has started yet: not shown, not counted. */
        boolean hidden;
        /** {@link System#nanoTime()} of the oldest change not printed yet, or 0. */
        long pendingSince;
        /** {@link System#nanoTime()} when the plain printer last printed this vertex. */
        long lastPrinted;

        Step(String digest) {
            this.digest = digest;
        }

        boolean isStarted() {
            return started != null;
        }

        boolean isCompleted() {
            return completed != null;
        }

        /** Whether the vertex failed because its build was cancelled, which buildx shows as CANCELED, not as an error. */
        boolean isCanceled() {
            return error.endsWith("context canceled");
        }

        /** The time the vertex ran, overlapping runs counted once. */
        long runNanos() {
            long total = 0;
            long coveredUntil = Long.MIN_VALUE;
            for (Map.Entry<Long, Long> run : intervals.entrySet()) {
                if (run.getValue() == null) {
                    continue;
                }
                long from = Math.max(run.getKey(), coveredUntil);
                if (run.getValue() > from) {
                    total += run.getValue() - from;
                    coveredUntil = run.getValue();
                }
            }
            return total;
        }
    }

    final Map<String, Step> steps = new LinkedHashMap<>();
    /** Steps in the order they first started, the order buildx's live view lists them in. */
    final List<Step> started = new ArrayList<>();

    final Set<String> updated = new LinkedHashSet<>();
    /** The first vertex's start (daemon clock), where the live view's elapsed time counts from. */
    Timestamp startTime;
    /**
     * This machine's clock minus the daemon's, measured when the daemon's first started vertex arrives
     * ({@link #clocksMeasured} from then on): the live view shows times running on this machine's clock.
     */
    long localTimeDiff;

    boolean clocksMeasured;
    private final boolean liveView;
    /** Width of the log screens of the live view; set by the live view as the terminal's width changes. */
    int screenWidth = Terminal.DEFAULT_WIDTH;

    int screenHeight = TtyPrinter.LOG_LINES;

    Trace() {
        this(false);
    }

    /** @param liveView whether to keep what only the live view shows (log screens, every log line) */
    Trace(boolean liveView) {
        this.liveView = liveView;
    }

    /** Applies one status delta; {@code prefix} (a bake target name) is put into vertex names, or null. */
    void apply(StatusResponse status, String prefix) {
        Set<Step> groups = new LinkedHashSet<>();
        for (Vertex v : status.getVertexesList()) {
            if (startTime == null && v.hasStarted()) {
                startTime = v.getStarted();
            }
            if (v.hasProgressGroup()) {
                groups.add(joinGroup(v, prefix));
                continue;
            }
            Step s = steps.computeIfAbsent(v.getDigest(), this::newStep);
            String name = prefixed(v.getName(), prefix);
            if (!v.hasStarted()) {
                // a vertex that has not started yet, or a repeat of one that has: nothing to show or keep
                if (s.name == null) {
                    s.name = name;
                }
                continue;
            }
            boolean changed = !name.equals(s.name)
                    || !v.getStarted().equals(s.started)
                    || v.hasCompleted()
                    || v.getCached() != s.cached
                    || !v.getError().equals(s.error);
            if (s.started == null) {
                started.add(s);
                measureClocks(v.getStarted());
            }
            s.name = name;
            s.cached = v.getCached();
            s.error = v.getError();
            s.started = v.getStarted();
            s.completed = v.hasCompleted() ? v.getCompleted() : null;
            s.intervals.put(nanos(v.getStarted()), v.hasCompleted() ? nanos(v.getCompleted()) : null);
            if (changed) {
                touch(s);
            }
        }
        groups.forEach(this::refreshGroup);
        for (VertexStatus vs : status.getStatusesList()) {
            Step s = steps.get(vs.getVertex());
            if (s == null) {
                continue;
            }
            VertexStatus previous = s.statuses.put(vs.getID(), vs);
            if (vs.hasStarted() && (previous == null || !previous.hasStarted())) {
                s.startedStatuses.add(vs.getID());
            }
            s.updatedStatuses.add(vs.getID());
            touch(s);
        }
        for (VertexLog log : status.getLogsList()) {
            Step s = steps.get(log.getVertex());
            if (s == null) {
                continue;
            }
            addLog(s, log);
            touch(s);
        }
        for (VertexWarning w : status.getWarningsList()) {
            Step s = steps.get(w.getVertex());
            if (s == null) {
                continue;
            }
            String text = w.getShort().toString(StandardCharsets.UTF_8);
            s.pendingWarnings.add(text);
            s.warnings.add(text);
            touch(s);
        }
    }

    /**
     * A vertex of a progress group (the steps of {@code COPY --link}) is shown as one step with the group's
     * name, as buildx shows it: its runs are the members' runs, it is cached when every member is, failed
     * when one failed, and it shows once a member that is not weak has started. The members' digests all
     * name the group's step (their statuses and logs are the group's; the header counts it once for each,
     * as buildx does).
     */
    private Step joinGroup(Vertex v, String prefix) {
        String id = v.getProgressGroup().getId();
        Step group = steps.get(id);
        if (group == null || group.members == null) {
            group = newStep(id);
            group.members = new LinkedHashMap<>();
            group.hidden = true;
            steps.put(id, group);
        }
        group.name = prefixed(v.getProgressGroup().getName(), prefix);
        group.members.put(v.getDigest(), v);
        steps.put(v.getDigest(), group);
        return group;
    }

    private void refreshGroup(Step group) {
        boolean wasHidden = group.hidden;
        Map<Long, Long> intervals = new TreeMap<>();
        boolean cached = true;
        String error = "";
        for (Vertex member : group.members.values()) {
            if (member.hasStarted()) {
                intervals.put(nanos(member.getStarted()), member.hasCompleted() ? nanos(member.getCompleted()) : null);
                group.hidden &= member.getProgressGroup().getWeak();
                if (group.started == null || nanos(member.getStarted()) < nanos(group.started)) {
                    group.started = member.getStarted();
                }
            }
            cached &= member.getCached();
            if (error.isEmpty()) {
                error = member.getError();
            }
        }
        boolean changed = !intervals.equals(group.intervals) || cached != group.cached || !error.equals(group.error);
        group.intervals.clear();
        group.intervals.putAll(intervals);
        group.cached = cached;
        group.error = error;
        group.completed = null;
        if (!intervals.isEmpty() && !intervals.containsValue(null)) {
            Vertex last = group.members.values().stream()
                    .filter(Vertex::hasCompleted)
                    .max(Comparator.comparingLong(m -> nanos(m.getCompleted())))
                    .orElseThrow();
            group.completed = last.getCompleted();
        }
        if (group.hidden) {
            return;
        }
        if (wasHidden) {
            started.add(group);
            measureClocks(group.started);
            changed = true;
        }
        if (changed) {
            touch(group);
        }
    }

    /**
     * Applies a status delta about a step of this process's own (on this machine's clock, and possibly
     * reported after it ended): it does not set {@link #localTimeDiff}, which the daemon's first step sets.
     */
    void applyLocal(StatusResponse status) {
        boolean measured = clocksMeasured;
        clocksMeasured = true;
        apply(status, null);
        clocksMeasured = measured;
    }

    private void measureClocks(Timestamp daemonStart) {
        if (!clocksMeasured) {
            clocksMeasured = true;
            localTimeDiff = wallNanos() - nanos(daemonStart);
        }
    }

    private Step newStep(String digest) {
        Step s = new Step(digest);
        s.keepsAllLines = liveView;
        return s;
    }

    /** Now, on this machine's clock, in nanoseconds since the epoch (the daemon's timestamps' unit). */
    static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void touch(Step s) {
        updated.add(s.digest);
        if (s.pendingSince == 0) {
            s.pendingSince = System.nanoTime();
        }
    }

    /**
     * Log chunks are not line-aligned: lines are completed here and stamped with seconds since the start,
     * with three decimals under 10 s, two under 100 s, one beyond, as buildx stamps them.
     */
    private void addLog(Step s, VertexLog log) {
        String text = log.getMsg().toString(StandardCharsets.UTF_8);
        if (liveView) {
            if (s.screen == null) {
                s.screen = new LogScreen(screenHeight, screenWidth);
            }
            s.screen.write(text);
            s.screenBytes += log.getMsg().size();
        }
        double seconds = s.started == null ? 0 : (nanos(log.getTimestamp()) - nanos(s.started)) / 1e9;
        int from = 0;
        while (from <= text.length()) {
            int nl = text.indexOf('\n', from);
            String piece = nl < 0 ? text.substring(from) : text.substring(from, nl);
            if (s.partialLine.length() == 0 && (nl >= 0 || !piece.isEmpty())) {
                seconds = Math.max(0, seconds);
                s.partialLine
                        .append(GoFloat.fixed(seconds, seconds < 10 ? 3 : seconds < 100 ? 2 : 1))
                        .append(' ');
            }
            s.partialLine.append(piece);
            if (nl < 0) {
                break;
            }
            completeLine(s);
            from = nl + 1;
        }
    }

    static void completeLine(Step s) {
        if (s.partialLine.length() == 0) {
            return;
        }
        String line = s.partialLine.toString();
        s.partialLine.setLength(0);
        s.pendingLines.add(line);
        if (s.keepsAllLines) {
            s.allLines.add(line);
        }
        s.lastLines.addLast(line);
        if (s.lastLines.size() > KEPT_LOG_LINES) {
            s.lastLines.removeFirst();
        }
    }

    /**
     * buildx bake's naming when several targets share a display: {@code [app 2/3] RUN ...} from
     * {@code [2/3] RUN ...}, {@code [app] exporting to image} from {@code exporting to image}.
     */
    static String prefixed(String name, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return name;
        }
        return name.startsWith("[") ? "[" + prefix + " " + name.substring(1) : "[" + prefix + "] " + name;
    }

    static long nanos(Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }
}
