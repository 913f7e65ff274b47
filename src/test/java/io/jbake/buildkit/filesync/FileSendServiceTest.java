package io.jbake.buildkit.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.proto.filesync.BytesMessage;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSendServiceTest {
    @TempDir
    Path dir;

    private ServiceHarness harness;

    @AfterEach
    void shutDown() throws InterruptedException {
        harness.close();
    }

    private static Metadata exporter(int id, String... metadata) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("buildkit-attachable-exporter-id", Metadata.ASCII_STRING_MARSHALLER), "" + id);
        for (int i = 0; i < metadata.length; i += 2) {
            headers.put(
                    Metadata.Key.of("exporter-md-" + metadata[i], Metadata.ASCII_STRING_MARSHALLER), metadata[i + 1]);
        }
        return headers;
    }

    private record Outcome(Status status, List<Packet> received) {}

    /**
     * Plays the daemon's fsutil sender: sends the listing, answers each REQ with the content (in two chunks),
     * answers FIN with FIN.
     */
    private Outcome sendDirectory(Metadata headers, List<Stat> listing, Map<String, String> contents) throws Exception {
        CompletableFuture<Status> done = new CompletableFuture<>();
        List<Packet> received = new ArrayList<>();
        StreamObserver<byte[]>[] out = new StreamObserver[1];
        out[0] = ClientCalls.asyncBidiStreamingCall(
                ClientInterceptors.intercept(harness.channel(), MetadataUtils.newAttachHeadersInterceptor(headers))
                        .newCall(FileSendService.DIFF_COPY, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public synchronized void onNext(byte[] message) {
                        Packet packet;
                        try {
                            packet = Packet.parseFrom(message);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        received.add(packet);
                        if (packet.getType() == PacketType.PACKET_REQ) {
                            String content =
                                    contents.get(listing.get(packet.getID()).getPath());
                            int half = content.length() / 2;
                            List<String> chunks = new ArrayList<>();
                            for (String chunk : List.of(content.substring(0, half), content.substring(half))) {
                                if (!chunk.isEmpty()) {
                                    chunks.add(chunk);
                                }
                            }
                            chunks.add(""); // end of this file
                            for (String chunk : chunks) {
                                out[0].onNext(Packet.newBuilder()
                                        .setType(PacketType.PACKET_DATA)
                                        .setID(packet.getID())
                                        .setData(ByteString.copyFromUtf8(chunk))
                                        .build()
                                        .toByteArray());
                            }
                        } else if (packet.getType() == PacketType.PACKET_FIN) {
                            out[0].onNext(Packet.newBuilder()
                                    .setType(PacketType.PACKET_FIN)
                                    .build()
                                    .toByteArray());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(Status.OK);
                    }
                });
        synchronized (out) {
            for (Stat stat : listing) {
                out[0].onNext(Packet.newBuilder()
                        .setType(PacketType.PACKET_STAT)
                        .setStat(stat)
                        .build()
                        .toByteArray());
            }
            out[0].onNext(
                    Packet.newBuilder().setType(PacketType.PACKET_STAT).build().toByteArray());
        }
        Status status = done.get(20, TimeUnit.SECONDS);
        return new Outcome(status, received);
    }

    private static Stat stat(String path, int mode, long modTime) {
        return Stat.newBuilder().setPath(path).setMode(mode).setModTime(modTime).build();
    }

    @Test
    void localExportWritesTheTree() throws Exception {
        Path dest = dir.resolve("out");
        harness = new ServiceHarness(new FileSendService(Map.of(1, new FileSendService.Target.Directory(dest))));
        long modTime = 1_700_000_000_123_456_789L;
        List<Stat> listing = List.of(
                stat("bin", 0x800001ED, modTime),
                stat("bin/run", 0755, modTime),
                stat("bin/run-again", 0755, modTime).toBuilder()
                        .setLinkname("bin/run")
                        .build(),
                stat("empty", 0644, modTime),
                stat("hello.txt", 0640, modTime),
                stat("link", 0x080001FF, modTime).toBuilder()
                        .setLinkname("hello.txt")
                        .build());

        Outcome outcome = sendDirectory(
                exporter(1),
                listing,
                Map.of("bin/run", "#!/bin/sh\necho hi\n", "empty", "", "hello.txt", "hello world"));

        assertEquals(Status.Code.OK, outcome.status().getCode());
        assertEquals(
                List.of(PacketType.PACKET_REQ, PacketType.PACKET_REQ, PacketType.PACKET_REQ, PacketType.PACKET_FIN),
                outcome.received().stream().map(Packet::getType).toList());
        assertEquals(
                List.of(1, 3, 4),
                outcome.received().subList(0, 3).stream().map(Packet::getID).toList());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(dest.resolve("bin/run")));
        assertEquals(
                "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("bin/run"))));
        assertEquals(
                Files.readAttributes(dest.resolve("bin/run"), "unix:ino").get("ino"),
                Files.readAttributes(dest.resolve("bin/run-again"), "unix:ino").get("ino"));
        assertEquals("", Files.readString(dest.resolve("empty")));
        assertEquals("hello world", Files.readString(dest.resolve("hello.txt")));
        assertEquals(
                "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("hello.txt"))));
        assertEquals(
                modTime, Files.getLastModifiedTime(dest.resolve("hello.txt")).to(TimeUnit.NANOSECONDS));
        assertEquals(modTime, Files.getLastModifiedTime(dest.resolve("bin")).to(TimeUnit.NANOSECONDS));
        assertEquals(Path.of("hello.txt"), Files.readSymbolicLink(dest.resolve("link")));
    }

    @Test
    void localExportInDeleteModeRemovesWhatTheResultLacks() throws Exception {
        Path dest = dir.resolve("out");
        Files.createDirectories(dest.resolve("kept/stale-dir/deeper"));
        Files.writeString(dest.resolve("kept/stale-dir/deeper/f"), "old");
        Files.writeString(dest.resolve("kept/stale"), "old");
        Files.writeString(dest.resolve("stale"), "old");
        Files.writeString(dest.resolve("hello.txt"), "old");
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "outside");
        Files.createSymbolicLink(dest.resolve("stale-link"), outside);
        harness = new ServiceHarness(new FileSendService(Map.of(0, new FileSendService.Target.Directory(dest, true))));
        Metadata headers = exporter(0);
        headers.put(Metadata.Key.of("buildkit-exporter-multi-platform", Metadata.ASCII_STRING_MARSHALLER), "1");

        Outcome outcome = sendDirectory(
                headers,
                List.of(stat("hello.txt", 0644, 0), stat("kept", 0x800001ED, 0), stat("kept/new", 0644, 0)),
                Map.of("hello.txt", "hello", "kept/new", "new"));

        assertEquals(Status.Code.OK, outcome.status().getCode());
        try (var files = Files.walk(dest)) {
            assertEquals(
                    List.of("", "hello.txt", "kept", "kept/new"),
                    files.map(p -> dest.relativize(p).toString()).sorted().toList());
        }
        assertEquals("hello", Files.readString(dest.resolve("hello.txt")));
        assertEquals("outside", Files.readString(outside.resolve("keep")));
    }

    @Test
    void localExportInDeleteModeNeedsADaemonSendingOneTree() throws Exception {
        Path dest = dir.resolve("out");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("stale"), "old");
        harness = new ServiceHarness(new FileSendService(Map.of(0, new FileSendService.Target.Directory(dest, true))));

        Outcome outcome = sendDirectory(exporter(0), List.of(stat("a", 0644, 0)), Map.of("a", "a"));

        assertEquals(Status.Code.UNKNOWN, outcome.status().getCode());
        assertEquals(
                "local exporter mode=delete requires a BuildKit daemon with multi-platform local export support",
                outcome.status().getDescription());
        assertEquals("old", Files.readString(dest.resolve("stale")));
    }

    @Test
    void localExportRefusesPathsLeavingTheDestination() throws Exception {
        Path dest = dir.resolve("out");
        Path outside = Files.createDirectory(dir.resolve("outside"));
        harness = new ServiceHarness(new FileSendService(Map.of(0, new FileSendService.Target.Directory(dest))));

        Outcome escape = sendDirectory(exporter(0), List.of(stat("../evil", 0644, 0)), Map.of("../evil", "x"));
        assertEquals(Status.Code.INVALID_ARGUMENT, escape.status().getCode());
        assertEquals("invalid path in export: \"../evil\"", escape.status().getDescription());

        Outcome throughSymlink = sendDirectory(
                exporter(0),
                List.of(
                        stat("a", 0x080001FF, 0).toBuilder()
                                .setLinkname(outside.toString())
                                .build(),
                        stat("a/x", 0644, 0)),
                Map.of("a/x", "x"));
        assertEquals(Status.Code.INVALID_ARGUMENT, throughSymlink.status().getCode());
        assertEquals(
                "export lists \"a/x\" before its directory",
                throughSymlink.status().getDescription());
        assertFalse(Files.exists(outside.resolve("x")));
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    @Test
    void tarballExportStreamsBytesAndPassesExporterMetadata() throws Exception {
        ByteArrayOutputStream tarball = new ByteArrayOutputStream();
        Map<String, String> seenMetadata = new HashMap<>();
        harness = new ServiceHarness(new FileSendService(Map.of(2, new FileSendService.Target.File(metadata -> {
            seenMetadata.putAll(metadata);
            return tarball;
        }))));
        CompletableFuture<Status> done = new CompletableFuture<>();
        StreamObserver<byte[]> out = ClientCalls.asyncBidiStreamingCall(
                ClientInterceptors.intercept(
                                harness.channel(),
                                MetadataUtils.newAttachHeadersInterceptor(exporter(
                                        2,
                                        "containerimage.digest",
                                        "sha256:abc",
                                        "image.name",
                                        "docker.io/library/x:latest")))
                        .newCall(FileSendService.DIFF_COPY, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {}

                    @Override
                    public void onError(Throwable t) {
                        done.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(Status.OK);
                    }
                });
        for (String chunk : List.of("first-", "second-", "third")) {
            out.onNext(BytesMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8(chunk))
                    .build()
                    .toByteArray());
        }
        out.onCompleted();

        assertEquals(Status.Code.OK, done.get(10, TimeUnit.SECONDS).getCode());
        assertEquals("first-second-third", tarball.toString());
        assertEquals(
                Map.of("containerimage.digest", "sha256:abc", "image.name", "docker.io/library/x:latest"),
                seenMetadata);
    }

    @Test
    void unknownExporterIsRefused() throws Exception {
        harness = new ServiceHarness(new FileSendService(Map.of()));
        Outcome outcome = sendDirectory(exporter(5), List.of(), Map.of());
        assertEquals(Status.Code.NOT_FOUND, outcome.status().getCode());
        assertEquals("exporter 5 not found", outcome.status().getDescription());
        assertTrue(outcome.received().isEmpty());
    }
}
