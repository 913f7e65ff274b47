package io.jbake.report;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import io.jbake.go.TabWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-of-run table on stderr, one line per target: its name, status, duration, cached/total steps, and in a
 * pool its node. buildx prints nothing like it, so it shows only when asked for a record of the run
 * ({@code --results} or {@code --report}), and only in the modes people read (plain and tty).
 */
public final class SummaryTable {
    private SummaryTable() {}

    private static final TabWriter COLUMNS = new TabWriter(0, 8, 2, ' ');

    /**
     * Whether the progress mode {@code progressMode} ({@code --progress}, with {@code BUILDKIT_PROGRESS} for
     * {@code auto}) shows the table: plain, tty and auto do, quiet and rawjson do not.
     */
    public static boolean shownIn(String progressMode, Map<String, String> env) {
        String mode = progressMode.toLowerCase(Locale.ROOT);
        String fromEnv = env.getOrDefault("BUILDKIT_PROGRESS", "");
        if (mode.equals("auto") && !fromEnv.isEmpty()) {
            mode = fromEnv.toLowerCase(Locale.ROOT);
        }
        return !mode.equals("quiet") && !mode.equals("none") && !mode.equals("rawjson");
    }

    /** The table, a line per target in build order, each ending with a newline. */
    public static String render(BakeRun run) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("TARGET", "STATUS", "DURATION", "CACHED"));
        boolean retried =
                run.targets().stream().anyMatch(target -> !target.retries().isEmpty());
        if (retried) {
            header.add("ATTEMPTS");
        }
        if (run.pool()) {
            header.add("NODE");
        }
        rows.add(header);
        for (TargetRun target : run.targets()) {
            List<String> row = new ArrayList<>(List.of(
                    target.name(),
                    target.status().word(),
                    target.started() == null ? "-" : Times.shortSeconds(target.duration()),
                    target.cachedSteps() + "/" + target.totalSteps()));
            if (retried) {
                row.add(String.valueOf(target.attempts()));
            }
            if (run.pool()) {
                row.add(target.node());
            }
            rows.add(row);
        }
        return COLUMNS.format(rows);
    }
}
