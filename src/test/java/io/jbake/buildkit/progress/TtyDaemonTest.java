package io.jbake.buildkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.TestDaemon;
import io.jbake.cli.JbakeProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jbake in a real pseudo-terminal ({@code script}, util-linux, in every Debian): {@code auto} draws the
 * live view, sized by the terminal, and what is on the terminal at the end (read back through a small
 * terminal model) is laid out as buildx 0.29.1 leaves it in a 100x30 terminal, times, digests and the
 * test's image name aside. (buildx builds the two targets at once, so their steps interleave at random;
 * jbake's {@code --parallel 1} makes the order fixed. For a one-target build with a warning and a failing
 * step, the screens of both in tmux were compared and are the same line for line.)
 */
@Tag("daemon")
class TtyDaemonTest {

    private static final int WIDTH = 100;
    private static final int HEIGHT = 30;

    @TempDir
    Path dir;
    /**
     * A base image of this test's own (busybox and a layer of its own): BuildKit shows a step that a
     * concurrent build on the same daemon shares (same layers) in both builds' progress.
     */
    private String image;

    @BeforeEach
    void makeBaseImage() throws Exception {
        image = "jbake-tty-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        TestDaemon.docker("run", "--name", image, "busybox:local", "sh", "-c", "echo " + image + " > /jbake-test");
        TestDaemon.docker("commit", image, image + ":local");
        TestDaemon.docker("rm", image);
    }

    @AfterEach
    void removeBaseImage() throws Exception {
        JbakeProcess.stopServer(dir.resolve("server.sock"));
        TestDaemon.docker("rmi", image + ":local");
    }

