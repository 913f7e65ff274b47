package io.jbake.buildkit.transport;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.Map;
import java.util.logging.LogManager;

/**
 * Settings for Netty and gRPC, applied once, before the first Netty class initialises (the static initialisers of
 * this room's entry points call {@link #apply}), so a command that talks to no daemon ({@code --print}) does not
 * set up java.util.logging at all.
 */
public final class QuietLibraries {
    private static boolean applied;

    private QuietLibraries() {}

    /**
     * Netty and gRPC log through java.util.logging, whose default handler prints to stderr, stack traces included;
     * jbake's output is its own, so their logging goes nowhere. Also Netty start-up work a short-lived client does
     * not need, each of which showed in a warm bake's class-load timeline; together they took a warm 13-target
     * bake from 1.59 to 1.49 s CPU (median of 9 interleaved runs, bench/BakeBench.java's monorepo). A -D on the
     * command line wins.
     * <ul>
     *   <li>JFR events of Netty's allocator: the first one loads and initialises JFR's whole type library
     *       (about 100 classes).
     *   <li>Leak detection: it samples buffers and records a stack trace for each sampled one; leaks do not
     *       outlive a process that exits after the build.
     *   <li>A machine id for channel ids: without one Netty enumerates the network interfaces for a MAC
     *       address. Channel ids only name channels in Netty's own logs, which jbake discards.
     *   <li>The search for a logging library: Netty tries SLF4J and Log4J before java.util.logging, each miss
     *       loading (and failing to verify) a class of its own, which the class-data archive cannot hold.
     * </ul>
     */
    public static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        Map.of(
                        "io.netty.jfr.enabled",
                        "false",
                        "io.netty.leakDetection.level",
                        "disabled",
                        "io.netty.machineId",
                        "02:00:00:00:00:01")
                .forEach((key, value) -> {
                    if (System.getProperty(key) == null) {
                        System.setProperty(key, value);
                    }
                });
        LogManager.getLogManager().reset();
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }
}
