package io.jbake.buildkit.progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The terminal the live view draws on, and its size: asked of {@code stty} with stdin on the terminal's device,
 * once, when the view first needs it, and again after the terminal is resized; the non-terminal path never
 * starts a process.
 */
final class Terminal {

    /** buildx's size when the console does not tell it. */
    static final int DEFAULT_WIDTH = 80;

    static final int DEFAULT_HEIGHT = 10;

    private final Path device;
    private final Map<String, String> env;
    private volatile boolean resized = true;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;

    private Terminal(Path device, Map<String, String> env) {
        this.device = device;
        this.env = env;
    }

    /** The terminal on {@code device}; {@code env} gives {@code COLUMNS}/{@code LINES} should stty fail. */
    static Terminal on(TerminalDevice device, Map<String, String> env) {
        Terminal terminal = new Terminal(device.path(), env);
        device.resizes().accept(() -> terminal.resized = true);
        return terminal;
    }

    /** A terminal of a fixed size, for drawing into something that is not one (tests, forced tty mode). */
    static Terminal fixed(int width, int height) {
        Terminal terminal = new Terminal(null, Map.of());
        terminal.width = width;
        terminal.height = height;
        terminal.resized = false;
        return terminal;
    }

    int width() {
        refresh();
        return width;
    }

    int height() {
        refresh();
        return height;
    }

    private synchronized void refresh() {
        if (!resized) {
            return;
        }
        resized = false;
        int[] size = sttySize();
        if (size == null) {
            size = new int[] {envSize("LINES", height), envSize("COLUMNS", width)};
        }
        height = size[0];
        width = size[1];
    }

    /** {@code rows columns} as {@code stty size} prints them for the device, or null. */
    private int[] sttySize() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(device.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String text = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroy();
                return null;
            }
            String[] parts = text.split(" ");
            int rows = Integer.parseInt(parts[0]);
            int columns = Integer.parseInt(parts[1]);
            return rows > 0 && columns > 0 ? new int[] {rows, columns} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int envSize(String name, int otherwise) {
        try {
            int value = Integer.parseInt(env.getOrDefault(name, ""));
            return value > 0 ? value : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
