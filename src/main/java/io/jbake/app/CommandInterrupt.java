package io.jbake.app;

import io.jbake.server.Interrupts;
import java.util.concurrent.CancellationException;

/**
 * What an interrupt (Ctrl-C, the client's SIGTERM or SIGHUP, the client gone) does to one running command:
 * while the command evaluates its definition it interrupts the command's thread, so the evaluator's next
 * {@link io.jbake.hcl.limits.Cancellation#checkpoint} ends it (as a read of stdin waiting in the server); once the
 * command builds, it cancels the builds at the daemon instead, as before.
 *
 * <p>The thread is not interrupted while it builds: there it only waits for the builds (which are cancelled
 * through their own threads) and then ends the progress display, closes the daemon connection (whose waits an
 * interrupt cuts short, leaving its threads behind) and writes {@code --metadata-file} (a file channel an
 * interrupt closes); none of that is what a cancelled build should skip.
 */
public final class CommandInterrupt implements Runnable {
    private final Thread thread;
    private final Interrupts interrupts;
    private Runnable cancelBuild;
    private boolean cancelled;

    /** For the command running on the current thread, whose interrupts come from {@code interrupts}. */
    public CommandInterrupt(Interrupts interrupts) {
        this.thread = Thread.currentThread();
        this.interrupts = interrupts;
    }

    @Override
    public synchronized void run() {
        cancelled = true;
        if (cancelBuild != null) {
            cancelBuild.run();
        } else {
            interrupts.interrupt(thread);
        }
    }

    /** Whether the command was interrupted: however it then ends, it ends as an interrupted command. */
    synchronized boolean cancelled() {
        return cancelled;
    }

    /**
     * The command starts building: from now on an interrupt runs {@code cancel}. Called on the command's thread.
     *
     * @throws CancellationException when the command was interrupted already (nothing must be built)
     */
    synchronized void building(Runnable cancel) {
        if (cancelled) {
            throw new CancellationException("interrupted before the build");
        }
        cancelBuild = cancel;
    }
}
