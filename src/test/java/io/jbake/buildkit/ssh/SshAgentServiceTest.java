package io.jbake.buildkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.SshAgent;
import io.jbake.buildkit.proto.sshforward.BytesMessage;
import io.jbake.buildkit.proto.sshforward.CheckAgentRequest;
import io.jbake.buildkit.proto.sshforward.SSHGrpc;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the service with OpenSSH's own tools: a real ssh-agent, keys from ssh-keygen, ssh-add as client. */
class SshAgentServiceTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }

    private Path keygen(String name, String type, String passphrase) throws Exception {
        return SshAgent.keygen(dir.resolve(name), type, passphrase);
    }

    private Path startAgent() throws Exception {
        SshAgent agent = SshAgent.start(dir.resolve("agent.sock"));
        closeables.add(agent);
        return agent.socket();
    }

    /**
     * Listens on a unix socket and turns each connection into a ForwardAgent call with the given id, as the
     * daemon does for the socket it mounts into a build container.
     */
    private Path bridge(SshAgentService service, String id) throws IOException {
        ServiceHarness harness = new ServiceHarness(service);
        closeables.add(harness);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER), id);
        SSHGrpc.SSHStub stub =
                SSHGrpc.newStub(harness.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        Path path = dir.resolve("bridge-" + id + ".sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        closeables.add(server);
        Thread acceptor = new Thread(() -> {
            while (true) {
                SocketChannel connection;
                try {
                    connection = server.accept();
                } catch (IOException e) {
                    return;
                }
                StreamObserver<BytesMessage> toAgent = stub.forwardAgent(new StreamObserver<>() {
                    @Override
                    public void onNext(BytesMessage message) {
                        try {
                            ByteBuffer data = message.getData().asReadOnlyByteBuffer();
                            while (data.hasRemaining()) {
                                connection.write(data);
                            }
                        } catch (IOException e) {
                            // client went away
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        closeQuietly(connection);
                    }

                    @Override
                    public void onCompleted() {
                        closeQuietly(connection);
                    }
                });
                Thread pump = new Thread(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(8192);
                    try {
                        while (connection.read(buffer.clear()) >= 0) {
                            toAgent.onNext(BytesMessage.newBuilder()
                                    .setData(ByteString.copyFrom(buffer.flip()))
                                    .build());
                        }
                    } catch (IOException e) {
                        // closed
                    }
                    toAgent.onCompleted();
                });
                pump.setDaemon(true);
                pump.start();
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return path;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Test
    void forwardsTheRunningAgentReadOnly() throws Exception {
        Path key = keygen("id_ed25519", "ed25519", "");
        Path agentSocket = startAgent();
        Map<String, String> agentEnv = Map.of("SSH_AUTH_SOCK", agentSocket.toString());
        assertEquals(0, run(agentEnv, "ssh-add", key.toString()).exitCode());

        SshAgentService service =
                SshAgentService.of(List.of(new SshAgentService.Spec("default", agentSocket, List.of())));
        Map<String, String> containerEnv =
                Map.of("SSH_AUTH_SOCK", bridge(service, "default").toString());

        Result listed = run(containerEnv, "ssh-add", "-L");
        assertEquals(new Result(0, Files.readString(Path.of(key + ".pub"))), listed);
        assertEquals(0, run(containerEnv, "ssh-add", "-T", key + ".pub").exitCode());
        // a build may not change the user's agent
        assertEquals(1, run(containerEnv, "ssh-add", "-D").exitCode());
        assertEquals(listed, run(agentEnv, "ssh-add", "-L"));
    }

    @Test
    void servesKeyFilesInProcess() throws Exception {
        Path ed25519 = keygen("deploy_ed25519", "ed25519", "");
        Path rsa = keygen("deploy_rsa", "rsa", "");
        SshAgentService service = SshAgentService.of(List.of(new SshAgentService.Spec(
                "deploy",
                null,
                List.of(new SshAgentService.KeyFile("a", ed25519), new SshAgentService.KeyFile("b", rsa)))));
        Map<String, String> containerEnv =
                Map.of("SSH_AUTH_SOCK", bridge(service, "deploy").toString());

        assertEquals(
                new Result(0, Files.readString(Path.of(ed25519 + ".pub")) + Files.readString(Path.of(rsa + ".pub"))),
                run(containerEnv, "ssh-add", "-L"));
        // ssh-add -T asks the agent to sign and verifies the signature with the public key
        Result tested = run(containerEnv, "ssh-add", "-T", ed25519 + ".pub", rsa + ".pub");
        assertEquals(0, tested.exitCode(), tested.output());
    }

    @Test
    void checkAgentKnowsConfiguredIds() throws Exception {
        Path key = keygen("k", "ed25519", "");
        SshAgentService service = SshAgentService.of(
                List.of(new SshAgentService.Spec("default", null, List.of(new SshAgentService.KeyFile("k", key)))));
        try (ServiceHarness harness = new ServiceHarness(service)) {
            SSHGrpc.SSHBlockingStub stub = SSHGrpc.newBlockingStub(harness.channel());
            stub.checkAgent(CheckAgentRequest.newBuilder().setID("default").build());
            stub.checkAgent(CheckAgentRequest.getDefaultInstance());
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> stub.checkAgent(
                            CheckAgentRequest.newBuilder().setID("other").build()));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertEquals("unset ssh forward key other", e.getStatus().getDescription());
        }
    }

    @Test
    void unusableKeyFailsNamingItAsGiven() throws Exception {
        Path encrypted = keygen("locked", "ed25519", "passphrase");
        SshAgentService.Spec locked =
                new SshAgentService.Spec("x", null, List.of(new SshAgentService.KeyFile("./locked", encrypted)));
        SshAgentService.UnusableKeyException e =
                assertThrows(SshAgentService.UnusableKeyException.class, () -> SshAgentService.of(List.of(locked)));
        assertEquals(
                "failed to parse ./locked"
                        + ": passphrase-protected keys are not supported; add the key to an ssh-agent and forward the agent",
                e.getMessage());
        assertEquals(locked, e.spec());
    }
}
