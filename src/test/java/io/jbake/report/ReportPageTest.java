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
}
