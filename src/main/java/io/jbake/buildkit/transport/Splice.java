package io.jbake.buildkit.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies bytes both ways between an in-process Netty channel (the gRPC side) and a {@link ByteConnection}
 * (the daemon side) until either end closes, then closes both.
 *
 * <p>The splice is the channel's handler from its registration on, so every byte the gRPC side writes
 * passes through it: none can reach the end of the pipeline (and be dropped) before the splice is in
 * place, and none can overtake another. Towards the daemon, one writer at a time drains the queue of
 * buffers in arrival order, as gathering writes of up to {@link #MAX_BATCH} bytes, without copying them.
 * Towards gRPC, one reader thread per connection hands what it reads to the event loop. Backpressure: the
 * channel stops reading while more than {@link #HIGH_WATER} bytes wait for the daemon, and the reader keeps
 * at most {@link #MAX_IN_FLIGHT} bytes queued on the event loop; HTTP/2 flow control bounds the rest.
 */
final class Splice extends ChannelInboundHandlerAdapter {

    /** Opens the daemon side; called once, off the event loop. */
    interface Dialer {
        ByteConnection dial() throws IOException;
    }

    private static final int READ_CHUNK = 64 * 1024;
    private static final int MAX_BATCH = 1 << 20;
    private static final int HIGH_WATER = 2 * MAX_BATCH;
    private static final int LOW_WATER = MAX_BATCH / 2;
    private static final int MAX_IN_FLIGHT = 1 << 20;
    /** Far below the kernel's IOV_MAX (1024): one gathering write is one system call. */
    private static final int MAX_BATCH_BUFFERS = 512;

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Blocking dials, reads and writes on daemon sockets. */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jbake-splice-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final Dialer dialer;
    private Channel channel;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean started;
    private boolean writing;
    private boolean closed;
    private ByteConnection daemon;

    /** A splice that dials the daemon once its channel is active; the channel closes if the dial fails. */
    Splice(Dialer dialer) {
        this.dialer = dialer;
    }

    /** A splice to a daemon connection that is already open. */
    Splice(ByteConnection daemon) {
        this(() -> daemon);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        channel.closeFuture().addListener(f -> close());
        if (channel.isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    /** Dials once the channel can carry the daemon's bytes (a client channel is added before it connects). */
    private void start() {
        synchronized (lock) {
            if (started) {
                return;
            }
            started = true;
        }
        IO.execute(this::connect);
    }

    private void connect() {
        ByteConnection connection;
        try {
            connection = dialer.dial();
        } catch (IOException e) {
            channel.close();
            return;
        }
        synchronized (lock) {
            if (closed) {
                ByteConnection.closeQuietly(connection);
                return;
            }
            daemon = connection;
        }
        IO.execute(() -> copyFromDaemon(connection));
        drain();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        boolean startWriter;
        synchronized (lock) {
            if (closed || !buf.isReadable()) {
                buf.release();
                return;
            }
            queue.add(buf);
            queuedBytes += buf.readableBytes();
            if (queuedBytes > HIGH_WATER) {
                ctx.channel().config().setAutoRead(false);
            }
            startWriter = daemon != null && !writing;
            writing |= startWriter;
        }
        if (startWriter) {
            IO.execute(this::writeQueued);
        }
    }

    /** Starts writing what queued up while the daemon was being dialled. */
    private void drain() {
        synchronized (lock) {
            if (writing || queue.isEmpty()) {
                return;
            }
            writing = true;
        }
        writeQueued();
    }

    /** Writes batches until the queue is empty; the only thread writing to the daemon while it runs. */
    private void writeQueued() {
        List<ByteBuf> batch = new ArrayList<>();
        while (true) {
            long batchBytes = 0;
            ByteConnection connection;
            synchronized (lock) {
                while (!queue.isEmpty() && batchBytes < MAX_BATCH && batch.size() < MAX_BATCH_BUFFERS) {
                    ByteBuf buf = queue.poll();
                    batchBytes += buf.readableBytes();
                    batch.add(buf);
                }
                if (batch.isEmpty() || closed) {
                    writing = false;
                    batch.forEach(ByteBuf::release);
                    return;
                }
                connection = daemon;
            }
            try {
                connection.write(nioBuffers(batch));
            } catch (IOException e) {
                channel.close();
                close();
            } finally {
                batch.forEach(ByteBuf::release);
                batch.clear();
            }
            synchronized (lock) {
                queuedBytes -= batchBytes;
                if (queuedBytes <= LOW_WATER && !channel.config().isAutoRead()) {
                    channel.config().setAutoRead(true);
                }
            }
        }
    }

    private static ByteBuffer[] nioBuffers(List<ByteBuf> batch) {
        List<ByteBuffer> buffers = new ArrayList<>(batch.size());
        for (ByteBuf buf : batch) {
            if (buf.nioBufferCount() == 1) {
                buffers.add(buf.nioBuffer());
            } else {
                buffers.addAll(List.of(buf.nioBuffers()));
            }
        }
        return buffers.toArray(ByteBuffer[]::new);
    }

    private void copyFromDaemon(ByteConnection connection) {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        byte[] buffer = new byte[READ_CHUNK];
        try {
            int n;
            while ((n = connection.input().read(buffer)) >= 0 && channel.isActive()) {
                if (n > 0) {
                    int size = n;
                    inFlight.acquire(size);
                    channel.writeAndFlush(Unpooled.copiedBuffer(buffer, 0, size))
                            .addListener(f -> inFlight.release(size));
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Ends the splice: drops what was not written and closes the daemon side, which stops the reader. */
    private void close() {
        ByteConnection connection;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            connection = daemon;
            queue.forEach(ByteBuf::release); // a running writer releases the batch it holds itself
            queue.clear();
        }
        ByteConnection.closeQuietly(connection);
    }
}
