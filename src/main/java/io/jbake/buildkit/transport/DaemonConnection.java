package io.jbake.buildkit.transport;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.InternalNettyChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.jbake.buildkit.proto.BytesMessage;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.InfoRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gRPC channel to one BuildKit daemon, and the sessions jbake serves to it ({@link #serveSession}).
 *
 * <p>To Docker Engine gRPC connects through the socket itself (Netty's NIO transport, unix sockets included),
 * on one event loop thread the whole process shares; {@link DaemonHandshake} adds TLS and Docker's {@code /grpc}
 * upgrade in front of HTTP/2. To buildkitd ({@link Endpoint#direct()} says why), and to a buildkitd in a
 * container, reached through processes the engine starts, which gRPC cannot dial, gRPC talks to a Netty
 * {@link LocalAddress} and each connection accepted there is spliced to a {@link ByteConnection} (the relay). Either way {@link #open} connects once before returning, so an
 * unreachable daemon is reported at once, within the endpoint's connect timeout; that connection then serves
 * gRPC's first call.
 */
public final class DaemonConnection implements AutoCloseable {
    static {
        QuietLibraries.apply(); // before any Netty class initialises
    }

    /** BuildKit's clients allow 16 MiB messages; grpc-java's default is 4 MiB. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    private static final AtomicInteger RELAYS = new AtomicInteger();
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    /**
     * gRPC sets SO_KEEPALIVE on every channel; Netty warns on stderr that a local or unix channel has no such
     * option. Held here so the logger keeps its level.
     */
    private static final Logger BOOTSTRAP_LOGGER = Logger.getLogger("io.netty.bootstrap");

    static {
        BOOTSTRAP_LOGGER.setLevel(Level.SEVERE);
    }

    /**
     * The event loop of every direct daemon connection: one daemon thread, made on first use, stopped only as the
     * JVM exits. HotSpot's exit waits up to 300 ms for threads in native code, which this loop's thread, waiting
     * in {@code epoll_wait}, always is: stopped first, a command run in its own JVM ({@code JBAKE_SERVER=0}, the
     * launcher's first) ends that much sooner.
     */
    private static final class SocketLoop {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("jbake-daemon-io", true), NioIoHandler.newFactory());

        static {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> GROUP.shutdownGracefully(0, 0, TimeUnit.SECONDS)
                                    .awaitUninterruptibly(1, TimeUnit.SECONDS),
                            "jbake-daemon-io-stop"));
        }
    }

    /**
     * The event loop of every in-process channel (Netty's local transport cannot run on {@link SocketLoop}'s):
     * relays and tunnelled session servers. One daemon thread, made on first use, never stopped.
     */
    private static final class InProcessLoop {
        static final EventLoopGroup GROUP =
                new DefaultEventLoopGroup(1, new DefaultThreadFactory("jbake-in-process", true));
    }

    private final Endpoint endpoint;
    private final ManagedChannel channel;
    /** Stops the relay, if the channel goes through one. */
    private final Runnable closeRelay;

    private DaemonConnection(Endpoint endpoint, ManagedChannel channel, Runnable closeRelay) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.closeRelay = closeRelay;
    }

    /**
     * Connects to {@code endpoint}.
     *
     * @throws BuildKitException naming the address and the cause when the daemon cannot be reached
     */
    public static DaemonConnection open(Endpoint endpoint) {
        return endpoint.direct() ? openDirect(endpoint) : openRelayed(endpoint);
    }

    /**
     * Connects to {@code endpoint} and checks that BuildKit answers there ({@code Control.Info}), waiting out
     * a first call that fails transiently, but no longer than the connect timeout.
     *
     * @throws BuildKitException when the daemon is unreachable or does not answer within the connect timeout
     */
    public static DaemonConnection openAnswering(Endpoint endpoint) {
        DaemonConnection daemon = open(endpoint);
        long deadline = System.nanoTime() + endpoint.connectTimeout().toNanos();
        while (true) {
            try {
                ControlGrpc.newBlockingStub(daemon.channel)
                        .withWaitForReady()
                        .withDeadlineAfter(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .info(InfoRequest.getDefaultInstance());
                return daemon;
            } catch (StatusRuntimeException e) {
                // A transport that closes under the first call (seen now and then on a busy engine) fails the
                // call even with wait-for-ready; Info is idempotent, so ask again while time is left.
                boolean retry = e.getStatus().getCode() == Status.Code.UNAVAILABLE
                        && deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(200);
                if (!retry) {
                    daemon.close();
                    // a peer that accepts and stays silent: grpc-java's deadline message is about its call options
                    String why = e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                            ? "no answer within " + endpoint.connectTimeout().toSeconds() + "s"
                            : BuildKitException.describe(e.getStatus());
                    throw new BuildKitException(endpoint + " does not answer as BuildKit: " + why, e);
                }
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new BuildKitException("interrupted while connecting", interrupted);
        }
    }

    private static DaemonConnection openDirect(Endpoint endpoint) {
        SocketAddress address;
        DaemonHandshake handshake;
        try {
            address = endpoint.socketAddress();
            handshake = endpoint.handshake();
        } catch (IOException e) {
            throw unreachable(endpoint, e);
        }
        NettyChannelBuilder builder = withLimits(NettyChannelBuilder.forAddress(address))
                .channelType(
                        address instanceof UnixDomainSocketAddress
                                ? NioDomainSocketChannel.class
                                : NioSocketChannel.class)
                .eventLoopGroup(SocketLoop.GROUP)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        endpoint.connectTimeout().toMillis());
        // grpc-netty's only hook for a connection start of one's own (its public ones are TLS or plaintext)
        InternalNettyChannelBuilder.setProtocolNegotiatorFactory(builder, () -> handshake);
        ManagedChannel channel = builder.build();
        channel.getState(true); // connects now rather than on the first call
        try {
            // the handshake bounds the connection's start; this only guards against one that never begins
            handshake.firstConnection().get(2 * endpoint.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            channel.shutdownNow();
            throw unreachable(endpoint, e.getCause());
        } catch (TimeoutException e) {
            channel.shutdownNow();
            throw unreachable(
                    endpoint,
                    new IOException(
                            "no connection within " + endpoint.connectTimeout().toSeconds() + "s"));
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
            throw new BuildKitException("interrupted while connecting to " + endpoint, e);
        }
        return new DaemonConnection(endpoint, channel, () -> {});
    }

    private static DaemonConnection openRelayed(Endpoint endpoint) {
        ByteConnection probe;
        try {
            probe = endpoint.dialControl(); // reachable: the container runs and its buildctl started
        } catch (IOException e) {
            throw unreachable(endpoint, e);
        }
        // gRPC's first connection, made by the first call right after this, carries on over the probe's instead
        // of dialling a second time
        AtomicReference<ByteConnection> unused = new AtomicReference<>(probe);
        Splice.Dialer dialer = () -> {
            ByteConnection open = unused.getAndSet(null);
            return open != null ? open : endpoint.dialControl();
        };
        LocalAddress address = new LocalAddress("jbake-daemon-" + RELAYS.incrementAndGet());
        Channel relay;
        try {
            relay = new ServerBootstrap()
                    .group(InProcessLoop.GROUP)
                    .channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel child) {
                            // dials off the event loop; what gRPC writes meanwhile waits in the splice
                            child.pipeline().addLast(new Splice(dialer));
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            ByteConnection.closeQuietly(unused.get());
            throw e;
        }
        return new DaemonConnection(endpoint, localChannel(address, InProcessLoop.GROUP), () -> {
            relay.close().syncUninterruptibly();
            ByteConnection.closeQuietly(unused.getAndSet(null));
        });
    }

    /** The gRPC channel jbake talks to a relay (or any in-process server) through, on {@code group}. */
    public static ManagedChannel localChannel(LocalAddress address, EventLoopGroup group) {
        return withLimits(NettyChannelBuilder.forAddress(address))
                .channelType(LocalChannel.class)
                .eventLoopGroup(group)
                .usePlaintext()
                .build();
    }

    /** The settings every channel to a daemon shares. */
    private static NettyChannelBuilder withLimits(NettyChannelBuilder builder) {
        return builder.overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                // a failed build's error comes back in the trailers with BuildKit's stack traces, often beyond
                // the 8 KiB grpc-java allows by default (Go's clients allow 16 MiB)
                .maxInboundMetadataSize(16 << 20);
    }

    static BuildKitException unreachable(Endpoint endpoint, Throwable e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new BuildKitException("cannot connect to " + endpoint + ": " + why, e);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The channel for BuildKit's Control service (and any other service the daemon's gRPC server has). */
    public ManagedChannel channel() {
        return channel;
    }

    /**
     * Serves a session to the daemon until the returned handle is closed: a gRPC server with {@code services},
     * introduced by {@code headers} ({@code X-Docker-Expose-Session-*}; several values are sent as several
     * headers, never joined with commas). In a session the daemon is the HTTP/2 client and this server answers
     * it. For Docker Engine on a unix socket the server serves the very socket {@code POST /session} upgraded, on
     * the shared event loop. Otherwise it listens in process and a tunnel carries its bytes ({@link
     * #openSessionTunnel}).
     *
     * @return closing it ends the session and stops the server; it tells when its connection ends before that
     * @throws BuildKitException when the daemon cannot be reached or refuses the session
     */
    public ServedSession serveSession(Map<String, List<String>> headers, List<ServerServiceDefinition> services) {
        CompletableFuture<Status> connectionEnded = new CompletableFuture<>();
        if (endpoint.upgradesUnixSessions()) {
            return new ServedSession(serveOnUpgradedSocket(headers, services, connectionEnded), connectionEnded);
        }
        LocalAddress address = new LocalAddress("jbake-session-" + SESSIONS.incrementAndGet());
        Server server = serveInProcess(address, InProcessLoop.GROUP, services);
        AutoCloseable tunnel;
        try {
            tunnel = openSessionTunnel(headers, address, connectionEnded);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw e;
        }
        return new ServedSession(
                () -> {
                    try {
                        tunnel.close();
                    } catch (Exception e) {
                        // the daemon side is gone already
                    }
                    stop(server);
                },
                connectionEnded);
    }

    /**
     * {@link #serveSession} on a unix socket Docker upgraded: the server takes the socket over; {@code
     * connectionEnded} completes when the socket closes.
     */
    private AutoCloseable serveOnUpgradedSocket(
            Map<String, List<String>> headers,
            List<ServerServiceDefinition> services,
            CompletableFuture<Status> connectionEnded) {
        Endpoint.UpgradedSocket upgraded;
        try {
            upgraded = endpoint.dialDockerSessionSocket(headers);
        } catch (IOException e) {
            throw unreachable(endpoint, e);
        }
        HandOverServerChannel listener = new HandOverServerChannel();
        Server server;
        try {
            server = withSessionLimits(
                            NettyServerBuilder.forAddress(
                                    new LocalAddress("jbake-session-" + SESSIONS.incrementAndGet())),
                            services)
                    .channelFactory(() -> listener)
                    .bossEventLoopGroup(SocketLoop.GROUP)
                    .workerEventLoopGroup(SocketLoop.GROUP)
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            try {
                upgraded.socket().close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new BuildKitException("cannot start the session server: " + e.getMessage(), e);
        }
        NioDomainSocketChannel socket = new NioDomainSocketChannel(listener, upgraded.socket());
        socket.closeFuture().addListener(closed -> connectionEnded.complete(ServedSession.CLOSED));
        listener.accept(socket, upgraded.overRead());
        return () -> stop(server);
    }

    /**
     * Starts a gRPC server with {@code services} on the in-process {@code address}, on {@code group}: a session's
     * server when a tunnel carries the session, or one served to this process only.
     *
     * @throws BuildKitException when the server cannot start
     */
    public static Server serveInProcess(
            LocalAddress address, EventLoopGroup group, List<ServerServiceDefinition> services) {
        try {
            return withSessionLimits(NettyServerBuilder.forAddress(address), services)
                    .channelType(LocalServerChannel.class)
                    .bossEventLoopGroup(group)
                    .workerEventLoopGroup(group)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new BuildKitException("cannot start the session server: " + e.getMessage(), e);
        }
    }

    private static NettyServerBuilder withSessionLimits(
            NettyServerBuilder builder, List<ServerServiceDefinition> services) {
        builder.maxInboundMessageSize(MAX_MESSAGE_BYTES);
        services.forEach(builder::addService);
        return builder;
    }

    private static void stop(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Connects the daemon to a session server listening on {@code server}: Docker's {@code POST /session}
     * for Docker Engine, the {@code Control.Session} byte tunnel for buildkitd. In both the daemon is the
     * HTTP/2 client and the server at {@code server} answers it.
     *
     * <p>For Docker the daemon connection is upgraded first and the in-process end is connected with the
     * splice already in its pipeline, so the server's first frame (its SETTINGS, which the daemon requires
     * first) and every later one reach the daemon whole and in the order written.
     *
     * <p>The tunnel's in-process end runs on the server's event loop, so bytes pass between the server and the
     * tunnel without changing threads.
     *
     * @param connectionEnded completes, with why, when the tunnel ends
     * @return the tunnel; closing it ends the session
     */
    private AutoCloseable openSessionTunnel(
            Map<String, List<String>> headers, LocalAddress server, CompletableFuture<Status> connectionEnded) {
        if (endpoint.kind() == Endpoint.Kind.DOCKER) {
            ByteConnection daemon;
            try {
                daemon = endpoint.dialDockerSession(headers);
            } catch (IOException e) {
                throw unreachable(endpoint, e);
            }
            Channel local;
            try {
                local = connectLocal(server, new Splice(daemon));
            } catch (RuntimeException e) {
                try {
                    daemon.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            // the splice closes the in-process end when the daemon's side ends, and the daemon's side when it closes
            local.closeFuture().addListener(closed -> connectionEnded.complete(ServedSession.CLOSED));
            return () -> local.close().syncUninterruptibly();
        }
        return tunnelThroughControlSession(headers, server, connectionEnded);
    }

    /**
     * Connects an in-process client channel to {@code server}, with {@code handler} in place before it
     * connects: a handler added later from another thread can miss the first bytes (the read that the
     * channel's activation starts may run before the handler's addition does, and hand them to the end of
     * the pipeline, which drops them; for the session that was the server's SETTINGS frame).
     */
    private static Channel connectLocal(LocalAddress server, ChannelHandler handler) {
        return new Bootstrap()
                .group(InProcessLoop.GROUP)
                .channel(LocalChannel.class)
                // the splice passes buffers on as they come; gathering them into bigger ones would only copy them
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096))
                .handler(handler)
                .connect(server)
                .syncUninterruptibly()
                .channel();
    }

    /**
     * Copies the session's HTTP/2 bytes through {@code Control.Session}'s stream of BytesMessage, with the
     * headers as gRPC metadata. The call starts first, asking for no message until the in-process end is
     * connected (with its handler in place). Outbound follows the stream's readiness (the local channel stops
     * reading while gRPC's buffer is full); inbound asks for one message at a time. {@code connectionEnded}
     * completes with the call's end: its failure, or the daemon's end of the stream.
     */
    private AutoCloseable tunnelThroughControlSession(
            Map<String, List<String>> headers, LocalAddress server, CompletableFuture<Status> connectionEnded) {
        Metadata metadata = new Metadata();
        headers.forEach((key, values) -> values.forEach(v -> metadata.put(
                Metadata.Key.of(key.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), v)));
        ControlGrpc.ControlStub stub =
                ControlGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));

        class Tunnel implements ClientResponseObserver<BytesMessage, BytesMessage> {
            ClientCallStreamObserver<BytesMessage> toDaemon;
            volatile Channel local; // set once connected, before the first message is requested

            @Override
            public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
                toDaemon = requestStream;
                requestStream.disableAutoRequestWithInitial(0);
                requestStream.setOnReadyHandler(() -> {
                    Channel connected = local;
                    if (connected != null) {
                        connected.eventLoop().execute(() -> connected.config().setAutoRead(true));
                    }
                });
            }

            @Override
            public void onNext(BytesMessage message) {
                ByteBuf bytes = Unpooled.wrappedBuffer(message.getData().asReadOnlyByteBuffer());
                local.writeAndFlush(bytes).addListener(f -> toDaemon.request(1));
            }

            @Override
            public void onError(Throwable t) {
                connectionEnded.complete(Status.fromThrowable(t));
                closeLocal();
            }

            @Override
            public void onCompleted() {
                connectionEnded.complete(ServedSession.CLOSED);
                closeLocal();
            }

            private void closeLocal() {
                Channel connected = local;
                if (connected != null) {
                    connected.close();
                }
            }
        }

        Tunnel tunnel = new Tunnel();
        stub.session(tunnel);
        Channel local;
        try {
            local = connectLocal(server, toControlSession(tunnel.toDaemon));
        } catch (RuntimeException e) {
            tunnel.toDaemon.cancel("the session server is not listening", e);
            throw e;
        }
        tunnel.local = local;
        // the call is not thread-safe: it is only used from the local channel's event loop, where its messages are sent
        local.eventLoop().execute(() -> tunnel.toDaemon.request(1));
        return () -> local.close().syncUninterruptibly();
    }

    /** Sends what the session server writes as Control.Session messages, reading while the call is ready. */
    private static ChannelHandler toControlSession(ClientCallStreamObserver<BytesMessage> toDaemon) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                try {
                    toDaemon.onNext(BytesMessage.newBuilder()
                            .setData(ByteString.copyFrom(buf.nioBuffer()))
                            .build());
                } catch (RuntimeException e) {
                    ctx.close(); // the call is already over (cancelled or failed)
                    return;
                } finally {
                    buf.release();
                }
                if (!toDaemon.isReady()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                try {
                    toDaemon.onCompleted();
                } catch (RuntimeException e) {
                    // the call is already over
                }
            }
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeRelay.run();
    }
}
