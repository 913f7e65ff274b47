package io.jbake.buildkit.filesync;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.jbake.buildkit.proto.filesync.FileSyncGrpc;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The daemon's side of a {@code FileSync.DiffCopy} call, as fsutil's receiver plays it, for tests of what jbake sends. */
public final class FileSyncReceiver {

    private FileSyncReceiver() {}

    /** What an fsutil receiver saw: the listing, the contents it asked for, and how the call ended. */
    public record Transfer(List<Stat> stats, Map<String, byte[]> contents, Status status, boolean finAnswered) {}

    /**
     * Plays the daemon's part: requests the regular files whose path is in {@code wanted}, sends FIN once the
     * listing has ended and every requested file is complete, and records what came back.
     */
    public static Transfer receive(FileSyncGrpc.FileSyncStub stub, Metadata headers, Set<String> wanted)
            throws Exception {
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
                requests[0].onNext(
                        Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
            }
        };
        stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .diffCopy(new ClientResponseObserver<Packet, Packet>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<Packet> requestStream) {
                        requests[0] = requestStream;
                        requestStream.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public synchronized void onNext(Packet packet) {
                        // asks for the next packet first, as fsutil's receiver always reads on: under the in-process
                        // transport, whose flow control counts messages, the sender is otherwise not ready for its FIN
                        requests[0].request(1);
                        switch (packet.getType()) {
                            case PACKET_STAT:
                                if (!packet.hasStat()) {
                                    listed[0] = true;
                                    finIfDone.run();
                                    break;
                                }
                                int id = stats.size();
                                stats.add(packet.getStat());
                                if (FileModes.isRegular(packet.getStat().getMode())
                                        && wanted.contains(packet.getStat().getPath())) {
                                    pathsById.put(id, packet.getStat().getPath());
                                    pending.put(id, new ByteArrayOutputStream());
                                    requests[0].onNext(Packet.newBuilder()
                                            .setType(PacketType.PACKET_REQ)
                                            .setID(id)
                                            .build());
                                }
                                break;
                            case PACKET_DATA:
                                if (packet.getData().isEmpty()) {
                                    contents.put(
                                            pathsById.get(packet.getID()),
                                            pending.remove(packet.getID()).toByteArray());
                                    finIfDone.run();
                                } else {
                                    pending.get(packet.getID())
                                            .writeBytes(packet.getData().toByteArray());
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

    /** The headers of a DiffCopy call for directory {@code dirName}, with more {@code key, value} pairs. */
    public static Metadata headers(String dirName, String... pairs) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER), dirName);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(Metadata.Key.of(pairs[i], Metadata.ASCII_STRING_MARSHALLER), pairs[i + 1]);
        }
        return headers;
    }
}
