package io.jbake.buildkit.transport;

import io.jbake.io.ChannelStreams;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for a standalone buildkitd in tests: accepts connections on a unix socket or a loopback
 * (TLS) tcp port, upgrades each one on Docker Engine's {@code POST /grpc}, and pipes bytes both ways.
 * Docker's /grpc serves the same Control API buildkitd does, Control.Session included. As a plain
 * proxy ({@link #dockerProxy}) it forwards the engine API untouched, and {@link #dropConnections}
 * then plays a daemon that dies; {@link #bytesToDaemon()} tells how far an upload has got.
 */
public final class GrpcUpgradeRelay implements Closeable {

    private final Endpoint engine;
    private final Closeable listener;
    private final String address;
    private final boolean upgrade;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong toDaemon = new AtomicLong();

    private GrpcUpgradeRelay(Endpoint engine, Closeable listener, String address, boolean upgrade) {
        this.engine = engine;
        this.listener = listener;
        this.address = address;
        this.upgrade = upgrade;
    }

    public static GrpcUpgradeRelay unix(Endpoint engine, Path socket) throws IOException {
        return unix(engine, socket, true);
    }

    /** Forwards Docker Engine's API at {@code socket} as is (no /grpc upgrade); {@code engine} is Docker's. */
    public static GrpcUpgradeRelay dockerProxy(Endpoint engine, Path socket) throws IOException {
        return unix(engine, socket, false);
    }

    private static GrpcUpgradeRelay unix(Endpoint engine, Path socket, boolean upgrade) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        GrpcUpgradeRelay relay = new GrpcUpgradeRelay(engine, server, "unix://" + socket, upgrade);
        daemonThread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    relay.pipe(ChannelStreams.input(client), ChannelStreams.output(client), client);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return relay;
    }

    /** On 127.0.0.1; {@code server} may be an SSLServerSocket already configured by the test. */
    static GrpcUpgradeRelay tcp(Endpoint engine, ServerSocket server) {
        return tcp(engine, server, true);
    }

    /** Forwards Docker Engine's API on {@code server} (e.g. TLS) as is; {@code engine} is Docker's, on a unix socket. */
    static GrpcUpgradeRelay tcpDockerProxy(Endpoint engine, ServerSocket server) {
        return tcp(engine, server, false);
    }

    private static GrpcUpgradeRelay tcp(Endpoint engine, ServerSocket server, boolean upgrade) {
        GrpcUpgradeRelay relay =
                new GrpcUpgradeRelay(engine, server, "tcp://127.0.0.1:" + server.getLocalPort(), upgrade);
        daemonThread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    relay.pipe(client.getInputStream(), client.getOutputStream(), client);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return relay;
    }

    static ServerSocket loopback() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** The address to give jbake, {@code unix:///...} or {@code tcp://127.0.0.1:port}. */
    public String address() {
        return address;
    }

    private void pipe(InputStream clientIn, OutputStream clientOut, Closeable client) {
        daemonThread(() -> {
            open.add(client);
            try (ByteConnection upstream = upgrade
                    ? engine.dialControl()
                    : ByteConnection.unix(
                            Path.of(java.net.URI.create(engine.address()).getPath()))) {
                open.add(upstream);
                daemonThread(() -> copy(clientIn, upstream.output(), client, upstream, toDaemon));
                copy(upstream.input(), clientOut, client, upstream, new AtomicLong());
            } catch (IOException e) {
                closeQuietly(client);
            }
        });
    }

    private static void copy(InputStream in, OutputStream out, Closeable a, Closeable b, AtomicLong copied) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                copied.addAndGet(n);
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    private static void daemonThread(Runnable r) {
        Thread t = new Thread(r, "test-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** How many bytes went from jbake to the daemon so far, over every connection. */
    public long bytesToDaemon() {
        return toDaemon.get();
    }

    /** Cuts every connection made so far, both sides, as a daemon that dies would. */
    public void dropConnections() {
        open.forEach(GrpcUpgradeRelay::closeQuietly);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
