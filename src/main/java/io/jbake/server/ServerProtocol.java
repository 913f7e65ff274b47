package io.jbake.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the jbake client and the jbake server say to each other over their unix socket: frames of
 * {@code [kind: 1 byte][length: 4 bytes, big-endian][payload]}.
 *
 * <p>The client opens with {@link #RUN} (what the command is and where it runs), then sends {@link #INTERRUPT}
 * on Ctrl-C, {@link #RESIZE} when its terminal is resized, and its stdin as {@link #STDIN} frames ended by
 * {@link #STDIN_END}, only once the server asked for it with {@link #READ_STDIN} (stdin is read only by
 * {@code -f -}). The server answers {@link #STARTED} as soon as it takes the command, then sends the command's
 * stdout and stderr bytes as {@link #OUT} and {@link #ERR} frames, in the order the command wrote them, and ends
 * with {@link #EXIT} and the exit code. A connection that ends before {@link #STARTED} ran nothing: the server
 * was stopping (idle, its jar changed, killed) as the client connected, and the client may try again.
 *
 * <p>Client and server always come from one jar (the socket is named after it, {@link ServerAddress}), so the
 * frames carry no version.
 */
public final class ServerProtocol {
    static final byte RUN = 'r';
    static final byte STDIN = 'i';
    static final byte STDIN_END = 'e';
    static final byte INTERRUPT = 'c';
    static final byte RESIZE = 'w';
    static final byte OUT = '1';
    static final byte ERR = '2';
    static final byte READ_STDIN = 's';
    static final byte STARTED = 'a';
    static final byte EXIT = 'x';

    private ServerProtocol() {}

    /** One frame as read. */
    record Frame(byte kind, byte[] payload) {}

    /**
     * One jbake command as the client runs it.
     *
     * @param terminal the device of the client's stderr when that is a terminal ({@code /dev/pts/3}), else empty
     */
    public record Run(Path workDir, List<String> args, Map<String, String> env, String terminal) {

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeString(out, workDir.toString());
                writeString(out, terminal);
                out.writeInt(args.size());
                for (String arg : args) {
                    writeString(out, arg);
                }
                out.writeInt(env.size());
                for (Map.Entry<String, String> variable : env.entrySet()) {
                    writeString(out, variable.getKey());
                    writeString(out, variable.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // memory only
            }
            return bytes.toByteArray();
        }

        static Run decode(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            Path workDir = Path.of(readString(in));
            String terminal = readString(in);
            int argCount = in.readInt();
            List<String> args = new ArrayList<>(argCount);
            for (int i = 0; i < argCount; i++) {
                args.add(readString(in));
            }
            int envCount = in.readInt();
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < envCount; i++) {
                env.put(readString(in), readString(in));
            }
            return new Run(workDir, args, env, terminal);
        }
    }

    /** Reads the next frame; {@link java.io.EOFException} when the other side closed between frames. */
    static Frame read(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Frame(kind, payload);
    }

    /** Writes and flushes one frame; callers that write from several threads hold one lock around it. */
    static void write(DataOutputStream out, byte kind, byte[] payload, int offset, int length) throws IOException {
        out.writeByte(kind);
        out.writeInt(length);
        out.write(payload, offset, length);
        out.flush();
    }

    static void write(DataOutputStream out, byte kind, byte[] payload) throws IOException {
        write(out, kind, payload, 0, payload.length);
    }

    static byte[] exitPayload(int code) {
        return new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    }

    static int exitCode(byte[] payload) {
        return ((payload[0] & 0xff) << 24)
                | ((payload[1] & 0xff) << 16)
                | ((payload[2] & 0xff) << 8)
                | (payload[3] & 0xff);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
