package io.jbake.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The interrupts of jbake run in-process: this JVM's SIGINT, SIGTERM and SIGHUP (its terminal closed); giving
 * up halts the JVM. A signal the JVM was started to ignore ({@code nohup}) stays ignored.
 */
public final class Signals extends Interrupts {
    public static final Signals PROCESS = new Signals();

    private Signals() {}

    @Override
    protected Registration listen(Runnable onInterrupt) {
        SignalHandler handler = signal -> onInterrupt.run();
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal signal = new Signal(name);
            SignalHandler before = Signal.handle(signal, handler);
            if (before == SignalHandler.SIG_IGN) {
                Signal.handle(signal, before);
            }
            previous.put(signal, before);
        }
        return () -> previous.forEach(Signal::handle);
    }

    @Override
    protected void giveUp() {
        System.err.println(GIVE_UP_MESSAGE);
        System.err.flush();
        Runtime.getRuntime().halt(INTERRUPTED_EXIT);
    }
}
