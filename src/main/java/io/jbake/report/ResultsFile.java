package io.jbake.report;

import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import io.jbake.build.TargetStatus;
import io.jbake.go.GoJson;
import io.jbake.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --results FILE}: every target of a bake as it ended, one JSON document indented as the metadata file
 * is ({@link GoJson}), written whether the bake succeeded or not:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "status": "failed",
 *   "started": "2026-12-07T08:12:16.1234Z",
 *   "ended": "2026-12-07T08:12:19.5Z",
 *   "criticalPath": ["base", "app"],
 *   "targets": {
 *     "app": {
 *       "status": "succeeded",        // succeeded, failed, cancelled or skipped (TargetStatus)
 *       "error": "",
 *       "start": "...", "end": "...", // null for a target that never started
 *       "duration": 1.250,            // seconds
 *       "waitingOnDependencies": 0.400,
 *       "waitingForSlot": 0.000,
 *       "cachedSteps": 2, "totalSteps": 3,
 *       "digest": "sha256:...",
 *       "tags": ["registry/app:1"],
 *       "builder": "default", "node": "default",
 *       "dependencies": ["base"],
 *       "attempts": 2,                // builds made: 1, and one more for each retry (--retries)
 *       "retries": ["..."]            // why each build but the last was made again
 *     }
 *   }
 * }
 * }</pre>
 *
 * The bake's {@code status} is {@code succeeded} when every target did, {@code cancelled} after Ctrl-C,
 * {@code failed} otherwise; targets are sorted by name, fields always present (empty when they do not apply).
 */
public final class ResultsFile {
    private ResultsFile() {}

    /** The version of the document's shape; a change that removes or renames a field raises it. */
    public static final int VERSION = 1;

    /** Writes {@code file} atomically (a temporary file beside it, then renamed). */
    public static void write(Path file, BakeRun run) throws IOException {
        AtomicFile.write(file, render(run), "rw-r--r--");
    }

    /** The document, without a final newline (as the metadata file). */
    public static String render(BakeRun run) {
        Map<String, Object> targets = new TreeMap<>();
        for (TargetRun target : run.targets()) {
            targets.put(target.name(), (GoJson.JsonWritable) json -> target(json, target));
        }
        List<String> criticalPath = CriticalPath.of(run);
        return GoJson.indent((GoJson.JsonWritable) json -> {
            json.beginObject();
            json.field("version", VERSION);
            json.field("status", status(run));
            json.field("started", Times.rfc3339(run.started()));
            json.field("ended", Times.rfc3339(run.ended()));
            json.field("criticalPath", criticalPath);
            json.field("targets", targets);
            json.endObject();
        });
    }

    /** The bake's status: {@code succeeded}, {@code cancelled} (Ctrl-C) or {@code failed}. */
    static String status(BakeRun run) {
        if (run.cancelled()) {
            return TargetStatus.CANCELLED.word();
        }
        boolean allSucceeded = run.targets().stream().allMatch(t -> t.status() == TargetStatus.SUCCEEDED);
        return allSucceeded ? TargetStatus.SUCCEEDED.word() : TargetStatus.FAILED.word();
    }

    private static void target(GoJson json, TargetRun target) {
        json.beginObject();
        json.field("status", target.status().word());
        json.field("error", target.error());
        json.field("start", target.started() == null ? null : Times.rfc3339(target.started()));
        json.field("end", target.ended() == null ? null : Times.rfc3339(target.ended()));
        json.field("duration", new GoJson.Raw(Times.seconds(target.duration())));
        json.field("waitingOnDependencies", new GoJson.Raw(Times.seconds(target.waitingOnDependencies())));
        json.field("waitingForSlot", new GoJson.Raw(Times.seconds(target.waitingForSlot())));
        json.field("cachedSteps", target.cachedSteps());
        json.field("totalSteps", target.totalSteps());
        json.field("digest", target.digest());
        json.field("tags", target.tags());
        int slash = target.node().indexOf('/');
        json.field("builder", slash < 0 ? target.node() : target.node().substring(0, slash));
        json.field("node", slash < 0 ? "" : target.node().substring(slash + 1));
        json.field("dependencies", target.dependencies());
        json.field("attempts", target.attempts());
        json.field("retries", target.retries());
        json.endObject();
    }
}
