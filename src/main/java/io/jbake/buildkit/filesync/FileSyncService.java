package io.jbake.buildkit.filesync;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.filesync.FileSyncGrpc;
import io.jbake.buildkit.proto.fsutil.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code moby.filesync.v1.FileSync}: serves named local directories (the build context, the Dockerfile's
 * directory, named local contexts) to the daemon. The daemon picks one by the {@code dir-name} header and
 * sends the frontend's filters ({@code include-patterns}, {@code exclude-patterns} from .dockerignore,
 * {@code followpaths}); see {@link LocalDirWalker} for what is listed and {@link DiffCopySender} for the
 * transfer. Calls may overlap; each has its own walk.
 */
public final class FileSyncService implements FileSyncGrpc.AsyncService, BindableService {
    private static final ExecutorService TRANSFERS = Executors.newCachedThreadPool(daemonThreads("jbake-filesync-"));

    private final Map<String, Path> dirs;

    /** @param dirs directory per local name, e.g. {@code context}, {@code dockerfile}, a named context's name */
    public FileSyncService(Map<String, Path> dirs) {
        this.dirs = Map.copyOf(dirs);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return RequestHeaders.captured(FileSyncGrpc.bindService(this));
    }

    @Override
    public StreamObserver<Packet> diffCopy(StreamObserver<Packet> responseObserver) {
        Metadata headers = RequestHeaders.current();
        String name = RequestHeaders.first(headers, "dir-name");
        Path dir = dirs.get(name == null ? "" : name);
        if (dir == null) {
            return refuse(
                    responseObserver,
                    Status.NOT_FOUND.withDescription(
                            "no access allowed to dir \"" + (name == null ? "" : name) + "\""));
        }
        LocalDirWalker walker;
        try {
            walker = LocalDirWalker.create(
                    dir,
                    RequestHeaders.values(headers, "include-patterns"),
                    RequestHeaders.values(headers, "exclude-patterns"),
                    RequestHeaders.values(headers, "followpaths"));
        } catch (IllegalArgumentException e) {
            return refuse(responseObserver, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (IOException e) {
            return refuse(responseObserver, Status.UNKNOWN.withDescription(Failures.describe(e)));
        }
        return DiffCopySender.start(walker, (ServerCallStreamObserver<Packet>) responseObserver, TRANSFERS);
    }

    private static StreamObserver<Packet> refuse(StreamObserver<Packet> responseObserver, Status status) {
        responseObserver.onError(status.asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(Packet value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
