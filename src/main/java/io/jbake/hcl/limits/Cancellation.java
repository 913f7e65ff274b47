package io.jbake.hcl.limits;

import java.util.concurrent.CancellationException;

/**
 * Cancellation of a running evaluation. A command's evaluation runs on the command's own thread; whoever runs
 * the command (the jbake server when its client goes away, the in-process runner on Ctrl-C) interrupts that
 * thread, and the evaluator's loops (matrix expansion, for-expressions, function calls, template building)
 * call {@link #checkpoint} so that an evaluation of any size ends soon after. The thread's interrupt status is
 * left set, so a caller up the stack sees it too.
 */
public final class Cancellation {
    private Cancellation() {}

    /** Thrown by {@link #checkpoint} on an interrupted thread. */
    public static final class Cancelled extends CancellationException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("evaluation cancelled");
        }
    }

    /** Throws {@link Cancelled} when the current thread has been interrupted; otherwise returns at once. */
    public static void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Cancelled();
        }
    }
}
