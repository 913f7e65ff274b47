package io.jbake.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The interrupts of jbake run in-process: this JVM's SIGINT and SIGTERM; giving up halts the JVM. */
final class Signals extends Interrupts {
  static final Signals PROCESS = new Signals();

  private Signals() {}

  @Override
  protected Registration listen(Runnable onInterrupt) {
    SignalHandler handler = signal -> onInterrupt.run();
    SignalHandler previousInt = Signal.handle(new Signal("INT"), handler);
    SignalHandler previousTerm = Signal.handle(new Signal("TERM"), handler);
    return () -> {
      Signal.handle(new Signal("INT"), previousInt);
      Signal.handle(new Signal("TERM"), previousTerm);
    };
  }

  @Override
  protected void giveUp() {
    System.err.println(GIVE_UP_MESSAGE);
    System.err.flush();
    Runtime.getRuntime().halt(INTERRUPTED_EXIT);
  }
}
