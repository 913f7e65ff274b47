package io.jbake.buildkit.filesync;

import static io.jbake.buildkit.filesync.FileSyncReceiver.headers;
import static io.jbake.buildkit.filesync.FileSyncReceiver.receive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.filesync.FileSyncReceiver.Transfer;
import io.jbake.buildkit.proto.filesync.FileSyncGrpc;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncServiceTest {
    @TempDir
    Path context;

    @TempDir
    Path dockerfileDir;

    private ServiceHarness harness;

    @AfterEach
    void shutDown() throws InterruptedException {
        harness.close();
    }

    private FileSyncGrpc.FileSyncStub start() throws IOException {
        harness = new ServiceHarness(new FileSyncService(Map.of("context", context, "dockerfile", dockerfileDir)));
        return FileSyncGrpc.newStub(harness.channel());
    }

    @Test
    void sendsOnlyTheRequestedFilesAndAnswersFin() throws Exception {
        byte[] big = new byte[3 * DiffCopySender.CHUNK_SIZE + 17];
        new Random(42).nextBytes(big);
        Files.write(context.resolve("big.bin"), big);
        Files.writeString(context.resolve("small.txt"), "small");
        Files.writeString(context.resolve("unchanged.txt"), "the daemon has this one cached");
        Files.createFile(context.resolve("empty"));

        Transfer transfer = receive(start(), headers("context"), Set.of("big.bin", "small.txt", "empty"));

        assertEquals(Status.Code.OK, transfer.status().getCode());
        assertEquals(true, transfer.finAnswered());
        assertEquals(
                List.of("big.bin", "empty", "small.txt", "unchanged.txt"),
                transfer.stats().stream().map(Stat::getPath).toList());
        assertEquals(
                Set.of("big.bin", "small.txt", "empty"), transfer.contents().keySet());
        assertArrayEquals(big, transfer.contents().get("big.bin"));
        assertEquals("small", new String(transfer.contents().get("small.txt")));
        assertEquals(0, transfer.contents().get("empty").length);
    }

    @Test
    void appliesPatternHeadersAndPicksTheDirectoryByName() throws Exception {
        Files.writeString(context.resolve("keep.txt"), "k");
        Files.writeString(context.resolve("drop.log"), "d");
        Files.writeString(dockerfileDir.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(dockerfileDir.resolve("other"), "o");
        FileSyncGrpc.FileSyncStub stub = start();

        Transfer context = receive(stub, headers("context", "exclude-patterns", "*.log"), Set.of("keep.txt"));
        assertEquals(Status.Code.OK, context.status().getCode());
        assertEquals(
                List.of("keep.txt"), context.stats().stream().map(Stat::getPath).toList());

        Metadata followDockerfile = headers("dockerfile", "followpaths", "Dockerfile");
        followDockerfile.put(
                Metadata.Key.of("followpaths", Metadata.ASCII_STRING_MARSHALLER), "Dockerfile.dockerignore");
        Transfer dockerfile = receive(stub, followDockerfile, Set.of("Dockerfile"));
        assertEquals(Status.Code.OK, dockerfile.status().getCode());
        assertEquals(
                List.of("Dockerfile"),
                dockerfile.stats().stream().map(Stat::getPath).toList());
        assertEquals("FROM scratch\n", new String(dockerfile.contents().get("Dockerfile")));
    }

    @Test
    void decodesUrlEncodedPatterns() throws Exception {
        Files.writeString(context.resolve("caf\u00e9.txt"), "x");
        Files.writeString(context.resolve("tea.txt"), "y");
        Transfer transfer = receive(
                start(),
                headers("context", "exclude-patterns", "caf%C3%A9.txt", "exclude-patterns-encoded", "1"),
                Set.of());
        assertEquals(
                List.of("tea.txt"), transfer.stats().stream().map(Stat::getPath).toList());
    }

    @Test
    void unknownDirectoryIsNotFound() throws Exception {
        Transfer transfer = receive(start(), headers("elsewhere"), Set.of());
        assertEquals(Status.Code.NOT_FOUND, transfer.status().getCode());
        assertEquals("no access allowed to dir \"elsewhere\"", transfer.status().getDescription());
    }

    @Test
    void requestForAnUnknownIdFailsTheCall() throws Exception {
        Files.writeString(context.resolve("a"), "a");
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<Packet> requests = start().withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(headers("context")))
                .diffCopy(new StreamObserver<>() {
                    @Override
                    public void onNext(Packet value) {}

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
        requests.onNext(
                Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(7).build());
        Status status = ended.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("invalid file id 7", status.getDescription());
        assertNull(status.getCause());
    }
}
