package io.jbake.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The two sides of a blocking socket channel as streams that one thread may read while another writes. Not
 * {@link java.nio.channels.Channels#newInputStream}: its streams of one blocking channel share one lock, so a read
 * waiting for the other side would hold up every write (and a duplex protocol deadlocks).
 */
public final class ChannelStreams {
    private ChannelStreams() {}

    /** The reading side of {@code channel}. */
    public static InputStream input(SocketChannel channel) {
        return new BlockInputStream() {
            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(into, offset, length));
            }
        };
    }

    /** The writing side of {@code channel}: each write writes every byte before returning. */
    public static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }
}
