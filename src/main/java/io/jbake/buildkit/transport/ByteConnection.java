package io.jbake.buildkit.transport;

import io.jbake.io.BlockInputStream;
import io.jbake.io.ChannelStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * One connected, duplex byte stream to a daemon: a unix socket or a (TLS) tcp socket, possibly taken
 * over from HTTP/1.1 by Docker's connection upgrade. Reading and writing may happen on two threads at
 * once. For unix sockets this class reads and writes the {@link SocketChannel} directly, because the
 * streams of {@code java.nio.channels.Channels} serialise reads and writes on one lock and deadlock
 * when used that way.
 */
final class ByteConnection implements Closeable {

    /** The most of an HTTP answer's head jbake reads looking for its end. */
    static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private final InputStream input;
    private final OutputStream output;
    private final GatheringWrite gatheringWrite;
    private final Closeable socket;
    private final ShutdownOutput shutdownOutput;

    private interface ShutdownOutput {
        void run() throws IOException;
    }

    /** Writes every remaining byte of the buffers, in order. */
    private interface GatheringWrite {
        void write(ByteBuffer[] buffers) throws IOException;
    }

    private ByteConnection(
            InputStream input,
            OutputStream output,
            GatheringWrite gatheringWrite,
            Closeable socket,
            ShutdownOutput shutdownOutput) {
        this.input = input;
        this.output = output;
        this.gatheringWrite = gatheringWrite;
        this.socket = socket;
        this.shutdownOutput = shutdownOutput;
    }

