package io.jbake.report;

import io.jbake.build.BakeRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command asked to be kept of its bake: {@code --results} ({@link ResultsFile}), {@code --report}
 * ({@link ReportPage}), and with either the summary table on stderr ({@link SummaryTable}, in plain and tty
 * modes).
 *
 * @param results the results file, or null
 * @param report the report page, or null
 * @param table whether the summary table is printed
 */
public record RunRecords(Path results, Path report, boolean table) {

    /**
     * The records the flags ask for.
     *
     * @param resultsFile {@code --results}, empty when not given
     * @param reportFile {@code --report}, empty when not given
     * @param progressMode {@code --progress}
     * @param workDir what the file names are relative to
     */
    public static RunRecords of(
            String resultsFile, String reportFile, String progressMode, Map<String, String> env, Path workDir) {
        boolean asked = !resultsFile.isEmpty() || !reportFile.isEmpty();
        return new RunRecords(
                resultsFile.isEmpty() ? null : workDir.resolve(resultsFile),
                reportFile.isEmpty() ? null : workDir.resolve(reportFile),
                asked && SummaryTable.shownIn(progressMode, env));
    }

    /**
     * Prints the table to {@code err} when it shows, then writes the files.
     *
     * @return what went wrong writing a file, in buildx's manner ({@code failed to write results file ...}), or
     *     empty
     */
    public Optional<String> write(BakeRun run, PrintStream err) {
        if (table) {
            err.print(SummaryTable.render(run));
            err.flush();
        }
        try {
            if (results != null) {
                ResultsFile.write(results, run);
            }
        } catch (IOException e) {
            return Optional.of("failed to write results file " + results + ": " + e.getMessage());
        }
        try {
            if (report != null) {
                ReportPage.write(report, run);
            }
        } catch (IOException e) {
            return Optional.of("failed to write report " + report + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
