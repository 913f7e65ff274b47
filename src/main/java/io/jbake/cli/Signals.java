package io.jbake.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and {@code kill}: SIGINT and SIGTERM run a cancel action instead of killing the JVM at once, so
 * running builds are cancelled at the daemon and sessions closed; jbake then exits 130 as buildx does.
 * A cancel that does not end the process within {@link #GRACE_MILLIS} halts it, so jbake never hangs.
 */
final class Signals {
  /** The exit code of a command ended by Ctrl-C (128 + SIGINT). */
  static final int INTERRUPTED_EXIT = 130;
  private static final long GRACE_MILLIS = 10_000;

  private Signals() {}

  /** Restores the previous handlers when closed. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  static Registration onInterrupt(Runnable cancel) {
    SignalHandler handler = signal -> {
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(GRACE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        System.err.println("ERROR: builds did not stop within " + GRACE_MILLIS / 1000 + "s of the interrupt");
        Runtime.getRuntime().halt(INTERRUPTED_EXIT);
      }, "jbake-interrupt-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      cancel.run();
    };
    SignalHandler previousInt = Signal.handle(new Signal("INT"), handler);
    SignalHandler previousTerm = Signal.handle(new Signal("TERM"), handler);
    return () -> {
      Signal.handle(new Signal("INT"), previousInt);
      Signal.handle(new Signal("TERM"), previousTerm);
    };
  }
}
