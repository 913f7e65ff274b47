package io.jbake.buildkit.transport;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.jbake.buildkit.BuildKitException;
import io.jbake.buildkit.proto.BytesMessage;
import io.jbake.buildkit.proto.ControlGrpc;
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
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gRPC channel to one BuildKit daemon, plus the way to open session tunnels to it.
 *
 * <p>grpc-java cannot be handed a socket that HTTP/1.1 upgraded, nor open unix sockets without native
 * code, so every transport goes through an in-process relay: gRPC talks to a Netty {@link LocalAddress};
 * each connection accepted there is spliced to a {@link ByteConnection} to the daemon (unix or tcp, TLS,
 * Docker's {@code /grpc} upgrade). {@link #open} dials once before returning, so an unreachable daemon is
 * reported at once, within the endpoint's connect timeout; that connection then serves gRPC's first.
 */
public final class DaemonConnection implements AutoCloseable {

  /** BuildKit's clients allow 16 MiB messages; grpc-java's default is 4 MiB. */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  private static final AtomicInteger RELAYS = new AtomicInteger();
  /**
   * gRPC sets SO_KEEPALIVE on every channel; Netty warns on stderr that a local channel has no such
   * option. Held here so the logger keeps its level.
   */
  private static final Logger BOOTSTRAP_LOGGER = Logger.getLogger("io.netty.bootstrap");

  static {
    BOOTSTRAP_LOGGER.setLevel(Level.SEVERE);
  }

  private final Endpoint endpoint;
  private final EventLoopGroup group;
  private final Channel relay;
  private final ManagedChannel channel;
  /** The probe's connection until gRPC's first connection takes it; closed with this if never taken. */
  private final AtomicReference<ByteConnection> unusedProbe;

  private DaemonConnection(Endpoint endpoint, EventLoopGroup group, Channel relay, ManagedChannel channel,
      AtomicReference<ByteConnection> unusedProbe) {
    this.endpoint = endpoint;
    this.group = group;
    this.relay = relay;
    this.channel = channel;
    this.unusedProbe = unusedProbe;
  }

  /**
   * Connects to {@code endpoint}.
   *
   * @throws BuildKitException naming the address and the cause when the daemon cannot be reached
   */
  public static DaemonConnection open(Endpoint endpoint) {
    ByteConnection probe;
    try {
      probe = endpoint.dialControl(); // reachable, and for Docker the /grpc upgrade was accepted
    } catch (IOException e) {
      throw unreachable(endpoint, e);
    }
    // gRPC's first connection, made by the first call right after this, carries on over the probe's instead
    // of dialling (and, for Docker, upgrading) a second time
    AtomicReference<ByteConnection> unused = new AtomicReference<>(probe);
    Splice.Dialer dialer = () -> {
      ByteConnection open = unused.getAndSet(null);
      return open != null ? open : endpoint.dialControl();
    };
    EventLoopGroup group = new DefaultEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "jbake-daemon-relay");
      t.setDaemon(true);
      return t;
    });
    LocalAddress address = new LocalAddress("jbake-daemon-" + RELAYS.incrementAndGet());
    Channel relay;
    try {
      relay = new ServerBootstrap()
          .group(group)
          .channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel child) {
              // dials off the event loop; what gRPC writes meanwhile waits in the splice
              child.pipeline().addLast(new Splice(dialer));
            }
          })
          .bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      ByteConnection.closeQuietly(unused.get());
      throw e;
    }
    return new DaemonConnection(endpoint, group, relay, localChannel(address, group), unused);
  }

  /** The gRPC channel jbake talks to a relay (or any in-process server) through, on {@code group}. */
  public static ManagedChannel localChannel(LocalAddress address, EventLoopGroup group) {
    return NettyChannelBuilder.forAddress(address)
        .channelType(LocalChannel.class)
        .eventLoopGroup(group)
        .usePlaintext()
        .overrideAuthority("localhost")
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        // a failed build's error comes back in the trailers with BuildKit's stack traces, often beyond
        // the 8 KiB grpc-java allows by default (Go's clients allow 16 MiB)
        .maxInboundMetadataSize(16 << 20)
        .build();
  }

  static BuildKitException unreachable(Endpoint endpoint, IOException e) {
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
   * Connects the daemon to a session server listening on {@code server}: Docker's {@code POST /session}
   * for Docker Engine, the {@code Control.Session} byte tunnel for buildkitd. In both the daemon is the
   * HTTP/2 client and the server at {@code server} answers it.
   *
   * <p>For Docker the daemon connection is upgraded first and the in-process end is connected with the
   * splice already in its pipeline, so the server's first frame (its SETTINGS, which the daemon requires
   * first) and every later one reach the daemon whole and in the order written.
   *
   * @param headers the session headers ({@code X-Docker-Expose-Session-*}); several values are sent as
   *     several headers, never joined with commas
   * @param serverGroup the server's event loop group: the tunnel's in-process end runs on it too, so bytes
   *     pass between the server and the tunnel without changing threads
   * @return the tunnel; closing it ends the session
   */
  public AutoCloseable openSessionTunnel(Map<String, List<String>> headers, LocalAddress server,
      EventLoopGroup serverGroup) {
    if (endpoint.kind() == Endpoint.Kind.DOCKER) {
      ByteConnection daemon;
      try {
        daemon = endpoint.dialDockerSession(headers);
      } catch (IOException e) {
        throw unreachable(endpoint, e);
      }
      Channel local;
      try {
        local = connectLocal(server, serverGroup, new Splice(daemon));
      } catch (RuntimeException e) {
        try {
          daemon.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      return () -> local.close().syncUninterruptibly();
    }
    return tunnelThroughControlSession(headers, server, serverGroup);
  }

  /**
   * Connects an in-process client channel to {@code server}, with {@code handler} in place before it
   * connects: a handler added later from another thread can miss the first bytes (the read that the
   * channel's activation starts may run before the handler's addition does, and hand them to the end of
   * the pipeline, which drops them; for the session that was the server's SETTINGS frame).
   */
  private static Channel connectLocal(LocalAddress server, EventLoopGroup group, ChannelHandler handler) {
    return new Bootstrap()
        .group(group)
        .channel(LocalChannel.class)
        // the splice passes buffers on as they come; gathering them into bigger ones would only copy them
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096))
        .handler(handler)
        .connect(server).syncUninterruptibly().channel();
  }

  /**
   * Copies the session's HTTP/2 bytes through {@code Control.Session}'s stream of BytesMessage, with the
   * headers as gRPC metadata. The call starts first, asking for no message until the in-process end is
   * connected (with its handler in place). Outbound follows the stream's readiness (the local channel stops
   * reading while gRPC's buffer is full); inbound asks for one message at a time.
   */
  private AutoCloseable tunnelThroughControlSession(Map<String, List<String>> headers, LocalAddress server,
      EventLoopGroup serverGroup) {
    Metadata metadata = new Metadata();
    headers.forEach((key, values) -> values.forEach(
        v -> metadata.put(Metadata.Key.of(key.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), v)));
    ControlGrpc.ControlStub stub = ControlGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));

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
        closeLocal();
      }

      @Override
      public void onCompleted() {
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
      local = connectLocal(server, serverGroup, toControlSession(tunnel.toDaemon));
    } catch (RuntimeException e) {
      tunnel.toDaemon.cancel("the session server is not listening", e);
      throw e;
    }
    tunnel.local = local;
    tunnel.toDaemon.request(1);
    return () -> local.close().syncUninterruptibly();
  }

  /** Sends what the session server writes as Control.Session messages, reading while the call is ready. */
  private static ChannelHandler toControlSession(ClientCallStreamObserver<BytesMessage> toDaemon) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
          toDaemon.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(buf.nioBuffer())).build());
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
    relay.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    ByteConnection.closeQuietly(unusedProbe.getAndSet(null));
  }
}
