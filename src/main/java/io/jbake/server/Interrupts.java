package io.jbake.server;

/**
 * Where a run hears of Ctrl-C: an interrupt runs the cancel action the run registered ({@code app.CommandInterrupt}:
 * its evaluation is cancelled, its running builds are cancelled at the daemon and sessions closed), and jbake
 * exits {@link #INTERRUPTED_EXIT} as buildx does. A run that has not ended its grace time ({@link #GRACE_MILLIS}
 * unless said) after an interrupt is given up ({@link #giveUp}), so jbake never hangs. For jbake run in-process
 * the interrupts are the JVM's SIGINT, SIGTERM and SIGHUP ({@link Signals}); for a run served by the jbake server
 * they are the ones its client passes on, and the loss of its client.
 */
public abstract class Interrupts {
    /** The exit code of a command ended by Ctrl-C (128 + SIGINT). */
    public static final int INTERRUPTED_EXIT = 130;

    static final long GRACE_MILLIS = 10_000;
    static final String GIVE_UP_MESSAGE =
            "ERROR: builds did not stop within " + GRACE_MILLIS / 1000 + "s of the interrupt";

    private final long graceMillis;

    Interrupts() {
        this(GRACE_MILLIS);
    }

    Interrupts(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /** Ends listening when closed. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code cancel} on every interrupt until the registration is closed; closing it also calls off a give-up
     * that is pending.
     */
    public final Registration onInterrupt(Runnable cancel) {
        Thread[] watchdog = new Thread[1];
        Registration listening = listen(() -> {
            synchronized (watchdog) {
                if (watchdog[0] == null) {
                    watchdog[0] = new Thread(
                            () -> {
                                try {
                                    Thread.sleep(graceMillis);
                                } catch (InterruptedException e) {
                                    return; // the run ended
                                }
                                giveUp();
                            },
                            "jbake-interrupt-watchdog");
                    watchdog[0].setDaemon(true);
                    watchdog[0].start();
                }
            }
            cancel.run();
        });
        return () -> {
            listening.close();
            synchronized (watchdog) {
                if (watchdog[0] != null) {
                    watchdog[0].interrupt();
                }
            }
        };
    }

    /**
     * Interrupts the thread of a command being cancelled. A runner whose command's thread writes to an
     * interruptible channel (which an interrupt closes) interrupts it only between writes.
     */
    public void interrupt(Thread thread) {
        thread.interrupt();
    }

    /** Calls {@code onInterrupt} on every interrupt until the registration is closed. */
    protected abstract Registration listen(Runnable onInterrupt);

    /** The run did not end within the grace time after an interrupt: end it with {@link #GIVE_UP_MESSAGE}. */
    protected abstract void giveUp();
}
