package io.jbake.buildkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal's size when stty cannot tell it (the pty case is TtyDaemonTest's). */
class TerminalTest {

    @TempDir
    Path dir;

    @Test
    void aDeviceThatIsNoTerminalFallsBackToColumnsAndLines() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-terminal"), "");
        Terminal terminal =
                Terminal.on(new TerminalDevice(file, resized -> {}), Map.of("COLUMNS", "123", "LINES", "45"));

        assertEquals(123, terminal.width());
        assertEquals(45, terminal.height());
    }

    @Test
    void withoutSizeAnywhereItIsBuildxsDefault() {
        Terminal terminal = Terminal.on(
                new TerminalDevice(dir.resolve("missing"), resized -> {}), Map.of("COLUMNS", "wide", "LINES", "0"));

        assertEquals(80, terminal.width());
        assertEquals(10, terminal.height());
    }
}
