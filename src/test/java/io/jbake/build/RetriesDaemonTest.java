package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jbake.buildkit.PrivateEngine;
import io.jbake.cli.CommandRun;
import io.jbake.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retries} against real faults: a registry that answers the first manifest push with 503 (a stand-in on
 * loopback in front of the test registry, pushed to by the containerd-store engine, whose exporter pushes), the
 * daemon killed and restarted mid-build (a private engine of {@link PrivateEngine}), and a failing step, which is
 * never retried.
 */
@Tag("daemon")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RetriesDaemonTest {
    /** The private engine's slot in scripts/test-daemon.sh (retries' slots are 20 to 29). */
    private static final int ENGINE_SLOT = 20;

    @TempDir
    Path dir;

    @Test
    void aPushAnswered503IsRetriedAndTheTagLands() throws Exception {
        try (FlakyRegistry registry = FlakyRegistry.start(registry())) {
            String tag = "t" + UUID.randomUUID().toString().replace("-", "");
            String ref = registry.address() + "/retries/app:" + tag;
            writeBakeFile(tag, ref);

            Run run = Run.start(dir, containerdEngine(), "--push", "--progress=plain", "--retries", "1");
            List<String> output = run.end();

            assertEquals(0, run.exitCode(), String.join("\n", output));
            assertEquals(registry.refused(), registry.manifestPuts().indexOf(201), registry.log());
            assertEquals(registry.refused() + 1, registry.manifestPuts().size(), registry.log());
            String retry = Pattern.quote(
                            "[internal] retry default (attempt 2 of 2): failed to solve: failed to push " + ref + ": ")
                    + ".*"
                    + Pattern.quote("unexpected status from PUT request to http://" + registry.address()
                            + "/v2/retries/app/manifests/" + tag + ": 503 Service Unavailable")
                    // containerd adds the body of the answer
                    + Pattern.quote(": 503 Service Unavailable");
            assertEquals(1, count(output, "#\\d+ " + retry), String.join("\n", output));
            assertEquals(1, count(output, "#\\d+ waiting 1s done"), String.join("\n", output));
            assertEquals(200, manifestStatus(registry(), "retries/app", tag));
        }
    }

    @Test
    void withoutRetriesAPushAnswered503FailsAsBefore() throws Exception {
        try (FlakyRegistry registry = FlakyRegistry.start(registry())) {
            String tag = "t" + UUID.randomUUID().toString().replace("-", "");
            String ref = registry.address() + "/retries/app:" + tag;
            writeBakeFile(tag, ref);

            Run run = Run.start(dir, containerdEngine(), "--push", "--progress=plain", "--retries", "0");
            List<String> output = run.end();

            assertEquals(1, run.exitCode(), String.join("\n", output) + registry.log());
            assertEquals(
                    List.of(),
                    registry.manifestPuts().stream()
                            .filter(status -> status != 503)
                            .toList());
            String error = Pattern.quote("ERROR: failed to solve: failed to push " + ref + ": ") + ".*"
                    + Pattern.quote("unexpected status from PUT request to http://" + registry.address()
                            + "/v2/retries/app/manifests/" + tag
                            + ": 503 Service Unavailable: 503 Service Unavailable");
            assertTrue(lastLine(output).matches(error), String.join("\n", output));
            assertEquals(0, count(output, ".*\\[internal\\] retry .*"), String.join("\n", output));
            assertEquals(404, manifestStatus(registry(), "retries/app", tag));
        }
    }

    @Test
    void theDaemonRestartedMidBuildIsRetriedOnTheRestartedDaemon() throws Exception {
        try (PrivateEngine engine = PrivateEngine.start(ENGINE_SLOT)) {
            String marker = UUID.randomUUID().toString();
            writeSlowBuild(marker);
            Run run = Run.start(dir, Map.of("DOCKER_HOST", engine.host()), "--progress=plain", "--retries", "2");
            run.awaitLine("#\\d+ \\d+\\.\\d+ started " + marker);
            engine.kill();
            engine.restart();
            List<String> output = run.end();

            assertEquals(0, run.exitCode(), String.join("\n", output));
            String retry = Pattern.quote("[internal] retry default (attempt 2 of 3): lost the connection to Docker"
                    + " Engine at " + engine.host() + ": the daemon closed the connection");
            assertEquals(1, count(output, "#\\d+ " + retry), String.join("\n", output));
            assertEquals("built " + marker + "\n", Files.readString(dir.resolve("out/built")));
        }
    }

    @Test
    void withoutRetriesTheDaemonRestartedMidBuildFailsAsBefore() throws Exception {
        try (PrivateEngine engine = PrivateEngine.start(ENGINE_SLOT)) {
            String marker = UUID.randomUUID().toString();
            writeSlowBuild(marker);
            Run run = Run.start(dir, Map.of("DOCKER_HOST", engine.host()), "--progress=plain");
            run.awaitLine("#\\d+ \\d+\\.\\d+ started " + marker);
            engine.kill();
            List<String> output = run.end();
            engine.restart();

            assertEquals(1, run.exitCode(), String.join("\n", output));
            assertEquals(
                    "ERROR: lost the connection to Docker Engine at " + engine.host()
                            + ": the daemon closed the connection",
                    lastLine(output));
            assertEquals(0, count(output, ".*\\[internal\\] retry .*"), String.join("\n", output));
            assertFalse(Files.exists(dir.resolve("out/built")));
        }
    }

    @Test
    void aFailingStepIsAttemptedOnceWhateverTheRetries() throws Exception {
        String marker = UUID.randomUUID().toString();
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %s && exit 3\\n"
        }
        """.formatted(marker));

        Run run = Run.start(dir, Map.of(), "--progress=plain", "--retries", "3");
        List<String> output = run.end();

        assertEquals(1, run.exitCode(), String.join("\n", output));
        assertEquals(
                "ERROR: failed to solve: process \"/bin/sh -c echo " + marker
                        + " && exit 3\" did not complete successfully: exit code: 3",
                lastLine(output));
        assertEquals(0, count(output, ".*\\[internal\\] retry .*"), String.join("\n", output));
        // the step ran once: its header once, its output once
        assertEquals(
                1,
                count(output, "#\\d+ \\[2/2\\] RUN echo " + Pattern.quote(marker) + " && exit 3"),
                String.join("\n", output));
        assertEquals(1, count(output, "#\\d+ \\d+\\.\\d+ " + Pattern.quote(marker)), String.join("\n", output));
    }

    @Test
    void retriesIsAtLeastZero() throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"default\" {}\n");

        CommandRun run = CommandRun.of(dir, System.getenv(), "--retries", "-1");

        // a flag error, as the docker CLI ends one, before any daemon is asked
        assertEquals(125, run.code(), run.err());
        assertTrue(run.err().startsWith("invalid --retries -1: must be at least 0\n\nUsage:"), run.err());
    }

    private void writeBakeFile(String tag, String ref) throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM busybox:local\\nRUN echo %s > /marker\\n"
          tags = ["%s"]
        }
        """.formatted(tag, ref));
    }

    /** A target whose step says it started, then runs 4 s, and whose output is written to out/. */
    private void writeSlowBuild(String marker) throws IOException {
        Files.writeString(dir.resolve("docker-bake.hcl"), """
        target "default" {
          output = ["type=local,dest=out"]
        }
        """);
        Files.writeString(
                dir.resolve("Dockerfile"),
                "FROM busybox:local\nRUN echo started " + marker + " && sleep 4 && echo built " + marker
                        + " > /built\n");
    }

    /** The last line that is not blank: the error line, which may be followed by an empty one. */
    private static String lastLine(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    }

    private static int count(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return (int) lines.stream().filter(l -> pattern.matcher(l).matches()).count();
    }

    private static String registry() {
        String registry = System.getenv("JBAKE_TEST_REGISTRY");
        Assumptions.assumeTrue(registry != null && !registry.isEmpty(), "JBAKE_TEST_REGISTRY is not set");
        return registry;
    }

    private static Map<String, String> containerdEngine() {
        String host = System.getenv("JBAKE_TEST_CONTAINERD_DOCKER_HOST");
        Assumptions.assumeTrue(host != null && !host.isEmpty(), "JBAKE_TEST_CONTAINERD_DOCKER_HOST is not set");
        return Map.of("DOCKER_HOST", host);
    }

    private static int manifestStatus(String registry, String repository, String tag) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .header(
                                        "Accept",
                                        "application/vnd.oci.image.index.v1+json,"
                                                + " application/vnd.oci.image.manifest.v1+json")
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A jbake command run in this JVM on a thread of its own, its stderr and stdout read as they come. */
    private static final class Run {
        private final Lines lines = new Lines();
        private final CompletableFuture<Integer> exit;

        private Run(Path dir, Map<String, String> daemon, String... args) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.remove("BUILDKIT_HOST");
            env.remove("BUILDX_BUILDER");
            env.putAll(daemon);
            PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
            this.exit = CompletableFuture.supplyAsync(
                    () -> Main.run(args, env, dir, new ByteArrayInputStream(new byte[0]), out, out),
                    Executors.newSingleThreadExecutor());
        }

        static Run start(Path dir, Map<String, String> daemon, String... args) {
            return new Run(dir, daemon, args);
        }

        /** Waits until a line of the output matches {@code regex}; fails when the command ends first. */
        void awaitLine(String regex) throws InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines.lines().stream().noneMatch(l -> pattern.matcher(l).matches())) {
                assertFalse(exit.isDone(), "the command ended first:\n" + String.join("\n", lines.lines()));
                assertTrue(System.nanoTime() < deadline, "not seen in 120 s:\n" + String.join("\n", lines.lines()));
                Thread.sleep(20);
            }
        }

        List<String> end() throws Exception {
            exit.get(240, TimeUnit.SECONDS);
            return lines.lines();
        }

        int exitCode() {
            return exit.join();
        }
    }

    /** An output stream whose lines can be read while it is written to. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * A registry stand-in on loopback that forwards every request to the real registry but answers 503 to the
     * manifest PUTs under {@code retries/} of the first push, as a registry briefly unavailable: every one of them,
     * since BuildKit and containerd's pusher ask again by themselves (on Engine 28.5: 8 PUTs over 7 s, then the
     * push fails), until the next push begins (its first blob request: jbake's next attempt).
     */
    private static final class FlakyRegistry implements AutoCloseable {
        /** Hop-by-hop headers and those the JDK's client sets itself. */
        /** The first byte of a TLS connection: a handshake record. */
        private static final int TLS_HANDSHAKE_RECORD = 0x16;

        private static final Set<String> NOT_FORWARDED =
                Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "keep-alive");

        private final HttpServer server;
        private final String registry;
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private final AtomicInteger refused = new AtomicInteger();
        /** Whether the next push (its first blob request) finds the registry back. */
        private final AtomicBoolean down = new AtomicBoolean();

        private final List<String> log = Collections.synchronizedList(new ArrayList<>());

        /** Each request and its answer, for a failure's message. */
        String log() {
            return String.join("\n", log);
        }

        /**
         * Where the daemon connects: a plain-HTTP registry answers a TLS handshake (the daemon tries HTTPS first) at
         * once with an HTTP answer (the daemon then falls back to HTTP), which the JDK's HttpServer does not (it waits
         * for a request line until the client gives up, 10 s later): a connection that opens with a TLS record gets
         * that answer here, the others go on to {@link #server}.
         */
        private final ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        private final ExecutorService threads = Executors.newCachedThreadPool();

        private FlakyRegistry(String registry) throws IOException {
            this.registry = registry;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(threads);
            server.start();
            threads.execute(this::acceptLoop);
        }

        private void acceptLoop() {
            while (!front.isClosed()) {
                try {
                    Socket client = front.accept();
                    threads.execute(() -> relay(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == TLS_HANDSHAKE_RECORD) {
                    // what a plain-HTTP server says to TLS, which tells the daemon to fall back to HTTP
                    client.getOutputStream()
                            .write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                try (Socket backend = new Socket(
                        InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                    OutputStream toBackend = backend.getOutputStream();
                    toBackend.write(first);
                    Future<?> back = threads.submit(() -> {
                        try {
                            backend.getInputStream().transferTo(client.getOutputStream());
                        } finally {
                            client.shutdownOutput();
                        }
                        return null;
                    });
                    in.transferTo(toBackend);
                    backend.shutdownOutput();
                    back.get();
                }
            } catch (IOException | ExecutionException e) {
                // the daemon or the server closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static FlakyRegistry start(String registry) throws IOException {
            return new FlakyRegistry(registry);
        }

        String address() {
            return "127.0.0.1:" + front.getLocalPort();
        }

        /** How many requests it answered 503. */
        int refused() {
            return refused.get();
        }

        /** The status of each manifest PUT, in order. */
        List<Integer> manifestPuts() {
            synchronized (log) {
                return log.stream()
                        .filter(line -> line.matches("PUT /v2/retries/.+/manifests/.+ -> \\d+"))
                        .map(line -> Integer.parseInt(line.substring(line.length() - 3)))
                        .toList();
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getRawPath();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (path.matches("/v2/retries/.+/blobs/.+") && refused.get() > 0) {
                    down.set(false); // a push after the refused one: jbake's next attempt
                }
                if (method.equals("PUT")
                        && path.matches("/v2/retries/.+/manifests/.+")
                        && (refused.get() == 0 || down.get())) {
                    down.set(true);
                    refused.incrementAndGet();
                    log.add(method + " " + path + " -> 503");
                    // as a load balancer in front of a registry answers: no registry error in the body
                    byte[] answer = "503 Service Unavailable\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(503, answer.length);
                    exchange.getResponseBody().write(answer);
                    return;
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create("http://" + registry + exchange.getRequestURI()))
                        .method(
                                method,
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                        values.forEach(value -> forward.header(name, value));
                    }
                });
                HttpResponse<byte[]> response;
                try {
                    response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                log.add(method + " " + path + " -> " + response.statusCode());
                List<String> lengths = new ArrayList<>();
                response.headers().map().forEach((name, values) -> {
                    String lower = name.toLowerCase();
                    if (lower.equals("content-length")) {
                        lengths.addAll(values);
                    } else if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
                        // the registry names upload URLs on its own address: they go through the stand-in too
                        values.forEach(value -> exchange.getResponseHeaders()
                                .add(name, value.replace("//" + registry + "/", "//" + address() + "/")));
                    }
                });
                byte[] answer = response.body();
                if (method.equals("HEAD")) {
                    lengths.forEach(length -> exchange.getResponseHeaders().add("Content-Length", length));
                    exchange.sendResponseHeaders(response.statusCode(), -1);
                } else {
                    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
                    exchange.getResponseBody().write(answer);
                }
            }
        }

        @Override
        public void close() throws IOException {
            front.close();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
