package io.jbake.report;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chain of targets whose times decided when the bake ended: the target no other links that ended last,
 * then, through its {@code target:} links, the linked target whose result was ready last (the one it waited on
 * longest), and so on back to a target that links none. A target others link stays open until they are done
 * with its result, so its end says nothing; its {@link TargetRun#readyForDependents()} does.
 */
public final class CriticalPath {
    private CriticalPath() {}

    /** The critical path from its first target to its last; empty when no target started. */
    public static List<String> of(BakeRun run) {
        Map<String, TargetRun> byName = new HashMap<>();
        Set<String> linked = new HashSet<>();
        for (TargetRun target : run.targets()) {
            byName.put(target.name(), target);
            linked.addAll(target.dependencies());
        }
        TargetRun last = null;
        for (TargetRun target : run.targets()) {
            if (!linked.contains(target.name()) && later(target.ended(), target.name(), last, false)) {
                last = target;
            }
        }
        List<String> path = new ArrayList<>();
        while (last != null) {
            path.add(last.name());
            TargetRun decisive = null;
            for (String dependency : last.dependencies()) {
                TargetRun candidate = byName.get(dependency);
                if (candidate != null && later(candidate.readyForDependents(), candidate.name(), decisive, true)) {
                    decisive = candidate;
                }
            }
            last = decisive;
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * Whether {@code time} (of the target {@code name}) is later than {@code best}'s, ties going to the first name
     * in order; a target that never started ({@code time} null) never is.
     */
    private static boolean later(Instant time, String name, TargetRun best, boolean ready) {
        if (time == null) {
            return false;
        }
        if (best == null) {
            return true;
        }
        Instant bestTime = ready ? best.readyForDependents() : best.ended();
        int order = time.compareTo(bestTime);
        return order > 0 || order == 0 && name.compareTo(best.name()) < 0;
    }
}
