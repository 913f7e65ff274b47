package io.jbake.report;

import io.jbake.build.TargetRun;
import io.jbake.build.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Targets as they ran, made for the writers' tests: times are milliseconds after {@link #T0}. */
final class Runs {
    private Runs() {}

    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /** A target that started at {@code start} and ended at {@code end}, with no steps. */
    static TargetRun ran(String name, List<String> dependencies, long start, long end, Long published) {
        return new TargetRun(
                name,
                dependencies,
                TargetStatus.SUCCEEDED,
                "",
                at(start),
                at(end),
                published == null ? null : at(published),
                Duration.ZERO,
                Duration.ZERO,
                List.of(),
                "",
                List.of(),
                "default/default",
                Optional.empty(),
                List.of());
    }

    static TargetRun skipped(String name, List<String> dependencies) {
        return new TargetRun(
                name,
                dependencies,
                TargetStatus.SKIPPED,
                "",
                null,
                null,
                null,
                Duration.ZERO,
                Duration.ZERO,
                List.of(),
                "",
                List.of(),
                "default/default",
                Optional.empty(),
                List.of());
    }

    static TargetRun.Step step(String name, long start, long end, boolean cached) {
        return new TargetRun.Step(name, at(start), at(end), cached, "", TargetRun.phaseOf(name));
    }
}
