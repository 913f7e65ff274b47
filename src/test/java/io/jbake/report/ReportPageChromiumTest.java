package io.jbake.report;

import static io.jbake.report.Runs.at;
import static io.jbake.report.Runs.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jbake.build.BakeRun;
import io.jbake.build.TargetRun;
import io.jbake.build.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --report}'s page as a real browser renders it: Debian's {@code chromium}, headless, driven over the
 * DevTools protocol. Skipped only where chromium is missing outside CI ({@code CI=true} fails instead: {@code
 * .ci/run} installs it). Leaves a screenshot in {@code target/report-screenshot.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportPageChromiumTest {
    @TempDir
    Path dir;

    /** base (linked by app, so on the critical path with it), fail (failed, its log holds markup), later (skipped). */
    static BakeRun bake() {
        TargetRun base = new TargetRun(
                "base",
                List.of(),
                TargetStatus.SUCCEEDED,
                "",
                at(100),
                at(2600),
                at(1500),
                Duration.ZERO,
                Duration.ZERO,
                List.of(
                        step("[internal] load build definition from Dockerfile", 100, 150, false),
                        step("[internal] load build context", 150, 400, false),
                        step("[1/2] FROM docker.io/library/busybox:latest", 400, 410, true),
                        step("[2/2] RUN make", 410, 1300, false),
                        step("exporting to image", 1300, 1500, false)),
                "sha256:aa",
                List.of(),
                "default/default",
                Optional.empty(),
                List.of());
        TargetRun fail = new TargetRun(
                "fail",
                List.of(),
                TargetStatus.FAILED,
                "failed to solve: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                at(130),
                at(900),
                null,
                Duration.ZERO,
                Duration.ZERO,
                List.of(step("[2/2] RUN exit 3", 200, 880, false)),
                "",
                List.of(),
                "default/default",
                Optional.of(new TargetRun.FailedStep(
                        "[2/2] RUN echo about to fail && exit 3",
                        "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                        List.of("0.137 about to fail <script>window.injected = 1</script>", "0.140 tom & jerry"))),
                List.of());
        TargetRun app = new TargetRun(
                "app",
                List.of("base"),
                TargetStatus.SUCCEEDED,
                "",
                at(120),
                at(2500),
                null,
                Duration.ZERO,
                Duration.ofMillis(1380),
                List.of(step("[2/2] RUN make app", 1600, 2300, true), step("exporting to image", 2300, 2450, false)),
                "sha256:bb",
                List.of("app:1"),
                "default/default",
                Optional.empty(),
                List.of());
        TargetRun later = new TargetRun(
                "later",
                List.of("fail"),
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
        return new BakeRun(at(0), at(2600), false, false, List.of(base, fail, app, later));
    }

    /** What the test reads of the rendered page, as one JSON object. */
    private static final String PAGE_AS_RENDERED = """
            JSON.stringify({
              bars: [...document.querySelectorAll('rect.bar[data-target]')].map(r =>
                  r.getAttribute('data-target') + ':' + (r.getBoundingClientRect().width > 0)),
              rows: [...document.querySelectorAll('g.target')].map(g =>
                  g.getAttribute('data-target') + ':' + g.getAttribute('data-status')),
              critical: [...document.querySelectorAll('g.target.critical')].map(g => g.getAttribute('data-target')),
              criticalStroke: getComputedStyle(document.querySelector('g.critical rect.bar')).stroke,
              otherStroke: getComputedStyle(document.querySelector('g.target:not(.critical) rect.bar')).stroke,
              waitOnLinked: document.querySelector('g[data-target="app"] .seg-wait-deps')
                  .getBoundingClientRect().width > 0,
              uploads: document.querySelectorAll('#timeline .seg-upload').length,
              exports: document.querySelectorAll('#timeline .seg-export').length,
              failures: [...document.querySelectorAll('#failures .failure')].map(f =>
                  f.getAttribute('data-target') + '|' + f.querySelector('.step').textContent + '|'
                      + f.querySelector('pre.log').textContent),
              injected: typeof window.injected,
              scripts: document.scripts.length,
              fetched: performance.getEntriesByType('resource').length,
              criticalText: document.getElementById('critical-path').textContent
            })""";

    @Test
    void everyTargetHasABarTheCriticalPathIsMarkedAndFailuresShowTheirLastLogLines() throws Exception {
        Optional<Path> chromium = HeadlessChromium.executable();
        if (chromium.isEmpty()) {
            // CI installs it (.ci/run): missing there is a failure, not a skip
            assertTrue(!"true".equals(System.getenv("CI")), "CI=true and chromium is not installed");
            Assumptions.abort("chromium is not installed");
        }
        Path page = dir.resolve("report.html");
        ReportPage.write(page, bake());

        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
            browser.navigate(page.toUri().toString());
            JsonObject rendered =
                    JsonParser.parseString(browser.evaluate(PAGE_AS_RENDERED)).getAsJsonObject();
            byte[] png = browser.screenshot();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "report-screenshot.png"), png);

            assertEquals(List.of("base:true", "fail:true", "app:true"), strings(rendered, "bars"));
            assertEquals(
                    List.of("base:succeeded", "fail:failed", "app:succeeded", "later:skipped"),
                    strings(rendered, "rows"));
            assertEquals(List.of("base", "app"), strings(rendered, "critical"));
            assertEquals("rgb(207, 34, 46)", rendered.get("criticalStroke").getAsString());
            assertEquals("rgb(140, 149, 159)", rendered.get("otherStroke").getAsString());
            assertTrue(rendered.get("waitOnLinked").getAsBoolean());
            assertEquals(1, rendered.get("uploads").getAsInt());
            assertEquals(2, rendered.get("exports").getAsInt());
            assertEquals(
                    List.of("fail|[2/2] RUN echo about to fail && exit 3|"
                            + "0.137 about to fail <script>window.injected = 1</script>\n0.140 tom & jerry\n"),
                    strings(rendered, "failures"));
            assertEquals("undefined", rendered.get("injected").getAsString(), "the log is text, not markup");
            assertEquals(0, rendered.get("scripts").getAsInt());
            assertEquals(0, rendered.get("fetched").getAsInt(), "the page fetches nothing");
            assertEquals(
                    "Critical path: base \u2192 app",
                    rendered.get("criticalText").getAsString());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "a PNG");
        }
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getAsJsonArray(name).asList().stream()
                .map(e -> e.getAsString())
                .toList();
    }
}
