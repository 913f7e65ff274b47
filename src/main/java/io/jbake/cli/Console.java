package io.jbake.cli;

import io.jbake.buildkit.progress.TerminalDevice;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Optional;

/**
 * What one jbake run gets from where it was started, besides its arguments, environment and working directory:
 * its standard streams, the terminal its stderr is (where {@code --progress=auto} draws the live view), and
 * its Ctrl-C. In-process these are the JVM's own; for a run served by the jbake server, its client's.
 */
record Console(InputStream stdin, PrintStream out, PrintStream err, Optional<TerminalDevice> errTerminal,
    Interrupts interrupts) {

  /** Streams that are not a terminal, with this JVM's signals: jbake run in-process by a test or a program. */
  static Console of(InputStream stdin, PrintStream out, PrintStream err) {
    return new Console(stdin, out, err, Optional.empty(), Signals.PROCESS);
  }
}
