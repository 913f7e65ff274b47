package io.jbake.io;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that reads in blocks only: its single-byte read is a one-byte block read. */
public abstract class BlockInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] into, int offset, int length) throws IOException;
}
