package io.jbake.buildkit.filesync;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.filesync.BytesMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code moby.filesync.v1.FileSend}: receives build outputs. Each exporter of the solve that writes on the
 * client has a {@link Target} under its index in {@code SolveRequest.Exporters} (the daemon names it in
 * the {@code buildkit-attachable-exporter-id} header; absent means 0).
 *
 * <p>The one method carries two payloads: for a {@link Target.Directory} (exporter {@code local}) the
 * messages are fsutil packets and jbake is the receiving side of a DiffCopy ({@link DirectoryReceiver});
 * for a {@link Target.File} (exporters {@code tar}, {@code oci}, {@code docker}) they are
 * {@code BytesMessage} chunks of one tarball. Proto parsing cannot tell them apart, hence a hand-made
 * service with a raw byte marshaller instead of a generated stub.
 */
public final class FileSendService implements BindableService {
    static final String SERVICE = "moby.filesync.v1.FileSend";

    /** Where one exporter's output goes. */
    public sealed interface Target {
        /**
         * Exporter {@code local}: files are written into {@code dest} (created if missing, merged if present); with
         * {@code deleteStale} ({@code mode=delete}, buildx v0.35), files of {@code dest} the output lacks are deleted.
         */
        record Directory(Path dest, boolean deleteStale) implements Target {
            public Directory(Path dest) {
                this(dest, false);
            }
        }

        /** Exporters {@code tar}, {@code oci}, {@code docker}: the tarball's bytes go to the opened stream. */
        record File(Output output) implements Target {}
    }

    /** Opens the stream a tarball is written to; the stream is closed when the export ends. */
    @FunctionalInterface
    public interface Output {
        /**
         * @param exporterMetadata the exporter's response so far (keys such as {@code containerimage.digest},
         *     {@code image.name}), empty for {@code tar}
         * @return the stream, or null to skip writing (the daemon then counts the export as done)
         */
        OutputStream open(Map<String, String> exporterMetadata) throws IOException;

        /** Writes to a file, replacing it. */
        static Output toFile(Path file) {
            return metadata -> Files.newOutputStream(file);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> DIFF_COPY = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "DiffCopy"))
            .setRequestMarshaller(RAW)
            .setResponseMarshaller(RAW)
            .build();

    private static final String EXPORTER_ID = "buildkit-attachable-exporter-id";
    private static final String METADATA_PREFIX = "exporter-md-";
    /** The daemon's word that it sends a multi-platform local export as one tree (BuildKit v0.31). */
    private static final String MULTI_PLATFORM_TRANSFER = "buildkit-exporter-multi-platform";

    private final Map<Integer, Target> targets;

    /** @param targets output per exporter index */
    public FileSendService(Map<Integer, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return RequestHeaders.captured(ServerServiceDefinition.builder(SERVICE)
                .addMethod(DIFF_COPY, ServerCalls.asyncBidiStreamingCall(this::diffCopy))
                .build());
    }

    private StreamObserver<byte[]> diffCopy(StreamObserver<byte[]> response) {
        Metadata headers = RequestHeaders.current();
        int id = exporterId(headers);
        Target target = targets.get(id);
        if (target instanceof Target.Directory directory) {
            if (directory.deleteStale() && !"1".equals(RequestHeaders.first(headers, MULTI_PLATFORM_TRANSFER))) {
                // an older daemon sends a multi-platform result as one tree per platform: nothing would be
                // stale-free, so buildx refuses, in these words
                response.onError(Status.UNKNOWN
                        .withDescription("local exporter mode=delete requires a BuildKit daemon with multi-platform"
                                + " local export support")
                        .asRuntimeException());
                return new TarballReceiver(null, response);
            }
            return new DirectoryReceiver(directory.dest(), directory.deleteStale(), response);
        }
        if (target == null) {
            response.onError(Status.NOT_FOUND
                    .withDescription("exporter " + id + " not found")
                    .asRuntimeException());
            return new TarballReceiver(null, response);
        }
        OutputStream out;
        try {
            out = ((Target.File) target).output().open(exporterMetadata(headers));
        } catch (IOException e) {
            response.onError(
                    Status.UNKNOWN.withDescription(Failures.describe(e)).asRuntimeException());
            return new TarballReceiver(null, response);
        }
        if (out == null) {
            response.onError(Status.ALREADY_EXISTS
                    .withDescription("target already exists")
                    .asRuntimeException());
        }
        return new TarballReceiver(out, response);
    }

    private static int exporterId(Metadata headers) {
        String value = RequestHeaders.first(headers, EXPORTER_ID);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The {@code exporter-md-*} headers, several values of one key joined with ',' as BuildKit does. */
    private static Map<String, String> exporterMetadata(Metadata headers) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String key : headers.keys()) {
            if (key.startsWith(METADATA_PREFIX) && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                metadata.put(
                        key.substring(METADATA_PREFIX.length()), String.join(",", RequestHeaders.values(headers, key)));
            }
        }
        return metadata;
    }

    /** A file export: BytesMessage chunks appended to the stream until the daemon half-closes. */
    private static final class TarballReceiver implements StreamObserver<byte[]> {
        private final OutputStream out;
        private final StreamObserver<byte[]> response;
        private boolean failed;

        TarballReceiver(OutputStream out, StreamObserver<byte[]> response) {
            this.out = out;
            this.response = response;
            this.failed = out == null;
        }

        @Override
        public void onNext(byte[] message) {
            if (failed) {
                return;
            }
            try {
                BytesMessage.parseFrom(message).getData().writeTo(out);
            } catch (InvalidProtocolBufferException e) {
                fail(Status.INVALID_ARGUMENT.withDescription("malformed export data"));
            } catch (IOException e) {
                fail(Status.UNKNOWN.withDescription(Failures.describe(e)));
            }
        }

        private void fail(Status status) {
            failed = true;
            closeQuietly();
            response.onError(status.asRuntimeException());
        }

        @Override
        public void onError(Throwable t) {
            if (!failed) {
                failed = true;
                closeQuietly();
            }
        }

        @Override
        public void onCompleted() {
            if (failed) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                response.onError(
                        Status.UNKNOWN.withDescription(Failures.describe(e)).asRuntimeException());
                return;
            }
            response.onCompleted();
        }

        private void closeQuietly() {
            if (out == null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                // the export already failed
            }
        }
    }
}
