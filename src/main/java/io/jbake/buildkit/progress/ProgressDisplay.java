package io.jbake.buildkit.progress;

import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.buildkit.proto.VertexWarning;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the progress of one or more concurrent builds in one place, as {@code --progress} asks:
 * {@code plain} (buildx's plain log), {@code tty} (a live view redrawn in place), {@code quiet} (nothing),
 * {@code rawjson} (each status delta as one line of JSON, as buildx writes it), {@code auto} (tty on a terminal, plain otherwise).
 * After plain and tty output come the failed steps' logs and the build's warnings, as buildx prints them.
 *
 * <pre>{@code
 * try (ProgressDisplay display = ProgressDisplay.create("plain", System.err, false)) {
 *   client.build(appRequest, display.forBuild("app"));   // names shown as "[app 2/3] RUN ..."
 * }                                                      // close() prints the failed steps' last logs
 * }</pre>
 *
 * <p>Vertexes are keyed by digest across builds, so a step two targets share is shown once. Thread-safe.
 */
public final class ProgressDisplay implements AutoCloseable {

    private enum Mode {
        PLAIN,
        TTY,
        QUIET,
        RAWJSON
    }

    /** buildx refreshes its plain display every 150 ms, its live view at most every 100 ms. */
    private static final long TICK_MILLIS = 150;

    private static final long TTY_TICK_MILLIS = 100;

    private final Mode mode;
    private final PrintStream out;
    private final Trace trace;
    private final PlainPrinter plain;
    private final TtyPrinter tty;
    private final ScheduledExecutorService ticker;
    /** Which build's logs a shared vertex shows, by vertex digest. */
    private final Map<String, Object> logOwners = new HashMap<>();
    /**
     * Every distinct warning of every build, the first received of each, in the order received; keyed by the
     * warning without its vertex and source definition, as buildx tells warnings apart (a warning several
     * targets raise is one).
     */
    private final Map<VertexWarning, VertexWarning> warnings = new LinkedHashMap<>();

    private boolean closed;

    private ProgressDisplay(Mode mode, PrintStream out, TtyPrinter tty, String builder) {
        this.mode = mode;
        this.out = out;
        this.trace = new Trace(mode == Mode.TTY);
        this.plain = mode == Mode.PLAIN ? new PlainPrinter(out, plainDescription(builder)) : null;
        this.tty = tty;
        if (mode == Mode.PLAIN || mode == Mode.TTY) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jbake-progress");
                t.setDaemon(true);
                return t;
            });
            long tick = mode == Mode.TTY ? TTY_TICK_MILLIS : TICK_MILLIS;
            ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /**
     * Prints what changed since the last tick; the live view is redrawn at every tick, as its times run.
     * Like buildx, plain output is batched: a vertex that completes and is reported again (cached,
     * restarted) within one tick is printed once.
     */
    private synchronized void tick() {
        if (closed) {
            return;
        }
        if (mode == Mode.TTY) {
            if (!trace.started.isEmpty()) {
                tty.print(trace, false);
            }
        } else if (!trace.updated.isEmpty()) {
            plain.print(trace, false);
        }
    }

    /**
     * @param mode {@code auto}, {@code plain}, {@code tty}, {@code quiet} or {@code rawjson}
     * @param out where to write (buildx writes progress to stderr)
     * @param terminal whether {@code out} is a terminal, which {@code auto} follows
     * @throws IllegalArgumentException for another mode, with a message for people
     */
    public static ProgressDisplay create(String mode, PrintStream out, boolean terminal) {
        return create(mode, out, terminal ? TerminalDevice.ofStderr() : Optional.empty(), System.getenv(), "");
    }

    /**
     * As {@link #create(String, PrintStream, boolean)}, reading what buildx reads from the environment:
     * {@code BUILDKIT_PROGRESS} (the mode when {@code mode} is {@code auto}), and for the live view
     * {@code NO_COLOR}, {@code BUILDKIT_COLORS}, {@code BUILDKIT_TTY_LOG_LINES}, and {@code COLUMNS}/{@code LINES}
     * when the terminal does not tell its size.
     *
     * @param terminal the terminal {@code out} writes to, if it is one
     * @param builder what the live view's header shows at its right, as buildx shows its builder
     *     ({@code docker:default}: driver and name), or empty
     * @throws IllegalArgumentException for another mode, or {@code tty} without a terminal (as buildx refuses it)
     */
    public static ProgressDisplay create(
            String mode, PrintStream out, Optional<TerminalDevice> terminal, Map<String, String> env, String builder) {
        String asked = mode.toLowerCase(Locale.ROOT);
        String fromEnv = env.getOrDefault("BUILDKIT_PROGRESS", "");
        if (asked.equals("auto") && !fromEnv.isEmpty()) {
            asked = fromEnv.toLowerCase(Locale.ROOT);
        }
        Mode m = switch (asked) {
            case "auto", "" -> terminal.isPresent() ? Mode.TTY : Mode.PLAIN;
            case "plain" -> Mode.PLAIN;
            case "tty" -> Mode.TTY;
            case "quiet", "none" -> Mode.QUIET;
            case "rawjson" -> Mode.RAWJSON;
            // buildx's words, with the mode as given
            default ->
                throw new IllegalArgumentException(
                        "invalid progress mode " + (mode.equalsIgnoreCase("auto") ? fromEnv : mode));
        };
        if (m == Mode.TTY && terminal.isEmpty()) {
            throw new IllegalArgumentException("failed to get console: provided file is not a console");
        }
        TtyPrinter tty = null;
        if (m == Mode.TTY) {
            tty = new TtyPrinter(
                    out,
                    Terminal.on(terminal.get(), env),
                    TtyPrinter.Colors.fromEnvironment(env),
                    logLines(env),
                    builder);
        }
        return new ProgressDisplay(m, out, tty, builder);
    }

    /** A live view drawn into {@code out} as on a terminal of the given size (for tests). */
    static ProgressDisplay tty(PrintStream out, int width, int height, TtyPrinter.Colors colors, String builder) {
        return new ProgressDisplay(
                Mode.TTY,
                out,
                new TtyPrinter(out, Terminal.fixed(width, height), colors, TtyPrinter.LOG_LINES, builder),
                builder);
    }

    /** {@code building with "default" instance using docker driver} for {@code docker:default}, as buildx words it. */
    private static String plainDescription(String builder) {
        int colon = builder.indexOf(':');
        return colon < 0
                ? ""
                : "building with \"" + builder.substring(colon + 1) + "\" instance using " + builder.substring(0, colon)
                        + " driver";
    }

    private static int logLines(Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("BUILDKIT_TTY_LOG_LINES", ""));
        } catch (NumberFormatException e) {
            return TtyPrinter.LOG_LINES;
        }
    }

    /**
     * The listener for one build.
     *
     * @param prefix the bake target name to put into step names when several targets share the display
     *     ({@code [app 2/3] RUN ...}), or null for a lone build
     */
    public ProgressListener forBuild(String prefix) {
        Object build = new Object();
        return new ProgressListener() {
            @Override
            public void status(StatusResponse status) {
                update(status, prefix, build);
            }

            @Override
            public void finished() {
                releaseLogs(build);
            }
        };
    }

    /**
     * One line of a step done on this machine: {@code reading docker-bake.hcl 21B / 21B}.
     *
     * @param current bytes done, not shown when 0
     * @param total bytes in all, not shown when 0
     */
    public record LocalProgress(String id, long current, long total) {}

    /**
     * Shows a step done on this machine, as buildx shows the reading of the bake definition files before the
     * builds' steps ({@code [internal] load local bake definitions} with a line {@code reading <name> ...} per
     * file). Like buildx's, the live view draws the step running at once, as it was when it started.
     *
     * @param lines the step's lines, in order
     */
    public synchronized void localStep(String name, Instant started, Instant completed, List<LocalProgress> lines) {
        localStep(name, started, completed, lines, List.of());
    }

    /**
     * Shows a step done on this machine with log lines (stdout of the step), as a buildx step that writes its
     * findings to the step's log ({@code [internal] target results}).
     *
     * @param logs the step's log lines, in order, without their line ends
     */
    public synchronized void localStep(
            String name, Instant started, Instant completed, List<LocalProgress> lines, List<String> logs) {
        if (closed || mode == Mode.QUIET) {
            return;
        }
        String digest = String.format("sha256:%064x", System.nanoTime());
        Vertex.Builder vertex =
                Vertex.newBuilder().setDigest(digest).setName(name).setStarted(timestamp(started));
        if (mode == Mode.TTY) {
            trace.applyLocal(StatusResponse.newBuilder().addVertexes(vertex).build());
            tty.draw(trace, false, Trace.nanos(timestamp(started)));
        }
        StatusResponse.Builder status =
                StatusResponse.newBuilder().addVertexes(vertex.setCompleted(timestamp(completed)));
        for (LocalProgress line : lines) {
            status.addStatuses(VertexStatus.newBuilder()
                    .setVertex(digest)
                    .setID(line.id())
                    .setCurrent(line.current())
                    .setTotal(line.total())
                    .setTimestamp(timestamp(completed))
                    .setStarted(timestamp(started))
                    .setCompleted(timestamp(completed)));
        }
        for (String log : logs) {
            status.addLogs(VertexLog.newBuilder()
                    .setVertex(digest)
                    .setStream(1)
                    .setTimestamp(timestamp(completed))
                    .setMsg(com.google.protobuf.ByteString.copyFromUtf8(log + "\n")));
        }
        if (mode == Mode.RAWJSON) {
            out.println(RawJsonPrinter.line(status.build()));
        } else {
            trace.applyLocal(status.build());
            if (mode == Mode.PLAIN) {
                // at once, not at the next tick: a build's first step, arriving meanwhile, would be printed first
                // when it completed earlier by the daemon's clock
                plain.print(trace, false);
            }
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    /**
     * As buildx does, a step two builds share (same digest) shows the logs of the first build that logs
     * for it, until that build ends, rather than the same lines twice.
     */
    private synchronized StatusResponse ownLogsOnly(StatusResponse status, Object build) {
        if (status.getLogsCount() == 0) {
            return status;
        }
        StatusResponse.Builder kept = status.toBuilder().clearLogs();
        for (VertexLog log : status.getLogsList()) {
            if (logOwners.computeIfAbsent(log.getVertex(), d -> build) == build) {
                kept.addLogs(log);
            }
        }
        return kept.build();
    }

    private synchronized void releaseLogs(Object build) {
        logOwners.values().removeIf(owner -> owner == build);
    }

    private synchronized void update(StatusResponse received, String prefix, Object build) {
        if (closed) {
            return;
        }
        for (VertexWarning w : received.getWarningsList()) {
            VertexWarning.Builder key = w.toBuilder().clearVertex();
            if (key.hasInfo()) {
                key.getInfoBuilder().clearDefinition();
            }
            warnings.putIfAbsent(key.build(), w);
        }
        StatusResponse status = ownLogsOnly(received, build);
        switch (mode) {
            case QUIET -> {}
            case RAWJSON -> out.println(RawJsonPrinter.line(status));
            case PLAIN, TTY -> trace.apply(status, prefix); // printed by the ticker
        }
    }

    /**
     * Ends the display: the tty view is drawn a last time, and in plain and tty modes every failed step
     * is summarised with its log lines (the last ten in plain mode, all under the live view), as buildx does
     * before its {@code ERROR:} line, then the warnings are listed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (mode == Mode.PLAIN) {
            plain.print(trace, true);
        } else if (mode == Mode.TTY && !trace.started.isEmpty()) {
            tty.print(trace, true); // nothing drawn when nothing started (the bake failed before building)
        }
        if (mode == Mode.PLAIN || mode == Mode.TTY) {
            for (Trace.Step s : trace.started) {
                if (!s.error.isEmpty() && !s.isCanceled()) {
                    out.println("------");
                    out.println(" > " + s.name + ":");
                    (mode == Mode.TTY ? s.allLines : s.lastLines).forEach(out::println);
                    out.println("------");
                }
            }
            printWarnings();
        }
        out.flush();
    }

    /**
     * The builds' distinct warnings ({@link #warnings}) as a JSON array, the way buildx writes its
     * {@code []client.VertexWarning} into {@code --metadata-file} (compact; without the source definitions), or
     * empty when there are none. Whatever the mode, quiet included.
     */
    public synchronized Optional<String> warningsJson() {
        return warnings.isEmpty() ? Optional.empty() : Optional.of(RawJsonPrinter.warnings(warnings.values()));
    }

    /**
     * The last log lines of the step of vertex {@code digest} (at most {@value Trace#KEPT_LOG_LINES}, each after its
     * time as the failure summary prints it), as plain and tty modes keep them for that summary; empty in the other
     * modes, which keep no logs, and for a vertex not seen.
     */
    public synchronized List<String> lastLogLines(String digest) {
        Trace.Step step = trace.steps.get(digest);
        if (step == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(step.lastLines);
        if (step.partialLine.length() > 0) {
            lines.add(step.partialLine.toString());
        }
        return lines.subList(Math.max(0, lines.size() - Trace.KEPT_LOG_LINES), lines.size());
    }

    /** buildx's list after the build: yellow count, then each warning's short text (details need --debug). */
    private void printWarnings() {
        int count = warnings.size();
        if (count == 0) {
            return;
        }
        out.print("\n \033[33m" + count + (count == 1 ? " warning" : " warnings")
                + " found (use docker --debug to expand):\n\033[0m");
        for (VertexWarning w : warnings.values()) {
            out.print(" - " + w.getShort().toString(StandardCharsets.UTF_8) + "\n");
        }
    }
}
