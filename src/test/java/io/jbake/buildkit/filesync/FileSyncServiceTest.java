package io.jbake.buildkit.filesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.proto.filesync.FileSyncGrpc;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  @TempDir Path context;
  @TempDir Path dockerfileDir;
  private ServiceHarness harness;

  @AfterEach
  void shutDown() throws InterruptedException {
    harness.close();
  }

  private FileSyncGrpc.FileSyncStub start() throws IOException {
    harness = new ServiceHarness(new FileSyncService(Map.of("context", context, "dockerfile", dockerfileDir)));
    return FileSyncGrpc.newStub(harness.channel());
  }

  /** What an fsutil receiver saw: the listing, the contents it asked for, and how the call ended. */
  private record Transfer(List<Stat> stats, Map<String, byte[]> contents, Status status, boolean finAnswered) {}

  /**
   * Plays the daemon's part: requests the regular files whose path is in {@code wanted}, sends FIN once the
   * listing has ended and every requested file is complete, and records what came back.
   */
  private Transfer receive(FileSyncGrpc.FileSyncStub stub, Metadata headers, Set<String> wanted) throws Exception {
    CompletableFuture<Transfer> done = new CompletableFuture<>();
    List<Stat> stats = new ArrayList<>();
    Map<Integer, String> pathsById = new LinkedHashMap<>();
    Map<Integer, ByteArrayOutputStream> pending = new LinkedHashMap<>();
    Map<String, byte[]> contents = new LinkedHashMap<>();
    boolean[] listed = {false};
    boolean[] finAnswered = {false};
    // Set by beforeStart, before the call starts: the service sends its listing as soon as the call opens,
    // possibly before diffCopy returns, and answering a STAT needs the request stream.
    ClientCallStreamObserver<Packet>[] requests = new ClientCallStreamObserver[1];
    Runnable finIfDone = () -> {
      if (listed[0] && pending.isEmpty()) {
        requests[0].onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
      }
    };
    stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .diffCopy(new ClientResponseObserver<Packet, Packet>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<Packet> requestStream) {
            requests[0] = requestStream;
          }

          @Override
          public synchronized void onNext(Packet packet) {
            switch (packet.getType()) {
              case PACKET_STAT:
                if (!packet.hasStat()) {
                  listed[0] = true;
                  finIfDone.run();
                  break;
                }
                int id = stats.size();
                stats.add(packet.getStat());
                if (FileModes.isRegular(packet.getStat().getMode()) && wanted.contains(packet.getStat().getPath())) {
                  pathsById.put(id, packet.getStat().getPath());
                  pending.put(id, new ByteArrayOutputStream());
                  requests[0].onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build());
                }
                break;
              case PACKET_DATA:
                if (packet.getData().isEmpty()) {
                  contents.put(pathsById.get(packet.getID()), pending.remove(packet.getID()).toByteArray());
                  finIfDone.run();
                } else {
                  pending.get(packet.getID()).writeBytes(packet.getData().toByteArray());
                }
                break;
              case PACKET_FIN:
                finAnswered[0] = true;
                requests[0].onCompleted();
                break;
              default:
                break;
            }
          }

          @Override
          public synchronized void onError(Throwable t) {
            done.complete(new Transfer(stats, contents, Status.fromThrowable(t), finAnswered[0]));
          }

          @Override
          public synchronized void onCompleted() {
            done.complete(new Transfer(stats, contents, Status.OK, finAnswered[0]));
          }
        });
    return done.get(30, TimeUnit.SECONDS);
  }

  private static Metadata headers(String dirName, String... pairs) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER), dirName);
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(Metadata.Key.of(pairs[i], Metadata.ASCII_STRING_MARSHALLER), pairs[i + 1]);
    }
    return headers;
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
    assertEquals(List.of("big.bin", "empty", "small.txt", "unchanged.txt"),
        transfer.stats().stream().map(Stat::getPath).toList());
    assertEquals(Set.of("big.bin", "small.txt", "empty"), transfer.contents().keySet());
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
    assertEquals(List.of("keep.txt"), context.stats().stream().map(Stat::getPath).toList());

    Metadata followDockerfile = headers("dockerfile", "followpaths", "Dockerfile");
    followDockerfile.put(Metadata.Key.of("followpaths", Metadata.ASCII_STRING_MARSHALLER), "Dockerfile.dockerignore");
    Transfer dockerfile = receive(stub, followDockerfile, Set.of("Dockerfile"));
    assertEquals(Status.Code.OK, dockerfile.status().getCode());
    assertEquals(List.of("Dockerfile"), dockerfile.stats().stream().map(Stat::getPath).toList());
    assertEquals("FROM scratch\n", new String(dockerfile.contents().get("Dockerfile")));
  }

  @Test
  void decodesUrlEncodedPatterns() throws Exception {
    Files.writeString(context.resolve("caf\u00e9.txt"), "x");
    Files.writeString(context.resolve("tea.txt"), "y");
    Transfer transfer = receive(start(),
        headers("context", "exclude-patterns", "caf%C3%A9.txt", "exclude-patterns-encoded", "1"), Set.of());
    assertEquals(List.of("tea.txt"), transfer.stats().stream().map(Stat::getPath).toList());
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
        MetadataUtils.newAttachHeadersInterceptor(headers("context"))).diffCopy(new StreamObserver<>() {
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
    requests.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(7).build());
    Status status = ended.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals("invalid file id 7", status.getDescription());
    assertNull(status.getCause());
  }
}
