package io.jbake.buildkit.ssh;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.sshforward.BytesMessage;
import io.jbake.buildkit.proto.sshforward.CheckAgentRequest;
import io.jbake.buildkit.proto.sshforward.CheckAgentResponse;
import io.jbake.buildkit.proto.sshforward.SSHGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code moby.sshforward.v1.SSH}: lets {@code RUN --mount=type=ssh[,id=X]} reach an ssh-agent on the
 * client. Each id is either a running agent's socket ({@code default} = {@code $SSH_AUTH_SOCK}) or a set of
 * private key files served by an in-process agent. In both cases the container may only list identities
 * and sign, as with buildx.
 */
public final class SshAgentService implements SSHGrpc.AsyncService, BindableService {
    /** The id used when a mount or spec names none. */
    public static final String DEFAULT_ID = "default";

    private static final Metadata.Key<String> ID_HEADER =
            Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> REQUESTED_ID = Context.key("buildkit.ssh.id");
    private static final int MAX_KEY_FILE = 100 * 1024;

    /**
     * One agent, its paths already resolved by the caller: a running agent's socket, or key files.
     *
     * @param id the id mounts name ({@code default} when empty)
     * @param socket the agent's socket, or {@code null}
     * @param keys the private key files when {@code socket} is null
     */
    public record Spec(String id, Path socket, List<KeyFile> keys) {
        public Spec {
            keys = List.copyOf(keys);
        }
    }

    /** A private key file: its name for messages (as the user gave it) and its path. */
    public record KeyFile(String name, Path path) {}

    /** A key file that cannot be served: {@code failed to parse <name>: <reason>}. */
    public static final class UnusableKeyException extends IllegalArgumentException {
        private final transient Spec spec;

        UnusableKeyException(Spec spec, String message) {
            super(message);
            this.spec = spec;
        }

        /** The agent the key belongs to. */
        public Spec spec() {
            return spec;
        }
    }

    private final Map<String, Agent> agents;

    private SshAgentService(Map<String, Agent> agents) {
        this.agents = agents;
    }

    /**
     * Serves the agents: a socket is forwarded, key files (unencrypted OpenSSH ed25519 or RSA) are read now and
     * served by an agent in this process.
     *
     * @throws UnusableKeyException for a key file that cannot be used, {@code failed to parse <name>: ...}
     */
    public static SshAgentService of(List<Spec> specs) {
        Map<String, Agent> agents = new LinkedHashMap<>();
        for (Spec spec : specs) {
            String id = spec.id() == null || spec.id().isEmpty() ? DEFAULT_ID : spec.id();
            if (spec.socket() != null) {
                agents.put(id, new Agent.Socket(spec.socket()));
            } else {
                List<AgentKey> keys = new ArrayList<>();
                for (KeyFile key : spec.keys()) {
                    try {
                        keys.add(readKey(key));
                    } catch (IllegalArgumentException e) {
                        throw new UnusableKeyException(spec, e.getMessage());
                    }
                }
                agents.put(id, new Agent.Keyring(List.copyOf(keys)));
            }
        }
        return new SshAgentService(Map.copyOf(agents));
    }

    private static AgentKey readKey(KeyFile key) {
        try {
            if (Files.size(key.path()) > MAX_KEY_FILE) {
                throw new IllegalArgumentException("file too large for a private key");
            }
            return AgentKey.parse(Files.readString(key.path(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "failed to read " + key.name() + ": " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to parse " + key.name() + ": " + e.getMessage());
        }
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerInterceptor captureId = new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                    ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                String id = headers.get(ID_HEADER);
                return Contexts.interceptCall(Context.current().withValue(REQUESTED_ID, id), call, headers, next);
            }
        };
        return ServerInterceptors.intercept(SSHGrpc.bindService(this), captureId);
    }

    @Override
    public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> response) {
        String id = request.getID().isEmpty() ? DEFAULT_ID : request.getID();
        if (!agents.containsKey(id)) {
            response.onError(unset(id));
            return;
        }
        response.onNext(CheckAgentResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public StreamObserver<BytesMessage> forwardAgent(StreamObserver<BytesMessage> response) {
        String requested = REQUESTED_ID.get();
        String id = requested == null || requested.isEmpty() ? DEFAULT_ID : requested;
        Agent agent = agents.get(id);
        Agent.Connection connection = null;
        if (agent == null) {
            response.onError(unset(id));
        } else {
            try {
                connection = agent.connect();
            } catch (IOException e) {
                response.onError(
                        Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            }
        }
        return new AgentStream(connection, response);
    }

    private static RuntimeException unset(String id) {
        return Status.NOT_FOUND.withDescription("unset ssh forward key " + id).asRuntimeException();
    }

    /**
     * One ForwardAgent call: reassembles agent messages from the byte stream (chunks mean nothing), answers
     * each in order, and ends when the container closes its side.
     */
    private static final class AgentStream implements StreamObserver<BytesMessage> {
        private final Agent.Connection connection;
        private final StreamObserver<BytesMessage> response;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean ended;

        AgentStream(Agent.Connection connection, StreamObserver<BytesMessage> response) {
            this.connection = connection;
            this.response = response;
            this.ended = connection == null;
        }

        @Override
        public void onNext(BytesMessage message) {
            if (ended) {
                return;
            }
            try {
                message.getData().writeTo(pending);
                answerCompleteMessages();
            } catch (IOException | RuntimeException e) {
                end(Status.UNAVAILABLE.withDescription("ssh agent: " + e.getMessage()));
            }
        }

        private void answerCompleteMessages() throws IOException {
            byte[] bytes = pending.toByteArray();
            int offset = 0;
            while (bytes.length - offset >= 4) {
                int length = ByteBuffer.wrap(bytes, offset, 4).getInt();
                if (length < 0 || length > Agent.MAX_MESSAGE) {
                    throw new IOException("invalid agent message length " + length);
                }
                if (bytes.length - offset - 4 < length) {
                    break;
                }
                byte[] request = java.util.Arrays.copyOfRange(bytes, offset + 4, offset + 4 + length);
                offset += 4 + length;
                byte[] answer = connection.answer(request);
                response.onNext(BytesMessage.newBuilder()
                        .setData(ByteString.copyFrom(ByteBuffer.allocate(4 + answer.length)
                                .putInt(answer.length)
                                .put(answer)
                                .array()))
                        .build());
            }
            pending.reset();
            pending.write(bytes, offset, bytes.length - offset);
        }

        @Override
        public void onError(Throwable t) {
            end(null);
        }

        @Override
        public void onCompleted() {
            end(Status.OK);
        }

        /** Closes the agent connection; answers the call unless {@code status} is null (call already gone). */
        private void end(Status status) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                connection.close();
            } catch (IOException e) {
                // nothing left to tell the container
            }
            if (status == null) {
                return;
            }
            if (status.isOk()) {
                response.onCompleted();
            } else {
                response.onError(status.asRuntimeException());
            }
        }
    }
}