    /**
     * The same screen whether jbake runs in its own JVM or in a jbake server, drawing on its client's terminal
     * (the Java client's or the C client's).
     */
    @ParameterizedTest
    @EnumSource(JbakeProcess.class)
    void finalScreenOfTwoTargetsOneFailingIsBuildxs(JbakeProcess how) throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        group "default" {
          targets = ["app", "lib"]
        }
        target "app" {
          context = "app"
          args = { RUN_ID = "%s" }
        }
        target "lib" {
          context = "lib"
          args = { RUN_ID = "%s" }
        }
        """.formatted(image, image));
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), """
        FROM %s:local
        ARG RUN_ID
        RUN for i in 1 2 3 4 5; do echo "app line $i"; sleep 0.2; done
        """.formatted(image));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/Dockerfile"), """
        FROM %s:local as base
        ARG RUN_ID
        RUN echo "lib about to fail" && sleep 1 && exit 3
        """.formatted(image));

        // one target at a time, so the order steps start in (the view's order) is the same at every run
        Screen screen = runInTerminal(how, "--parallel", "1");

        // while it ran, the running step showed its output under it, faint, cut to the terminal's width - 10
        assertTrue(
                screen.written.contains("\033[2m => => # app line 2" + " ".repeat(WIDTH - 10 - 10) + "\r\n"),
                screen.written);
        String from = "FROM docker.io/library/jbake-tty-XXXXXXXX:local";
        assertEquals(
                List.of(
                        "",
                        // 0.36.1's screen with buildx v0.38's last step, [internal] target results (one more step)
                        row("[+] Building 0.0s (11/11) FINISHED", "docker:default"),
                        row(" => [internal] load local bake definitions"),
                        row(" => => reading docker-bake.hcl 203B / 203B"),
                        row(" => [app internal] load build definition from Dockerfile"),
                        row(" => => transferring dockerfile: 141B"),
                        // shared by both targets: listed where it first started, named as the last build to run it
                        // names it
                        row(" => [lib internal] load metadata for docker.io/library/jbake-tty-XXXXXXXX:local"),
                        row(" => [app internal] load .dockerignore"),
                        row(" => => transferring context: 2B"),
                        row(" => CACHED [lib 1/2] " + from),
                        row(" => [app 2/2] RUN for i in 1 2 3 4 5; do echo \"app line $i\"; sleep 0.2; done"),
                        row(" => [app] exporting to image"),
                        row(" => => exporting layers"),
                        row(" => => writing image sha256:" + "0".repeat(64)),
                        row(" => [lib internal] load build definition from Dockerfile"),
                        row(" => => transferring dockerfile: 136B"),
                        row(" => WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"),
                        row(" => [lib internal] load .dockerignore"),
                        row(" => => transferring context: 2B"),
                        row(" => ERROR [lib 2/2] RUN echo \"lib about to fail\" && sleep 1 && exit 3"),
                        row(" => [internal] target results"),
                        "------",
                        " > [lib 2/2] RUN echo \"lib about to fail\" && sleep 1 && exit 3:",
                        "0.000 lib about to fail",
                        "------",
                        "",
                        " 1 warning found (use docker --debug to expand):",
                        " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                        "Dockerfile:3",
                        "--------------------",
                        "   1 |     FROM jbake-tty-XXXXXXXX:local as base",
                        "   2 |     ARG RUN_ID",
                        "   3 | >>> RUN echo \"lib about to fail\" && sleep 1 && exit 3",
                        "   4 |",
                        "--------------------",
                        // the terminal wraps the long error line at its width
                        "ERROR: target lib: failed to solve: process \"/bin/sh -c echo \\\"lib about to fail\\\" && sleep 1 && exi",
                        "t 3\" did not complete successfully: exit code: 3",
                        "EXIT=1"),
                screen.normalised(image));
    }

    /** A view line as buildx lays it out: {@code right} (a time unless given) ends at the last column but one. */
    private static String row(String left, String right) {
        return left + " ".repeat(WIDTH - 1 - left.length() - right.length()) + right;
    }

    private static String row(String left) {
        return row(left, "0.0s");
    }

    /** Runs jbake with {@code args} in a WIDTH x HEIGHT pseudo-terminal and returns the screen it leaves. */
    private Screen runInTerminal(JbakeProcess how, String... args) throws IOException, InterruptedException {
        if (how == JbakeProcess.THROUGH_NATIVE_CLIENT) {
            JbakeProcess.startServer(dir.resolve("server.sock")); // else the C client hands over to the Java client
        }
        List<String> jbake = how.command(dir.resolve("server.sock"), args);
        String command = "stty cols " + WIDTH + " rows " + HEIGHT + "; " + shellWords(jbake) + "; echo EXIT=$?";
        ProcessBuilder script = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .directory(dir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = script.environment();
        List.of("NO_COLOR", "BUILDKIT_COLORS", "BUILDKIT_PROGRESS", "BUILDKIT_TTY_LOG_LINES", "COLUMNS", "LINES")
                .forEach(env::remove);
        Process process = script.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "script did not end");
        Screen screen = new Screen(WIDTH, HEIGHT);
        screen.write(new String(output, StandardCharsets.UTF_8));
        return screen;
    }

    private static String shellWords(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(line.length() == 0 ? "" : " ")
                    .append('\'')
                    .append(word.replace("'", "'\\''"))
                    .append('\'');
        }
        return line.toString();
    }

    /**
     * What a terminal shows, scrollback included, after the text was written to it: the subset of a VT100
     * that the live view uses (cursor up/down/column, erase, colours and cursor visibility ignored) and
     * the terminal's wrap at the right edge, deferred as xterm defers it.
     */
    static final class Screen {
        private final int width;
        private final int height;
        private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        private int row;
        private int column;
        private boolean wrapPending;
        /** Everything written, escape sequences included. */
        String written = "";

        Screen(int width, int height) {
            this.width = width;
            this.height = height;
        }

        void write(String text) {
            written += text;
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\033' && i < text.length() && text.charAt(i) == '[') {
                    int end = i + 1;
                    while (end < text.length() && (text.charAt(end) < 0x40 || text.charAt(end) > 0x7e)) {
                        end++;
                    }
                    control(text.substring(i + 1, end), text.charAt(end));
                    i = end + 1;
                } else if (c == '\r') {
                    column = 0;
                    wrapPending = false;
                } else if (c == '\n') {
                    down(1);
                    wrapPending = false;
                } else if (c >= ' ') {
                    if (wrapPending) {
                        column = 0;
                        down(1);
                        wrapPending = false;
                    }
                    StringBuilder line = rows.get(row);
                    while (line.length() <= column) {
                        line.append(' ');
                    }
                    line.setCharAt(column, c);
                    if (column == width - 1) {
                        wrapPending = true;
                    } else {
                        column++;
                    }
                }
            }
        }

        private void control(String parameters, char command) {
            int n = parameters.isEmpty() || parameters.startsWith("?") ? 1 : Integer.parseInt(parameters);
            switch (command) {
                case 'A' -> row = Math.max(Math.max(0, rows.size() - height), row - n);
                case 'B' -> down(n);
                case 'G' -> column = Math.max(0, n - 1);
                case 'K' -> rows.get(row).setLength(Math.min(rows.get(row).length(), column));
                default -> {} // colours, cursor visibility
            }
            wrapPending = false;
        }

        private void down(int n) {
            row += n;
            while (rows.size() <= row) {
                rows.add(new StringBuilder());
            }
        }

        /**
         * The rows without trailing spaces or the empty rows at the end, with what changes from run to run
         * made constant: times (right-aligned ones stay right-aligned), log time stamps, digests, the image name.
         */
        List<String> normalised(String image) {
            List<String> lines = new ArrayList<>();
            for (StringBuilder r : rows) {
                String line = r.toString().replace(image, "jbake-tty-XXXXXXXX");
                String timed = line.replaceAll("\\b\\d+\\.\\ds\\b", "0.0s");
                if (timed.length() < line.length()) {
                    // keep what was right-aligned there: widen the last gap of spaces by what the times lost
                    int gap = timed.lastIndexOf("  ");
                    timed = timed.substring(0, gap) + " ".repeat(line.length() - timed.length()) + timed.substring(gap);
                }
                timed = timed.replaceAll("sha256:[0-9a-f]{64}", "sha256:" + "0".repeat(64))
                        .replaceAll("^\\d+\\.\\d+ ", "0.000 ");
                lines.add(timed.stripTrailing());
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }
    }
}
