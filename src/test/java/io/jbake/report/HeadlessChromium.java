package io.jbake.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol (JSON over the JDK's WebSocket), for a test that looks at
 * a page as the browser renders it: started with its own user data directory and a debugging port the browser
 * picks (read from {@code DevToolsActivePort}); {@link #close()} kills it and its children and removes the
 * directory.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path userData;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    /** The page's session ({@code Target.attachToTarget} with flatten), which page commands go to. */
    private String session;

    /** The {@code chromium} on the PATH, if there is one. */
    static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chromium"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code chromium} headless on a blank page. */
    static HeadlessChromium start(Path chromium) throws Exception {
        Path userData = Files.createTempDirectory("jbake-chromium");
        Process process = null;
        try {
            process = new ProcessBuilder(
                            chromium.toString(),
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--remote-debugging-port=0",
                            "--user-data-dir=" + userData,
                            "--no-first-run",
                            "--window-size=1280,900",
                            "about:blank")
                    .redirectErrorStream(true)
                    .redirectOutput(userData.resolve("chromium.log").toFile())
                    .start();
            Path portFile = userData.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(
                            "chromium did not start: " + Files.readString(userData.resolve("chromium.log")));
                }
                Thread.sleep(50);
                if (Files.exists(portFile)) {
                    lines = Files.readAllLines(portFile);
                }
            }
            URI browser = URI.create(
                    "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
            return new HeadlessChromium(process, userData, browser);
        } catch (Exception e) {
            kill(process, userData);
            throw e;
        }
    }

    private HeadlessChromium(Process process, Path userData, URI browser) throws Exception {
        this.process = process;
        this.userData = userData;
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(browser, new Messages())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonObject params = new JsonObject();
        params.addProperty("url", "about:blank");
        String target =
                browserCommand("Target.createTarget", params).get("targetId").getAsString();
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target);
        attach.addProperty("flatten", true);
        session =
                browserCommand("Target.attachToTarget", attach).get("sessionId").getAsString();
    }

    /** Receives the protocol's messages, a text possibly in several parts, and completes their commands. */
    private final class Messages implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(text.toString()).getAsJsonObject();
                text.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> answer =
                            pending.remove(message.get("id").getAsInt());
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private JsonObject browserCommand(String method, JsonObject params) throws Exception {
        return send(method, params, null);
    }

    /** Sends a command to the page and waits for its result. */
    JsonObject command(String method, JsonObject params) throws Exception {
        return send(method, params, session);
    }

    private JsonObject send(String method, JsonObject params, String sessionId) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        if (sessionId != null) {
            message.addProperty("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonObject reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    /** Opens {@code url} in the page and waits until its document has loaded. */
    void navigate(String url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        command("Page.navigate", params);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"complete".equals(evaluate("location.href === " + quote(url) + " ? document.readyState : ''"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the page did not load: " + url);
            }
            Thread.sleep(50);
        }
    }

    /** The value of {@code expression} in the page, which must be a string. */
    String evaluate(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        JsonObject result = command("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IOException("the page threw: " + result.get("exceptionDetails"));
        }
        return result.getAsJsonObject("result").get("value").getAsString();
    }

    /** A PNG of the page as rendered, the whole page. */
    byte[] screenshot() throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        params.addProperty("captureBeyondViewport", true);
        return java.util.Base64.getDecoder()
                .decode(command("Page.captureScreenshot", params).get("data").getAsString());
    }

    private static String quote(String s) {
        JsonObject holder = new JsonObject();
        holder.addProperty("s", s);
        String json = holder.toString();
        return json.substring(json.indexOf(':') + 1, json.length() - 1);
    }

    @Override
    public void close() {
        socket.abort();
        kill(process, userData);
    }

    private static void kill(Process process, Path userData) {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(userData)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a file chromium still held: the temporary directory is left
        }
    }
}
