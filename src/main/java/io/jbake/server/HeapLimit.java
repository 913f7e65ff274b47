package io.jbake.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.management.NotificationEmitter;

/**
 * The JVM's heap limit ({@code -Xmx}), as a command that exhausts it is told of, and the watch that sees the
 * heap fill up before it is exhausted.
 */
public final class HeapLimit {
    private HeapLimit() {}

    /**
     * The one-line error of a command that ran out of memory.
     *
     * @param options the environment variable that sets the limit ({@code -Xmx}) of this JVM
     */
    public static String exhausted(String options) {
        return "ERROR: out of memory: jbake's Java heap limit is " + limit() + " (" + options + " sets it)";
    }

    /** The heap's limit as given ({@code -Xmx512m}), else the JVM's own choice in MiB. */
    private static String limit() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = arguments.size() - 1; i >= 0; i--) {
            if (arguments.get(i).startsWith("-Xmx")) {
                return arguments.get(i); // the last one counts
            }
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }

    /**
     * Calls {@code onFull} (on a thread of the JVM's management) each time a garbage collection leaves the old
     * generation, where what lives long ends up, fuller than {@code fraction} of its most: the heap is nearly
     * exhausted, and its collections are about to take up the JVM.
     */
    static void watch(double fraction, Runnable onFull) {
        Optional<MemoryPoolMXBean> oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP
                        && pool.isCollectionUsageThresholdSupported()
                        && pool.getUsage().getMax() > 0)
                .max(Comparator.comparingLong(pool -> pool.getUsage().getMax()));
        if (oldGeneration.isEmpty()) {
            return;
        }
        MemoryPoolMXBean pool = oldGeneration.get();
        pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * fraction));
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean())
                .addNotificationListener(
                        (notification, handback) -> {
                            if (notification
                                    .getType()
                                    .equals(MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED)) {
                                onFull.run();
                            }
                        },
                        null,
                        null);
    }
}
