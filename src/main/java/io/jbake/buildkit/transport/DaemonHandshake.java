package io.jbake.buildkit.transport;

import io.grpc.ChannelLogger;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;

/**
 * How each of gRPC's connections to a daemon starts, in its Netty pipeline, before gRPC's HTTP/2 handler
 * takes the connection over: TLS when the endpoint has it, then Docker Engine's {@code POST /grpc} upgrade.
 * Docker answers 101 and then speaks prior-knowledge HTTP/2 (not RFC 7540's upgrade); bytes that came after
 * the 101 answer in the same read are HTTP/2 and go on to gRPC. A connection whose start has
 * not finished within the timeout fails.
 *
 * <p>{@link #firstConnection()} tells how the first connection started: {@link DaemonConnection#open} reports
 * an unreachable daemon from it, with the cause as the socket, the TLS engine or the daemon's answer gave it.
 */
final class DaemonHandshake implements InternalProtocolNegotiator.ProtocolNegotiator {

    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString HTTPS = AsciiString.of("https");

    private final Supplier<SSLEngine> tls;
    private final String upgradePath;
    private final byte[] upgradeRequest;
    private final Duration timeout;
    private final CompletableFuture<Void> first = new CompletableFuture<>();

    /**
     * @param tls makes the TLS engine of each connection; null for none
     * @param upgradePath Docker Engine's path to upgrade on ({@code /grpc}), with {@code headers}
     * @param timeout how long the socket connection, TLS handshake and upgrade may take together
     */
    DaemonHandshake(Supplier<SSLEngine> tls, String upgradePath, Map<String, List<String>> headers, Duration timeout) {
        this.tls = tls;
        this.upgradePath = upgradePath;
        this.upgradeRequest = ByteConnection.upgradeRequest(upgradePath, "h2c", headers, "");
        this.timeout = timeout;
    }

    /** Completes when the first connection has started HTTP/2, or fails with why it could not. */
    CompletableFuture<Void> firstConnection() {
        return first;
    }

    @Override
    public AsciiString scheme() {
        return tls != null ? HTTPS : HTTP;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new Start(
                InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler), grpcHandler.getNegotiationLogger());
    }

    @Override
    public void close() {}

    /**
     * One connection's start. In the pipeline from before the socket connects, so it sees the connect request
     * and learns of its failure too. It begins once the channel is active and gRPC's negotiation has begun (in either order), and on
     * success replaces itself with gRPC's handler; on failure it passes the cause on to gRPC, which closes the
     * connection.
     */
    private final class Start extends InternalProtocolNegotiators.ProtocolNegotiationHandler {
        private boolean negotiating;
        private boolean started;
        private boolean ended;
        private ScheduledFuture<?> timer;
        /** Docker's answer to the upgrade so far; null until the request is written. */
        private ByteBuf answer;

        Start(ChannelHandler grpc, ChannelLogger logger) {
            super(grpc, "jbake-daemon", logger);
        }

        @Override
        public void connect(
                ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.addListener(connected -> {
                if (!connected.isSuccess()) {
                    fail(ctx, connected.cause());
                }
            });
            ctx.connect(remote, local, promise);
        }

        @Override
        protected void protocolNegotiationEventTriggered(ChannelHandlerContext ctx) {
            negotiating = true;
            startIfConnected(ctx);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            startIfConnected(ctx);
            super.channelActive(ctx);
        }

        private void startIfConnected(ChannelHandlerContext ctx) {
            if (started || !negotiating || !ctx.channel().isActive()) {
                return;
            }
            started = true;
            // the socket connection had its own bound (the channel's connect timeout); TLS and upgrade get this one
            timer = ctx.executor()
                    .schedule(
                            () -> fail(
                                    ctx,
                                    new IOException((answer != null ? "POST " + upgradePath : "the TLS handshake")
                                            + ": no answer within " + timeout.toSeconds() + "s")),
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
            if (tls != null) {
                // shakes hands as soon as it is added to an active channel; ends with a SslHandshakeCompletionEvent
                ctx.pipeline().addBefore(ctx.name(), null, new SslHandler(tls.get()));
            } else {
                upgrade(ctx);
            }
        }

        @Override
        protected void userEventTriggered0(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    upgrade(ctx);
                } else {
                    fail(ctx, handshake.cause());
                }
                return;
            }
            super.userEventTriggered0(ctx, event);
        }

        private void upgrade(ChannelHandlerContext ctx) {
            answer = ctx.alloc().buffer();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(upgradeRequest)).addListener(written -> {
                if (!written.isSuccess()) {
                    fail(ctx, written.cause());
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (answer == null || ended) {
                ctx.fireChannelRead(msg);
                return;
            }
            ByteBuf bytes = (ByteBuf) msg;
            try {
                answer.writeBytes(bytes);
            } finally {
                bytes.release();
            }
            byte[] received = ByteBufUtil.getBytes(answer);
            int end = ByteConnection.indexOfBlankLine(received, received.length);
            if (end < 0) {
                if (received.length > ByteConnection.MAX_RESPONSE_HEAD) {
                    fail(ctx, new IOException("the daemon's answer to POST " + upgradePath + " has no end of headers"));
                }
                return;
            }
            String refusal = ByteConnection.upgradeRefusal(upgradePath, received, end);
            if (refusal != null) {
                fail(ctx, new IOException(refusal));
                return;
            }
            ByteBuf http2 = answer.skipBytes(end + 4);
            answer = null;
            succeed(ctx, http2);
        }

        /** Hands the connection to gRPC, and {@code http2} (bytes read past the upgrade's answer) with it. */
        private void succeed(ChannelHandlerContext ctx, ByteBuf http2) {
            ended = true;
            timer.cancel(false);
            first.complete(null);
            fireProtocolNegotiationEvent(ctx); // this handler is replaced: gRPC's sends the client preface
            if (http2 == null) {
                return;
            }
            if (http2.isReadable()) {
                // a replaced handler's context passes events on to what replaced it
                ctx.fireChannelRead(http2);
                ctx.fireChannelReadComplete();
            } else {
                http2.release();
            }
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (ended) {
                return;
            }
            ended = true;
            if (timer != null) {
                timer.cancel(false);
            }
            releaseAnswer();
            Throwable reported = reported(cause);
            first.completeExceptionally(reported);
            ctx.fireExceptionCaught(reported); // gRPC fails the connection and closes it
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ended) {
                ctx.fireExceptionCaught(cause);
            } else {
                fail(ctx, cause);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!ended) {
                fail(
                        ctx,
                        new IOException(
                                answer != null
                                        ? "the daemon closed the connection while answering POST " + upgradePath
                                        : "the daemon closed the connection"));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releaseAnswer();
        }

        private void releaseAnswer() {
            if (answer != null) {
                answer.release();
                answer = null;
            }
        }
    }

    /**
     * {@code cause} as people should read it: Netty adds the address to a failed connect's message (the
     * endpoint names it already) and wraps what TLS throws while decoding.
     */
    private static Throwable reported(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new IOException("connect timed out", cause);
        }
        boolean annotated = cause.getClass().getName().startsWith("io.netty.channel.AbstractChannel$Annotated");
        if ((annotated || cause instanceof DecoderException) && cause.getCause() != null) {
            return cause.getCause();
        }
        return cause;
    }
}
