package io.jbake.buildkit.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** SSH wire encoding (RFC 4251 §5): uint32, string and mpint, for the agent protocol and key files. */
final class SshWire {
    private SshWire() {}

    /** Reads fields from a byte array; throws {@link IllegalArgumentException} on truncated input. */
    static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        int uint32() {
            try {
                return buffer.getInt();
            } catch (BufferUnderflowException e) {
                throw new IllegalArgumentException("truncated data");
            }
        }

        byte[] string() {
            int length = uint32();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("truncated data");
            }
            byte[] value = new byte[length];
            buffer.get(value);
            return value;
        }

        String text() {
            return new String(string(), StandardCharsets.UTF_8);
        }

        BigInteger mpint() {
            byte[] magnitude = string();
            return magnitude.length == 0 ? BigInteger.ZERO : new BigInteger(magnitude);
        }

        byte[] bytes(int count) {
            if (count > buffer.remaining()) {
                throw new IllegalArgumentException("truncated data");
            }
            byte[] value = new byte[count];
            buffer.get(value);
            return value;
        }
    }

    /** Builds a byte array field by field. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer uint32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        Writer string(byte[] value) {
            return uint32(value.length).bytes(value);
        }

        Writer string(String value) {
            return string(value.getBytes(StandardCharsets.UTF_8));
        }

        Writer mpint(BigInteger value) {
            return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
        }

        Writer byteValue(int value) {
            out.write(value);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
