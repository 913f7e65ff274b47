package io.jbake.buildkit.ssh;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/**
 * An ssh-agent offered to build containers, limited like BuildKit's Go provider to listing identities
 * and signing: adding, removing, locking and extensions are refused. Messages are agent-protocol bodies
 * (type byte + payload) without their length prefix.
 */
sealed interface Agent permits Agent.Keyring, Agent.Socket {
    byte FAILURE = 5;
    byte REQUEST_IDENTITIES = 11;
    byte IDENTITIES_ANSWER = 12;
    byte SIGN_REQUEST = 13;
    byte SIGN_RESPONSE = 14;
    /** Longest message accepted, as OpenSSH's agent (MAX_AGENT_MSG_LEN). */
    int MAX_MESSAGE = 256 * 1024;

    /** Opens one agent connection (the daemon makes one ForwardAgent call per container connection). */
    Connection connect() throws IOException;

    /** One connection: answers requests in order. */
    interface Connection extends Closeable {
        byte[] answer(byte[] request) throws IOException;

        @Override
        default void close() throws IOException {}
    }

    /** Keys loaded from files, served in process. */
    record Keyring(List<AgentKey> keys) implements Agent {
        @Override
        public Connection connect() {
            return this::answer;
        }

        private byte[] answer(byte[] request) {
            if (request.length == 0) {
                return new byte[] {FAILURE};
            }
            if (request[0] == REQUEST_IDENTITIES) {
                SshWire.Writer out =
                        new SshWire.Writer().byteValue(IDENTITIES_ANSWER).uint32(keys.size());
                for (AgentKey key : keys) {
                    out.string(key.publicBlob()).string(key.comment());
                }
                return out.toByteArray();
            }
            if (request[0] == SIGN_REQUEST) {
                try {
                    SshWire.Reader in = new SshWire.Reader(Arrays.copyOfRange(request, 1, request.length));
                    byte[] blob = in.string();
                    byte[] data = in.string();
                    int flags = in.uint32();
                    for (AgentKey key : keys) {
                        if (Arrays.equals(key.publicBlob(), blob)) {
                            return new SshWire.Writer()
                                    .byteValue(SIGN_RESPONSE)
                                    .string(key.sign(data, flags))
                                    .toByteArray();
                        }
                    }
                } catch (IllegalArgumentException | GeneralSecurityException e) {
                    // malformed request or unusable key: the agent protocol answers FAILURE
                }
            }
            return new byte[] {FAILURE};
        }
    }

    /** A running agent's unix socket (SSH_AUTH_SOCK): list and sign requests are relayed, others refused. */
    record Socket(Path path) implements Agent {
        @Override
        public Connection connect() throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                channel.close();
                throw new IOException("failed to connect to " + path + ": " + e.getMessage(), e);
            }
            return new Connection() {
                @Override
                public byte[] answer(byte[] request) throws IOException {
                    if (request.length == 0 || (request[0] != REQUEST_IDENTITIES && request[0] != SIGN_REQUEST)) {
                        return new byte[] {FAILURE};
                    }
                    ByteBuffer out = ByteBuffer.allocate(4 + request.length)
                            .putInt(request.length)
                            .put(request)
                            .flip();
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    int length = readFully(ByteBuffer.allocate(4)).getInt();
                    if (length < 0 || length > MAX_MESSAGE) {
                        throw new IOException("invalid message length " + length + " from agent " + path);
                    }
                    return readFully(ByteBuffer.allocate(length)).array();
                }

                private ByteBuffer readFully(ByteBuffer buffer) throws IOException {
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer) < 0) {
                            throw new EOFException("agent " + path + " closed the connection");
                        }
                    }
                    return buffer.flip();
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }
}
