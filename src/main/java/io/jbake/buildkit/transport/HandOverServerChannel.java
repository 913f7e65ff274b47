package io.jbake.buildkit.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AbstractServerChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * A server channel that listens on nothing: a connection opened elsewhere is handed to it ({@link #accept})
 * and reaches its server as if accepted there. It lets a grpc-java server serve a socket on which jbake
 * dialled the daemon and the daemon then became the HTTP/2 client (Docker's {@code /session}).
 *
 * <p>Bound to any address (a name only); one event loop task per hand-over, no I/O of its own.
 */
final class HandOverServerChannel extends AbstractServerChannel {

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private volatile boolean open = true;
    private volatile SocketAddress address;

    /**
     * Gives {@code child}, an unregistered connected channel, to this channel's server, which registers it on
     * its worker group; {@code overRead} (bytes already read from its socket; may be empty) reaches the server's
     * handlers before any byte the child reads itself.
     */
    void accept(Channel child, byte[] overRead) {
        if (overRead.length > 0) {
            child.pipeline().addFirst(new Replay(Unpooled.wrappedBuffer(overRead)));
        }
        eventLoop().execute(() -> {
            pipeline().fireChannelRead(child);
            pipeline().fireChannelReadComplete();
        });
    }

    /**
     * Passes bytes read before the hand-over on as the child's first read, once the child is active: by then the
     * server's handlers are in place (they are added as it registers), and the child's own reading starts after
     * this.
     */
    private static final class Replay extends ChannelInboundHandlerAdapter {
        private final ByteBuf bytes;

        Replay(ByteBuf bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(bytes);
            ctx.fireChannelReadComplete();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive() && bytes.refCnt() > 0) {
                bytes.release(); // closed before it became active
            }
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && address != null;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true; // runs tasks only
    }

    @Override
    protected SocketAddress localAddress0() {
        return address;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        address = localAddress;
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // nothing to read: connections come through accept
    }
}
