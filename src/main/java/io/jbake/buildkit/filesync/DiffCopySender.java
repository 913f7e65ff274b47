package io.jbake.buildkit.filesync;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The sending side of one fsutil DiffCopy call (the daemon is the receiver): one thread walks the directory
 * and sends a STAT per entry, then an empty STAT; worker threads answer the daemon's REQs with DATA chunks
 * and an empty DATA per file. Only requested files are read, so an unchanged file costs one STAT.
 *
 * <p>Every send waits until the call is ready for more (gRPC flow control, with up to
 * {@link #READY_THRESHOLD} bytes queued), so memory per call stays bounded by that plus one reused
 * {@link #CHUNK_SIZE} buffer per worker, whatever the size of the directory (1 GiB uploads in a 256 MiB
 * heap, see bench/ContextUploadBench.java).
 */
final class DiffCopySender implements StreamObserver<Packet> {
    static final int CHUNK_SIZE = 256 * 1024;
    private static final int FILE_WORKERS = 4;
    /** Bytes gRPC may queue before a send waits: a few chunks in flight keep the pipe full. */
    private static final int READY_THRESHOLD = 1 << 20;

    private record FileRequest(int id, Path file) {}

    private static final FileRequest STOP = new FileRequest(-1, null);

    private final LocalDirWalker walker;
    private final ServerCallStreamObserver<Packet> out;
    private final Map<Integer, Path> requestable = new ConcurrentHashMap<>();
    private final BlockingQueue<FileRequest> requests = new LinkedBlockingQueue<>();
    private final Object sendLock = new Object();
    private boolean closed; // guarded by sendLock

    private DiffCopySender(LocalDirWalker walker, ServerCallStreamObserver<Packet> out) {
        this.walker = walker;
        this.out = out;
    }

    /** Starts the walk and the file workers on {@code executor}; returns the observer for the daemon's packets. */
    static StreamObserver<Packet> start(
            LocalDirWalker walker, ServerCallStreamObserver<Packet> out, Executor executor) {
        DiffCopySender sender = new DiffCopySender(walker, out);
        out.setOnReadyThreshold(READY_THRESHOLD);
        out.setOnReadyHandler(sender::wakeSenders);
        out.setOnCancelHandler(sender::abandon);
        executor.execute(sender::walk);
        for (int i = 0; i < FILE_WORKERS; i++) {
            executor.execute(sender::serveRequests);
        }
        return sender;
    }

    @Override
    public void onNext(Packet packet) {
        switch (packet.getType()) {
            case PACKET_REQ: {
                Path file = requestable.remove(packet.getID());
                if (file == null) {
                    finish(Status.INVALID_ARGUMENT.withDescription(
                            "invalid file id " + Integer.toUnsignedString(packet.getID())));
                } else {
                    requests.add(new FileRequest(packet.getID(), file));
                }
                break;
            }
            case PACKET_FIN:
                // the receiver has everything it asked for
                try {
                    send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
                    finish(null);
                } catch (IOException e) {
                    abandon();
                }
                break;
            case PACKET_ERR:
                finish(Status.UNKNOWN.withDescription(
                        "error from receiver: " + packet.getData().toStringUtf8()));
                break;
            default:
                break;
        }
    }

    @Override
    public void onError(Throwable t) {
        abandon();
    }

    @Override
    public void onCompleted() {
        finish(null);
    }

    private void walk() {
        int[] nextId = {0};
        try {
            walker.walk((file, stat) -> {
                int id = nextId[0]++;
                if (FileModes.isRegular(stat.getMode())) {
                    requestable.put(id, file);
                }
                send(Packet.newBuilder()
                        .setType(PacketType.PACKET_STAT)
                        .setStat(stat)
                        .build());
            });
            send(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
        } catch (TransferClosedException e) {
            // the call ended first
        } catch (IOException | RuntimeException e) {
            String message = Failures.describe(e);
            try {
                send(Packet.newBuilder()
                        .setType(PacketType.PACKET_ERR)
                        .setData(utf8(message))
                        .build());
            } catch (IOException closed) {
                // the call ended first
            }
            finish(Status.UNKNOWN.withDescription(message));
        }
    }

    private void serveRequests() {
        // one buffer per worker, reused for every chunk: gRPC serializes a message (copies its bytes out)
        // before onNext returns, so a chunk's buffer is free again as soon as it has been sent
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_SIZE);
        try {
            for (FileRequest request = requests.take(); request != STOP; request = requests.take()) {
                sendFile(request, chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TransferClosedException e) {
            // the call ended first
        } catch (IOException e) {
            finish(Status.UNKNOWN.withDescription(Failures.describe(e)));
        }
    }

    private void sendFile(FileRequest request, ByteBuffer chunk) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(request.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            channel = null; // as fsutil: a file that cannot be opened any more is sent empty
        }
        if (channel != null) {
            try (FileChannel in = channel) {
                boolean end = false;
                while (!end) {
                    chunk.clear();
                    end = !readFully(in, chunk); // up to the end of the file, even if it grew since its STAT
                    chunk.flip();
                    if (chunk.hasRemaining()) {
                        send(Packet.newBuilder()
                                .setType(PacketType.PACKET_DATA)
                                .setID(request.id())
                                .setData(UnsafeByteOperations.unsafeWrap(chunk))
                                .build());
                    }
                }
            }
        }
        send(Packet.newBuilder()
                .setType(PacketType.PACKET_DATA)
                .setID(request.id())
                .build());
    }

    /** Fills {@code chunk} from {@code in}; false when the file ended first. */
    private static boolean readFully(FileChannel in, ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            if (in.read(chunk) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Sends one packet once the call can take it; throws {@link TransferClosedException} when it has ended. */
    private void send(Packet packet) throws IOException {
        synchronized (sendLock) {
            while (!closed && !out.isReady()) {
                try {
                    sendLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
            }
            if (closed) {
                throw new TransferClosedException();
            }
            out.onNext(packet);
        }
    }

    private void wakeSenders() {
        synchronized (sendLock) {
            sendLock.notifyAll();
        }
    }

    /** Ends the call once: OK when {@code failure} is null. Stops the walk and the workers. */
    private void finish(Status failure) {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
            sendLock.notifyAll();
            if (failure == null) {
                out.onCompleted();
            } else {
                out.onError(failure.asRuntimeException());
            }
        }
        stopWorkers();
    }

    /** The daemon went away: stop without answering. */
    private void abandon() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
            sendLock.notifyAll();
        }
        stopWorkers();
    }

    private void stopWorkers() {
        for (int i = 0; i < FILE_WORKERS; i++) {
            requests.add(STOP);
        }
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }

    /** Unwinds a walk or a worker when the call has already ended. */
    private static final class TransferClosedException extends IOException {
        TransferClosedException() {
            super("transfer closed");
        }
    }
}
