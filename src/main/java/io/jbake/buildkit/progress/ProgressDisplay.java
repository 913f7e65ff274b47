package io.jbake.buildkit.progress;

import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.VertexLog;
import java.util.HashMap;
import java.util.Map;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the progress of one or more concurrent builds in one place, as {@code --progress} asks:
 * {@code plain} (buildx's plain log), {@code tty} (a live view redrawn in place), {@code quiet} (nothing),
 * {@code rawjson} (each status delta as one line of JSON, as buildx writes it), {@code auto} (tty on a terminal, plain otherwise).
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

  private enum Mode { PLAIN, TTY, QUIET, RAWJSON }

  /** buildx refreshes its display every 150 ms. */
  private static final long TICK_MILLIS = 150;

  private final Mode mode;
  private final PrintStream out;
  private final Trace trace = new Trace();
  private final PlainPrinter plain;
  private final TtyPrinter tty;
  private final ScheduledExecutorService ticker;
  /** Which build's logs a shared vertex shows, by vertex digest. */
  private final Map<String, Object> logOwners = new HashMap<>();
  private boolean closed;

  private ProgressDisplay(Mode mode, PrintStream out) {
    this.mode = mode;
    this.out = out;
    this.plain = mode == Mode.PLAIN ? new PlainPrinter(out) : null;
    this.tty = mode == Mode.TTY ? new TtyPrinter(out) : null;
    if (mode == Mode.PLAIN || mode == Mode.TTY) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jbake-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /**
   * Prints what changed since the last tick. Like buildx, plain output is batched: a vertex that
   * completes and is reported again (cached, restarted) within one tick is printed once.
   */
  private synchronized void tick() {
    if (closed || trace.updated.isEmpty()) {
      return;
    }
    if (mode == Mode.PLAIN) {
      plain.print(trace, false);
    } else {
      tty.print(trace, false);
    }
  }

  /**
   * @param mode {@code auto}, {@code plain}, {@code tty}, {@code quiet} or {@code rawjson}
   * @param out where to write (buildx writes progress to stderr)
   * @param terminal whether {@code out} is a terminal, which {@code auto} follows
   * @throws IllegalArgumentException for another mode, with a message for people
   */
  public static ProgressDisplay create(String mode, PrintStream out, boolean terminal) {
    Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
      case "auto", "" -> terminal ? Mode.TTY : Mode.PLAIN;
      case "plain" -> Mode.PLAIN;
      case "tty" -> Mode.TTY;
      case "quiet", "none" -> Mode.QUIET;
      case "rawjson" -> Mode.RAWJSON;
      default -> throw new IllegalArgumentException("invalid progress mode \"" + mode
          + "\": use auto, plain, tty, quiet or rawjson");
    };
    return new ProgressDisplay(m, out);
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
    StatusResponse status = ownLogsOnly(received, build);
    switch (mode) {
      case QUIET -> { }
      case RAWJSON -> out.println(RawJsonPrinter.line(status));
      case PLAIN -> trace.apply(status, prefix); // printed by the ticker
      case TTY -> trace.apply(status, prefix);
    }
  }

  /**
   * Ends the display: the tty view is drawn a last time, and in plain and tty modes every failed step
   * is summarised with its last log lines, as buildx does before its {@code ERROR:} line.
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
    } else if (mode == Mode.TTY) {
      tty.print(trace, true);
    }
    if (mode == Mode.PLAIN || mode == Mode.TTY) {
      for (Trace.Step s : trace.steps.values()) {
        if (!s.error.isEmpty() && !s.error.endsWith("context canceled")) {
          out.println("------");
          out.println(" > " + s.name + ":");
          s.lastLines.forEach(out::println);
          out.println("------");
        }
      }
    }
    out.flush();
  }
}
