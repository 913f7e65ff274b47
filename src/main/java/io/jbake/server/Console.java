package io.jbake.server;

import io.jbake.buildkit.progress.TerminalDevice;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one jbake run gets from where it was started, besides its arguments, environment and working directory:
 * its standard streams, the terminal its stderr is (where {@code --progress=auto} draws the live view), and
 * its Ctrl-C. In-process these are the JVM's own; for a run served by the jbake server, its client's.
 */
public record Console(
        InputStream stdin,
        PrintStream out,
        PrintStream err,
        Optional<TerminalDevice> errTerminal,
        Interrupts interrupts) {

    /** Streams that are not a terminal, with this JVM's signals: jbake run in-process by a test or a program. */
    public static Console of(InputStream stdin, PrintStream out, PrintStream err) {
        return new Console(stdin, out, err, Optional.empty(), Signals.PROCESS);
    }

    /** A stream as jbake's standard streams are: UTF-8, buffered, flushed at each line and each write. */
    public static PrintStream utf8(OutputStream out) {
        return new PrintStream(new BufferedOutputStream(out, 8192), true, StandardCharsets.UTF_8);
    }
}
