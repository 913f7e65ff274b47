package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.filesync.FileSyncReceiver;
import io.jbake.buildkit.filesync.FileSyncReceiver.Transfer;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.auth.AuthGrpc;
import io.jbake.buildkit.proto.auth.CredentialsRequest;
import io.jbake.buildkit.proto.auth.CredentialsResponse;
import io.jbake.buildkit.proto.filesync.FileSyncGrpc;
import io.jbake.buildkit.proto.fsutil.Stat;
import io.jbake.buildkit.proto.secrets.GetSecretRequest;
import io.jbake.buildkit.proto.secrets.SecretsGrpc;
import io.jbake.buildkit.proto.sshforward.BytesMessage;
import io.jbake.buildkit.proto.sshforward.CheckAgentRequest;
import io.jbake.buildkit.proto.sshforward.SSHGrpc;
import io.jbake.buildkit.secrets.SecretsService;
import io.jbake.buildkit.ssh.SshAgentService;
import io.jbake.buildkit.transport.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's session services as the daemon reaches them, through sessions {@link FakeBuildKit} serves in
 * process: the files of the build's directories (and of an inline Dockerfile), its secrets, ssh agent and
 * registry credentials, and the directories several builds share. {@link SessionServicesDaemonTest} has the
 * real daemon use them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionServicesInProcessTest {
    private static final Endpoint BUILDKITD = Endpoint.buildkit("tcp://buildkitd.invalid:1234", null);
    private static final List<String> HEALTH = List.of("/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch");
    private static final String DIFF_COPY = "/moby.filesync.v1.FileSync/DiffCopy";

    @TempDir
    Path dir;

    private final FakeBuildKit daemon;
    /** What the fake daemon got from the session during the solve, by what it asked. */
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    SessionServicesInProcessTest() throws IOException {
        daemon = new FakeBuildKit();
    }

    @AfterEach
    void stop() throws InterruptedException {
        daemon.close();
    }

    private static List<String> paths(Transfer transfer) {
        return transfer.stats().stream().map(Stat::getPath).toList();
    }

    private static String text(Transfer transfer, String path) {
        return new String(transfer.contents().get(path), StandardCharsets.UTF_8);
    }

    private static Transfer files(Channel session, String dirName, Set<String> wanted) throws Exception {
        return FileSyncReceiver.receive(FileSyncGrpc.newStub(session), FileSyncReceiver.headers(dirName), wanted);
    }

    /** Health's methods, which every session serves, and {@code more}. */
    private static Set<String> methods(String... more) {
        Set<String> methods = new TreeSet<>(HEALTH);
        methods.addAll(List.of(more));
        return methods;
    }

    @Test
    void theSessionServesTheBuildsFilesSecretsSshAgentAndCredentials() throws Exception {
        Path context = Files.createDirectories(dir.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY src /src\n");
        Files.writeString(Files.createDirectories(context.resolve("src")).resolve("main.txt"), "hello");
        Path key = SshAgent.keygen(dir.resolve("id_ed25519"), "ed25519", "");
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(
                config.resolve("config.json"),
                "{\"auths\":{\"registry.example\":{\"auth\":\""
                        + Base64.getEncoder().encodeToString("alice:pa55".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        BuildRequest request = BuildRequest.builder()
                .context(context)
                .sessionService(new SecretsService(
                                Map.of("token", new SecretsService.Source.Env("TOKEN")), Map.of("TOKEN", "s3cret")::get)
                        .bindService())
                .sessionService(SshAgentService.of(List.of(new SshAgentService.Spec(
                                "default", null, List.of(new SshAgentService.KeyFile("id_ed25519", key)))))
                        .bindService())
                .sessionService(AuthService.fromDockerConfig(Map.of("DOCKER_CONFIG", config.toString()), dir, dir)
                        .bindService())
                .build();
        daemon.duringSolve = (solve, session) -> {
            seen.put("context", files(session, "context", Set.of("Dockerfile", "src/main.txt")));
            seen.put("dockerfile", files(session, "dockerfile", Set.of("Dockerfile")));
            seen.put(
                    "secret",
                    SecretsGrpc.newBlockingStub(session)
                            .getSecret(
                                    GetSecretRequest.newBuilder().setID("token").build())
                            .getData()
                            .toStringUtf8());
            SSHGrpc.newBlockingStub(session)
                    .checkAgent(CheckAgentRequest.newBuilder().setID("default").build());
            seen.put("identities", agentAnswer(session, "default", new byte[] {0, 0, 0, 1, 11}));
            seen.put(
                    "credentials",
                    AuthGrpc.newBlockingStub(session)
                            .credentials(CredentialsRequest.newBuilder()
                                    .setHost("registry.example")
                                    .build()));
        };

        daemon.client(BUILDKITD).build(request, ProgressListener.NONE);

        SolveRequest solve = daemon.solves.get(0);
        assertEquals(
                methods(
                        DIFF_COPY,
                        "/moby.buildkit.secrets.v1.Secrets/GetSecret",
                        "/moby.sshforward.v1.SSH/CheckAgent",
                        "/moby.sshforward.v1.SSH/ForwardAgent",
                        "/moby.filesync.v1.Auth/Credentials",
                        "/moby.filesync.v1.Auth/FetchToken",
                        "/moby.filesync.v1.Auth/GetTokenAuthority",
                        "/moby.filesync.v1.Auth/VerifyTokenAuthority"),
                daemon.sessionMethods(solve.getSession()));
        Transfer contextFiles = (Transfer) seen.get("context");
        assertEquals(List.of("Dockerfile", "src", "src/main.txt"), paths(contextFiles));
        assertEquals("hello", text(contextFiles, "src/main.txt"));
        Transfer dockerfile = (Transfer) seen.get("dockerfile");
        assertEquals(Status.Code.OK, dockerfile.status().getCode());
        assertEquals("FROM scratch\nCOPY src /src\n", text(dockerfile, "Dockerfile"));
        assertEquals("s3cret", seen.get("secret"));
        String[] publicKey =
                Files.readString(dir.resolve("id_ed25519.pub")).strip().split(" ");
        assertEquals(
                ByteString.copyFrom(agentMessage(
                        12,
                        1,
                        Base64.getDecoder().decode(publicKey[1]),
                        "id_ed25519@jbake-test".getBytes(StandardCharsets.UTF_8))),
                seen.get("identities"));
        assertEquals(
                CredentialsResponse.newBuilder()
                        .setUsername("alice")
                        .setSecret("pa55")
                        .build(),
                seen.get("credentials"));
    }

    @Test
    void anInlineDockerfileIsServedAsTheDockerfileDirectory() throws Exception {
        Path context = Files.createDirectories(dir.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM the-file-not-used\n");
        BuildRequest request = BuildRequest.builder()
                .context(context)
                .dockerfileInline("FROM scratch\nRUN true\n")
                .build();
        daemon.duringSolve = (solve, session) -> {
            seen.put("context", files(session, "context", Set.of()));
            seen.put("dockerfile", files(session, "dockerfile", Set.of("Dockerfile")));
        };

        daemon.client(BUILDKITD).build(request, ProgressListener.NONE);

        assertEquals(
                Map.of("filename", "Dockerfile", "dockerfilekey", "dockerfile"),
                daemon.solves.get(0).getFrontendAttrsMap());
        assertEquals(List.of("Dockerfile"), paths((Transfer) seen.get("context")));
        Transfer dockerfile = (Transfer) seen.get("dockerfile");
        assertEquals(List.of("Dockerfile"), paths(dockerfile));
        assertEquals("FROM scratch\nRUN true\n", text(dockerfile, "Dockerfile"));
    }

    @Test
    void aDirectorySeveralBuildsReadIsServedOnceFromASharedSession() throws Exception {
        Path context = Files.createDirectories(dir.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Path assets = Files.createDirectories(dir.resolve("assets"));
        Files.writeString(assets.resolve("logo.svg"), "<svg/>");
        BuildRequest.Builder first = BuildRequest.builder().context(context);
        BuildRequest.Builder second = BuildRequest.builder().context(context).namedContextDir("assets", assets);
        BuildKitClient client = daemon.client(BUILDKITD);
        daemon.duringSolve = (solve, session) -> {
            ManagedChannel shared = daemon.sessionChannel(solve.getFrontendAttrsOrThrow("local-sessionid:context"));
            try {
                seen.put("shared " + solve.getRef(), files(shared, "context", Set.of("Dockerfile")));
            } finally {
                shared.shutdownNow();
            }
            seen.put(
                    "own " + solve.getRef(), files(session, "context", Set.of()).status());
        };

        try (SharedLocalDirs shared = client.shareLocalDirs(List.of(first, second))) {
            assertEquals(1, shared.sessions());
            client.build(first.build(), ProgressListener.NONE);
            client.build(second.build(), ProgressListener.NONE);
        }

        String sharedId = daemon.solves.get(0).getFrontendAttrsOrThrow("local-sessionid:context");
        assertEquals(List.of("app"), daemon.sessionHeaders.get(sharedId).get("X-Docker-Expose-Session-Sharedkey"));
        assertEquals(methods(DIFF_COPY), daemon.sessionMethods(sharedId));
        SolveRequest firstSolve = daemon.solves.get(0);
        SolveRequest secondSolve = daemon.solves.get(1);
        assertEquals(
                Map.of(
                        "filename",
                        "Dockerfile",
                        "local-sessionid:context",
                        sharedId,
                        "local-sessionid:dockerfile",
                        sharedId),
                firstSolve.getFrontendAttrsMap());
        assertEquals(sharedId, secondSolve.getFrontendAttrsOrThrow("local-sessionid:context"));
        assertEquals("local:assets", secondSolve.getFrontendAttrsOrThrow("context:assets"));
        // the first build's own session serves nothing but health; the second's, the directory it alone reads
        assertEquals(methods(), daemon.sessionMethods(firstSolve.getSession()));
        assertEquals(methods(DIFF_COPY), daemon.sessionMethods(secondSolve.getSession()));
        for (SolveRequest solve : List.of(firstSolve, secondSolve)) {
            assertEquals(List.of("Dockerfile"), paths((Transfer) seen.get("shared " + solve.getRef())));
        }
        assertEquals(Status.Code.UNIMPLEMENTED, ((Status) seen.get("own " + firstSolve.getRef())).getCode());
        Status secondOwn = (Status) seen.get("own " + secondSolve.getRef());
        assertEquals(Status.Code.NOT_FOUND, secondOwn.getCode());
        assertEquals("no access allowed to dir \"context\"", secondOwn.getDescription());
    }

    /**
     * Sends {@code request}, one agent message, to ssh agent {@code id} through {@code ForwardAgent}, as the
     * daemon forwards a build container's agent socket, and returns the agent's answer.
     */
    private static ByteString agentAnswer(Channel session, String id, byte[] request) throws Exception {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER), id);
        CompletableFuture<ByteString> answer = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        StreamObserver<BytesMessage> toAgent = SSHGrpc.newStub(session)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .forwardAgent(new StreamObserver<>() {
                    @Override
                    public synchronized void onNext(BytesMessage message) {
                        received.writeBytes(message.getData().toByteArray());
                        byte[] bytes = received.toByteArray();
                        if (bytes.length >= 4
                                && bytes.length == 4 + ByteBuffer.wrap(bytes).getInt()) {
                            answer.complete(ByteString.copyFrom(bytes));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new AssertionError("the agent ended without a whole answer"));
                    }
                });
        toAgent.onNext(
                BytesMessage.newBuilder().setData(ByteString.copyFrom(request)).build());
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            toAgent.onCompleted();
        }
    }

    /** An agent message: its length, type {@code type}, then {@code count} and each of {@code strings} with its length. */
    private static byte[] agentMessage(int type, int count, byte[]... strings) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeByte(type);
        out.writeInt(count);
        for (byte[] s : strings) {
            out.writeInt(s.length);
            out.write(s);
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        new DataOutputStream(message).writeInt(body.size());
        body.writeTo(message);
        return message.toByteArray();
    }
}
