package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon reads first on a fresh tunnel, against a stand-in Docker Engine that records it. On
 * {@code /session} the daemon is the HTTP/2 client and grpc-go fails the session unless the first frame
 * from the server is its SETTINGS ("initial http2 frame from server is not a settings frame"); on
 * {@code /grpc} jbake is the client and must start with the client preface. The stand-in sends its first
 * HTTP/2 bytes with the 101 answer, so they come in the same read: they must reach the session server.
 * Many tunnels open at once, as in a cold bake of many targets, each must start right.
 */
class SessionTunnelTest {

    private static final byte[] CLIENT_PREFACE =
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SETTINGS = 0x4;

    @TempDir
    Path dir;

    @Test
    void everySessionTunnelStartsWithTheServersSettingsFrame() throws Exception {
        int sessions = 48;
        try (FakeEngine engine = new FakeEngine(dir.resolve("docker.sock"));
                DaemonConnection daemon = DaemonConnection.open(Endpoint.docker(engine.address(), null))) {
            ExecutorService openers = Executors.newFixedThreadPool(12);
            List<Future<AutoCloseable>> opened = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                opened.add(openers.submit(() -> openSession(daemon, "s" + n)));
            }
            List<AutoCloseable> tunnels = new ArrayList<>();
            for (Future<AutoCloseable> f : opened) {
                tunnels.add(f.get(30, TimeUnit.SECONDS));
            }
            openers.shutdown();
            for (int i = 0; i < sessions; i++) {
                assertEquals(
                        "SETTINGS flags=0, ours acknowledged",
                        engine.sessionFirstFrames.poll(30, TimeUnit.SECONDS),
                        "session " + i);
            }
            for (AutoCloseable tunnel : tunnels) {
                tunnel.close();
            }
        }
    }

    @Test
    void everyControlConnectionStartsWithTheClientPreface() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("docker.sock"))) {
            for (int i = 0; i < 16; i++) {
                try (DaemonConnection daemon = DaemonConnection.open(Endpoint.docker(engine.address(), null))) {
                    try {
                        HealthGrpc.newBlockingStub(daemon.channel())
                                .withDeadlineAfter(2, TimeUnit.SECONDS)
                                .check(HealthCheckRequest.getDefaultInstance());
                    } catch (RuntimeException expected) {
                        // the stand-in engine hangs up after the preface
                    }
                    assertEquals(
                            "preface, then SETTINGS flags=0",
                            engine.controlFirstFrames.poll(30, TimeUnit.SECONDS),
                            "connection " + i);
                }
            }
        }
    }

    /** A session served as Session serves one (health only). */
    private static AutoCloseable openSession(DaemonConnection daemon, String id) {
        return daemon.serveSession(
                Map.of("X-Docker-Expose-Session-Uuid", List.of(id)),
                List.of(new HealthStatusManager().getHealthService().bindService()));
    }

    /**
     * Answers every request with 101 and then plays the daemon's side of the upgraded connection far enough
     * to see how the other side starts: on {@code /session} it sends the client preface and reads the first
     * frame; on {@code /grpc} it reads the client preface and the frame after it.
     */
    private static final class FakeEngine implements AutoCloseable {
        final BlockingQueue<String> sessionFirstFrames = new LinkedBlockingQueue<>();
        final BlockingQueue<String> controlFirstFrames = new LinkedBlockingQueue<>();
        private final ServerSocketChannel server;
        private final Path socket;

        FakeEngine(Path socket) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel client = server.accept();
                        Thread t = new Thread(() -> serve(client));
                        t.setDaemon(true);
                        t.start();
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

        private void serve(SocketChannel client) {
            String head = "";
            try (client) {
                InputStream in = Channels.newInputStream(client);
                OutputStream out = Channels.newOutputStream(client);
                head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                byte[] upgraded = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                if (head.startsWith("POST /session ")) {
                    // the daemon's first HTTP/2 bytes in the same write as the 101: jbake reads them with the answer
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    answer.write(upgraded);
                    answer.write(CLIENT_PREFACE);
                    answer.write(new byte[] {0, 0, 0, SETTINGS, 0, 0, 0, 0, 0}); // empty SETTINGS
                    out.write(answer.toByteArray());
                    out.flush();
                    sessionFirstFrames.add(frame(in) + ", " + settingsAck(in));
                    in.transferTo(OutputStream.nullOutputStream()); // until the tunnel closes
                } else {
                    out.write(upgraded);
                    byte[] preface = in.readNBytes(CLIENT_PREFACE.length);
                    controlFirstFrames.add(
                            java.util.Arrays.equals(preface, CLIENT_PREFACE)
                                    ? "preface, then " + frame(in)
                                    : "no preface: " + new String(preface, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                (head.startsWith("POST /session ") ? sessionFirstFrames : controlFirstFrames).add("failed: " + e);
            }
        }

        /**
         * Whether the server acknowledges the client's SETTINGS among its next few frames: it does only once it
         * has read the preface and SETTINGS the stand-in sent along with its 101 answer.
         */
        private static String settingsAck(InputStream in) throws IOException {
            for (int i = 0; i < 4; i++) {
                String frame = frame(in);
                if (frame.equals("SETTINGS flags=1")) {
                    return "ours acknowledged";
                }
                if (frame.equals("end of stream")) {
                    break;
                }
            }
            return "ours not acknowledged";
        }

        /** The next frame's type and flags, its payload skipped. */
        private static String frame(InputStream in) throws IOException {
            byte[] header = in.readNBytes(9);
            if (header.length < 9) {
                return "end of stream";
            }
            int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
            in.readNBytes(length);
            String type = header[3] == SETTINGS ? "SETTINGS" : "frame type " + header[3];
            return type + " flags=" + header[4];
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
