package io.jbake.buildkit.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A terminal the live view may draw on: its device, whose size is asked of {@code stty}, and where news of
 * its resizes comes from. For jbake run in-process that is this process's stderr and its {@code SIGWINCH};
 * for a run served by the jbake server it is the client's stderr, whose resizes the client passes on.
 *
 * @param path the device ({@code /dev/pts/3})
 * @param resizes takes the action to run whenever the terminal is resized
 */
public record TerminalDevice(Path path, Consumer<Runnable> resizes) {

    /**
     * This process's stderr, when it is a terminal: read from {@code /proc/self/fd/2} (one {@code readlink}, no
     * process started), since {@link System#console()} answers for stdin and stdout, not stderr, where buildx
     * draws; off Linux {@link System#console()} is the best guess left, and {@code /dev/tty} its device.
     */
    public static Optional<TerminalDevice> ofStderr() {
        return stderrPath().map(path -> new TerminalDevice(path, TerminalDevice::onWindowChange));
    }

    /** The device of this process's stderr when it is a terminal, else empty. */
    public static Optional<Path> stderrPath() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console")
                    ? Optional.of(target)
                    : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null ? Optional.of(Path.of("/dev/tty")) : Optional.empty();
        }
    }

    /** Runs {@code action} on every {@code SIGWINCH} this process gets, where the platform has that signal. */
    public static void onWindowChange(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGWINCH here: the size read first is kept
        }
    }
}
