package io.jbake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --report}'s page as text; {@link ReportPageChromiumTest} looks at it rendered. */
class ReportPageTest {

    @Test
    void escapesMarkupQuotesAndControls() {
        assertEquals(
                "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;tom &amp; jerry&lt;/a&gt;\t\uFFFD[31m",
                ReportPage.escape("<a href=\"x\" title='y'>tom & jerry</a>\t\u001b[31m"));
    }

    @Test
    void fetchesNothingAndRunsNothing() {
        String page = ReportPage.render(ReportPageChromiumTest.bake());

        for (String reference : List.of("<script", "src=", "href=", "url(", "@import", "<link", "@font-face")) {
            assertFalse(page.contains(reference), reference);
        }
        assertTrue(page.contains("0.137 about to fail &lt;script&gt;window.injected = 1&lt;/script&gt;\n"));
    }

    @Test
    void eachRetryWithItsReason() {
        io.jbake.build.TargetRun once = Runs.ran("a", List.of(), 0, 40, null);
        io.jbake.build.TargetRun ran = Runs.ran("b", List.of(), 0, 1400, null);
        io.jbake.build.TargetRun twice = new io.jbake.build.TargetRun(
                ran.name(),
                ran.dependencies(),
                ran.status(),
                ran.error(),
                ran.started(),
                ran.ended(),
                ran.published(),
                ran.waitingForSlot(),
                ran.waitingOnDependencies(),
                ran.steps(),
                ran.digest(),
                ran.tags(),
                ran.node(),
                ran.failedStep(),
                List.of("503 <Service Unavailable>"));

        String page = ReportPage.render(
                new io.jbake.build.BakeRun(Runs.T0, Runs.at(1400), false, false, List.of(once, twice)));

        assertTrue(
                page.contains("<h2>Retries</h2>\n<ul id=\"retries\">\n<li data-target=\"b\">b: attempt 1 of 2 failed:"
                        + " 503 &lt;Service Unavailable&gt;</li>\n</ul>\n"),
                page);
        assertFalse(ReportPage.render(ReportPageChromiumTest.bake()).contains("Retries"));
    }
}
