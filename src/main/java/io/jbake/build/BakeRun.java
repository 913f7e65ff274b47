package io.jbake.build;

import java.time.Instant;
import java.util.List;

/**
 * One bake's targets as they ran ({@link TargetRun}), for {@code --results}, {@code --report} and the summary
 * table.
 *
 * @param started when the bake started building
 * @param ended when its last target ended
 * @param cancelled whether it was cancelled from outside (Ctrl-C)
 * @param pool whether it built on a pool of several nodes
 * @param targets every target, in graph order (a target after those it links)
 */
public record BakeRun(Instant started, Instant ended, boolean cancelled, boolean pool, List<TargetRun> targets) {
    public BakeRun {
        targets = List.copyOf(targets);
    }
}
