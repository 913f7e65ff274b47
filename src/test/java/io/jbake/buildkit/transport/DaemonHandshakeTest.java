package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How gRPC's connections to Docker Engine start ({@link DaemonHandshake}) and how a session's upgrade is asked
 * for, against a stand-in engine on a unix socket that records each request and answers as told: the request
 * bytes, and the errors people get when the engine refuses, stays silent or hangs up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonHandshakeTest {

    private static final String SWITCHED = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void grpcUpgradeRefusedIsReportedWithTheEnginesAnswer() throws Exception {
        String body = "{\"message\":\"no upgrade proto in request\"}";
        try (StandInEngine engine = new StandInEngine(
                dir.resolve("docker.sock"),
                head -> "HTTP/1.1 400 Bad Request\r\n" + "Content-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body)) {
            BuildKitException e = assertThrows(
                    BuildKitException.class, () -> DaemonConnection.open(Endpoint.docker(engine.address(), null)));
            assertEquals(
                    "cannot connect to Docker Engine at " + engine.address()
                            + ": POST /grpc: HTTP/1.1 400 Bad Request: " + body,
                    e.getMessage());
            assertEquals(
                    "POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                            + "Content-Length: 0\r\n\r\n",
                    engine.requests.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void silentEngineFailsWithinTheConnectTimeout() throws Exception {
        try (StandInEngine engine = new StandInEngine(dir.resolve("docker.sock"), head -> null)) {
            long start = System.nanoTime();
            BuildKitException e = assertThrows(
                    BuildKitException.class,
                    () -> DaemonConnection.open(
                            Endpoint.docker(engine.address(), null).withConnectTimeout(Duration.ofSeconds(1))));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(
                    "cannot connect to Docker Engine at " + engine.address() + ": POST /grpc: no answer within 1s",
                    e.getMessage());
            // waited for the timeout, and did not hang: the upper bound leaves room for a loaded machine
            assertTrue(millis >= 900 && millis < 10_000, millis + " ms");
        }
    }

    @Test
    void engineHangingUpMidAnswerIsReported() throws Exception {
        try (StandInEngine engine = new StandInEngine(dir.resolve("docker.sock"), head -> "HTTP/1.1 101 UPGR")) {
            engine.closeAfterAnswer = true;
            BuildKitException e = assertThrows(
                    BuildKitException.class, () -> DaemonConnection.open(Endpoint.docker(engine.address(), null)));
            assertEquals(
                    "cannot connect to Docker Engine at " + engine.address()
                            + ": the daemon closed the connection while answering POST /grpc",
                    e.getMessage());
        }
    }

    @Test
    void sessionUpgradeSendsEveryHeaderLineAndReportsARefusal() throws Exception {
        String body = "{\"message\":\"session s1 already exists\"}";
        try (StandInEngine engine = new StandInEngine(
                        dir.resolve("docker.sock"),
                        head -> head.startsWith("POST /session ")
                                ? "HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                                : SWITCHED);
                DaemonConnection daemon = DaemonConnection.open(Endpoint.docker(engine.address(), null))) {
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            headers.put("X-Docker-Expose-Session-Uuid", List.of("s1"));
            headers.put("X-Docker-Expose-Session-Grpc-Method", List.of("/a.B/C", "/a.B/D"));
            BuildKitException e = assertThrows(
                    BuildKitException.class,
                    () -> daemon.serveSession(
                            headers,
                            List.of(new HealthStatusManager().getHealthService().bindService())));
            assertEquals(
                    "cannot connect to Docker Engine at " + engine.address()
                            + ": POST /session: HTTP/1.1 400 Bad Request: " + body,
                    e.getMessage());
            assertEquals(
                    "POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                            + "Content-Length: 0\r\n\r\n",
                    engine.requests.poll(10, TimeUnit.SECONDS));
            assertEquals(
                    "POST /session HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                            + "Content-Length: 0\r\nX-Docker-Expose-Session-Uuid: s1\r\n"
                            + "X-Docker-Expose-Session-Grpc-Method: /a.B/C\r\nX-Docker-Expose-Session-Grpc-Method: /a.B/D\r\n\r\n",
                    engine.requests.poll(10, TimeUnit.SECONDS));
        }
    }

    /**
     * Accepts connections on a unix socket, records each request's head and answers it with what {@code answer}
     * gives for it (nothing when null), then keeps the connection open until closed (or closes it when told).
     */
    private static final class StandInEngine implements AutoCloseable {
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        volatile boolean closeAfterAnswer;
        private final Path socket;
        private final ServerSocketChannel server;
        private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

        StandInEngine(Path socket, Function<String, String> answer) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel client = server.accept();
                        open.add(client);
                        String head = readHead(java.nio.channels.Channels.newInputStream(client));
                        requests.add(head);
                        String reply = answer.apply(head);
                        if (reply != null) {
                            client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.ISO_8859_1)));
                        }
                        if (closeAfterAnswer) {
                            client.close();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "unix://" + socket;
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel client : open) {
                client.close();
            }
        }
    }
}
