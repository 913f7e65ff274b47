package io.jbake.buildkit.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A live view for terminals, redrawn in place with ANSI cursor movement: a header with the elapsed time
 * and the count of finished steps, one line per step with its state and time, and the last log lines
 * of running steps. Redraws at most ten times a second.
 */
final class TtyPrinter {

  private static final int MAX_STEPS = 30;
  private static final int LOG_LINES_PER_RUNNING_STEP = 3;
  private static final long MIN_REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final long start = System.nanoTime();
  private int drawnLines;
  private long lastDraw;

  TtyPrinter(PrintStream out) {
    this.out = out;
  }

  void print(Trace trace, boolean last) {
    long now = System.nanoTime();
    if (!last && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    trace.updated.clear();
    List<String> lines = new ArrayList<>();
    List<Trace.Step> shown = new ArrayList<>();
    int done = 0;
    for (Trace.Step s : trace.started) {
      if (s.hidden) {
        continue;
      }
      shown.add(s);
      if (s.isCompleted()) {
        done++;
      }
    }
    lines.add(String.format("[+] Building %.1fs (%d/%d)%s", (now - start) / 1e9, done, shown.size(),
        last ? " FINISHED" : ""));
    int from = Math.max(0, shown.size() - MAX_STEPS);
    for (Trace.Step s : shown.subList(from, shown.size())) {
      String state = !s.error.isEmpty() ? "ERROR " : s.cached ? "CACHED " : "";
      double seconds = s.isCompleted() ? s.runNanos() / 1e9 : s.started == null ? 0
          : Math.max(0, (System.currentTimeMillis() * 1_000_000L - Trace.nanos(s.started)) / 1e9);
      lines.add(" => " + state + s.name + String.format(" %.1fs", seconds));
      if (!s.isCompleted()) {
        List<String> recent = new ArrayList<>(s.lastLines);
        for (String l : recent.subList(Math.max(0, recent.size() - LOG_LINES_PER_RUNNING_STEP), recent.size())) {
          lines.add(" => => # " + l);
        }
      }
      s.pendingLines.clear();
      s.updatedStatuses.clear();
      s.pendingWarnings.clear();
    }
    StringBuilder frame = new StringBuilder();
    if (drawnLines > 0) {
      frame.append("\033[").append(drawnLines).append('A');
    }
    for (String l : lines) {
      frame.append("\033[2K").append(l).append('\n');
    }
    for (int i = lines.size(); i < drawnLines; i++) {
      frame.append("\033[2K\n");
    }
    drawnLines = Math.max(drawnLines, lines.size());
    out.print(frame);
    out.flush();
  }
}
