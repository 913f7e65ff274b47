package io.jbake.buildkit;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Serves session services over real HTTP/2 (Netty's in-memory transport), with a channel playing the
 * daemon's side, so tests exercise gRPC framing and flow control as a session does.
 */
public final class ServiceHarness implements AutoCloseable {
    /** Netty warns that SO_KEEPALIVE means nothing in memory; held so the level is not garbage collected. */
    private static final java.util.logging.Logger BOOTSTRAP_LOG = quiet("io.netty.bootstrap");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final Server server;
    private final ManagedChannel channel;

    public ServiceHarness(BindableService... services) throws IOException {
        LocalAddress address = new LocalAddress("jbake-test-" + UUID.randomUUID());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(LocalServerChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .maxInboundMessageSize(16 << 20);
        for (BindableService service : services) {
            builder.addService(service);
        }
        server = builder.build().start();
        channel = NettyChannelBuilder.forAddress(address)
                .channelType(LocalChannel.class)
                .eventLoopGroup(group)
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