    /** Connects to the unix socket at {@code path}; fails at once when nothing listens there. */
    static ByteConnection unix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        GatheringWrite gather = buffers -> {
            long left = 0;
            for (ByteBuffer buffer : buffers) {
                left += buffer.remaining();
            }
            while (left > 0) {
                left -= channel.write(buffers);
            }
        };
        return new ByteConnection(
                ChannelStreams.input(channel),
                ChannelStreams.output(channel),
                gather,
                channel,
                channel::shutdownOutput);
    }

    /**
     * Connects to {@code host:port} within {@code timeout}, through TLS when {@code tls} is not null (the
     * handshake happens here too, so certificate problems surface at connect time).
     */
    static ByteConnection tcp(String host, int port, Duration timeout, TlsOptions tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            if (tls != null) {
                socket.setSoTimeout((int) timeout.toMillis());
                socket = tls.handshake(socket, host, port);
                socket.setSoTimeout(0);
            }
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Socket connected = socket;
        ShutdownOutput shutdown = connected instanceof SSLSocket ? () -> {} : connected::shutdownOutput;
        OutputStream out = connected.getOutputStream();
        return new ByteConnection(connected.getInputStream(), out, copyingWrite(out), connected, shutdown);
    }

    /**
     * A gathering write for a socket that only has a stream: the buffers are copied into socket-sized pieces,
     * so a TLS socket makes full records rather than one per (possibly tiny) buffer. For one writing thread.
     */
    private static GatheringWrite copyingWrite(OutputStream out) {
        byte[] piece = new byte[64 * 1024];
        return buffers -> {
            int filled = 0;
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    int n = Math.min(buffer.remaining(), piece.length - filled);
                    buffer.get(piece, filled, n);
                    filled += n;
                    if (filled == piece.length) {
                        out.write(piece, 0, filled);
                        filled = 0;
                    }
                }
            }
            out.write(piece, 0, filled);
            out.flush();
        };
    }

    /**
     * This connection with its input taken apart as Docker multiplexes a non-tty exec stream: frames of an
     * 8-byte header (stream 1 stdout, 2 stderr; big-endian length) and payload. The returned input carries
     * stdout only; stderr goes to {@code stderr}. Output is not framed (it is the process's stdin).
     */
    ByteConnection demultiplexed(OutputStream stderr) {
        InputStream framed = input;
        InputStream stdout = new BlockInputStream() {
            private int left;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (left == 0) {
                    byte[] header = framed.readNBytes(8);
                    if (header.length < 8) {
                        return -1;
                    }
                    int size = ((header[4] & 0xff) << 24)
                            | ((header[5] & 0xff) << 16)
                            | ((header[6] & 0xff) << 8)
                            | (header[7] & 0xff);
                    if (header[0] == 1) {
                        left = size;
                    } else {
                        stderr.write(framed.readNBytes(size));
                    }
                }
                int n = framed.read(b, off, Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
        return new ByteConnection(stdout, output, gatheringWrite, socket, shutdownOutput);
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /**
     * Writes every remaining byte of {@code buffers}, in order, with as few system calls as the socket allows
     * (a unix socket takes them in one gathering write). Not to be mixed with {@link #output()} writes from
     * another thread.
     */
    void write(ByteBuffer... buffers) throws IOException {
        gatheringWrite.write(buffers);
    }

    /** Half-closes: tells the peer no more bytes come, reading goes on. A no-op over TLS. */
    void shutdownOutput() throws IOException {
        shutdownOutput.run();
    }

    /**
     * Asks Docker Engine to hand this connection over to HTTP/2 ({@code POST path} with {@code Upgrade:
     * h2c}) and returns the connection to speak it on. Docker answers 101 and then expects prior-knowledge
     * HTTP/2, not RFC 7540's upgrade dance. Bytes read past the end of the 101 response belong to HTTP/2 and
     * are put back in front of the returned input.
     *
     * @param headers extra request headers; a key with several values is sent as several header lines
     * @throws IOException when the daemon answers anything but 101 (the status line and body are in the message)
     */
    ByteConnection upgrade(String path, Map<String, List<String>> headers) throws IOException {
        return upgrade(path, "h2c", headers, "");
    }

    /**
     * {@code POST path} with {@code Upgrade: protocol} and a JSON {@code body}; the connection once the daemon
     * answered 101, as {@link #upgrade(String, Map)}. Docker's exec start takes {@code tcp}.
     */
    ByteConnection upgrade(String path, String protocol, Map<String, List<String>> headers, String body)
            throws IOException {
        byte[] overRead = requestUpgrade(path, protocol, headers, body);
        InputStream rest =
                overRead.length == 0 ? input : new SequenceInputStream(new ByteArrayInputStream(overRead), input);
        return new ByteConnection(rest, output, gatheringWrite, socket, shutdownOutput);
    }

    /**
     * Sends {@link #upgrade(String, String, Map, String)}'s request and reads the answer's head, on this
     * connection's own streams.
     *
     * @return the bytes read past the answer's head: the new protocol's first
     * @throws IOException when the daemon answers anything but 101 (the status line and body are in the message)
     */
    byte[] requestUpgrade(String path, String protocol, Map<String, List<String>> headers, String body)
            throws IOException {
        output.write(upgradeRequest(path, protocol, headers, body));
        output.flush();

        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int end = -1;
        while (end < 0) {
            int n = input.read(buffer);
            if (n < 0) {
                throw new IOException("the daemon closed the connection while answering POST " + path);
            }
            head.write(buffer, 0, n);
            end = indexOfBlankLine(head.toByteArray(), head.size());
            if (end < 0 && head.size() > MAX_RESPONSE_HEAD) {
                throw new IOException("the daemon's answer to POST " + path + " has no end of headers");
            }
        }
        byte[] received = head.toByteArray();
        String refusal = upgradeRefusal(path, received, end);
        if (refusal != null) {
            throw new IOException(refusal);
        }
        return java.util.Arrays.copyOfRange(received, end + 4, received.length);
    }

    /** The unix socket under this connection, in blocking mode; null for a tcp connection. */
    SocketChannel unixChannel() {
        return socket instanceof SocketChannel channel ? channel : null;
    }

    /**
     * The bytes of Docker's {@code POST path} asking to switch to {@code protocol}: {@code Connection: Upgrade},
     * {@code Upgrade: protocol}, {@code headers} (a key with several values as several lines) and a JSON
     * {@code body} (none when empty).
     */
    static byte[] upgradeRequest(String path, String protocol, Map<String, List<String>> headers, String body) {
        return request(
                "POST " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: " + protocol + "\r\n",
                headers,
                body);
    }

    /**
     * Why the daemon did not switch protocols, from its answer to {@code POST path}: {@code received} holds the
     * answer's head up to {@code end}, the index of the blank line that ends it, and what followed. Null when
     * it answered 101; else {@code POST <path>: <status line>[: <body received>]}.
     */
    static String upgradeRefusal(String path, byte[] received, int end) {
        String statusLine = new String(received, 0, end, StandardCharsets.ISO_8859_1)
                .lines()
                .findFirst()
                .orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length >= 2 && parts[1].equals("101")) {
            return null;
        }
        String answerBody = new String(received, end + 4, received.length - end - 4, StandardCharsets.UTF_8).strip();
        return "POST " + path + ": " + statusLine + (answerBody.isEmpty() ? "" : ": " + answerBody);
    }

    /** A daemon's answer to one plain HTTP request: the status code, its status line and the whole body. */
    record Answer(int status, String statusLine, String body) {}

    /**
     * Sends one bodiless HTTP/1.0 request and reads the answer to its end. HTTP/1.0 because the daemon then
     * neither chunks the body nor keeps the connection: the body ends where the stream does. For short API
     * calls whose answer fits in memory (a push's JSON progress stream).
     */
    Answer exchange(String method, String path, Map<String, String> headers) throws IOException {
        return exchange(method, path, headers, "");
    }

    /** {@link #exchange(String, String, Map)} with a JSON request body (none when empty). */
    Answer exchange(String method, String path, Map<String, String> headers, String body) throws IOException {
        Map<String, List<String>> headerLines = new LinkedHashMap<>();
        headers.forEach((key, value) -> headerLines.put(key, List.of(value)));
        send(method + " " + path + " HTTP/1.0\r\nHost: docker\r\n", headerLines, body);
        byte[] received = input.readAllBytes();
        int end = indexOfBlankLine(received, received.length);
        if (end < 0) {
            throw new IOException("the daemon's answer to " + method + " " + path + " has no end of headers");
        }
        String statusLine = new String(received, 0, end, StandardCharsets.ISO_8859_1)
                .lines()
                .findFirst()
                .orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
        } catch (NumberFormatException e) {
            throw new IOException("the daemon's answer to " + method + " " + path + " has no status: " + statusLine);
        }
        return new Answer(
                status, statusLine, new String(received, end + 4, received.length - end - 4, StandardCharsets.UTF_8));
    }

    /** Writes one HTTP/1.x request, as {@link #request} makes it. */
    private void send(String head, Map<String, List<String>> headers, String body) throws IOException {
        output.write(request(head, headers, body));
        output.flush();
    }

    /**
     * One HTTP/1.x request: {@code head} (its request line and first headers, each ending in CRLF), the headers
     * of the JSON {@code body} (none when empty), {@code headers} (a key with several values as several lines),
     * and the body.
     */
    private static byte[] request(String head, Map<String, List<String>> headers, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(head)
                .append(content.length > 0 ? "Content-Type: application/json\r\n" : "")
                .append("Content-Length: ")
                .append(content.length)
                .append("\r\n");
        headers.forEach((key, values) ->
                values.forEach(v -> request.append(key).append(": ").append(v).append("\r\n")));
        request.append("\r\n");
        byte[] text = request.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = java.util.Arrays.copyOf(text, text.length + content.length);
        System.arraycopy(content, 0, bytes, text.length, content.length);
        return bytes;
    }

    /** Where the first {@code CRLF CRLF} in {@code bytes[0..length)} starts, or -1. */
    static int indexOfBlankLine(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes {@code connection} (nothing when null), ignoring a failure: nothing more goes over it. */
    static void closeQuietly(ByteConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // already gone or never used
            }
        }
    }
}
