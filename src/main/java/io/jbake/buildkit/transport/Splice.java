package io.jbake.buildkit.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies bytes both ways between an in-process Netty channel (the gRPC side) and a {@link ByteConnection}
 * (the daemon side) until either end closes, then closes both. Backpressure: the Netty side stops reading
 * while a chunk is being written to the daemon, and the daemon side blocks on each chunk until Netty has
 * taken it, so neither direction buffers more than one chunk (HTTP/2 flow control bounds the rest).
 */
final class Splice {

  private static final int CHUNK = 64 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Blocking reads and writes on daemon sockets; one thread per direction per connection. */
  private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jbake-splice-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private Splice() {
  }

  /**
   * Starts copying. {@code channel} must be registered with auto-read off; this turns it on once the
   * handler is in place, so no byte read before the splice began is lost.
   */
  static void start(Channel channel, ByteConnection daemon) {
    channel.pipeline().addLast(new ToDaemon(daemon));
    channel.closeFuture().addListener(f -> closeQuietly(daemon));
    IO.execute(() -> copyFromDaemon(daemon, channel));
    channel.config().setAutoRead(true);
    channel.read();
  }

  private static void copyFromDaemon(ByteConnection daemon, Channel channel) {
    byte[] buffer = new byte[CHUNK];
    try {
      int n;
      while ((n = daemon.input().read(buffer)) >= 0) {
        if (n > 0) {
          ByteBuf chunk = Unpooled.copiedBuffer(buffer, 0, n);
          if (!channel.writeAndFlush(chunk).await().isSuccess()) {
            break;
          }
        }
      }
    } catch (IOException e) {
      // the daemon went away or the channel closed the socket; either way the splice ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.close();
    }
  }

  /** Writes what gRPC sends to the daemon, one chunk at a time, off the event loop. */
  private static final class ToDaemon extends ChannelInboundHandlerAdapter {
    private final ByteConnection daemon;
    /** Keeps the chunks in order although they are written on pool threads. */
    private final Executor inOrder = MoreExecutors.newSequentialExecutor(IO);

    ToDaemon(ByteConnection daemon) {
      this.daemon = daemon;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      Channel channel = ctx.channel();
      channel.config().setAutoRead(false);
      inOrder.execute(() -> {
        try {
          daemon.output().write(bytes);
          daemon.output().flush();
          channel.config().setAutoRead(true);
        } catch (IOException e) {
          channel.close();
        }
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeQuietly(daemon);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static void closeQuietly(ByteConnection daemon) {
    try {
      daemon.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
