package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.CacheOptions;
import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.gateway.FileRange;
import io.jbake.buildkit.proto.gateway.LLBBridgeGrpc;
import io.jbake.buildkit.proto.gateway.ReadFileRequest;
import io.jbake.buildkit.proto.gateway.Ref;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.proto.gateway.ReturnRequest;
import io.jbake.buildkit.proto.gateway.StatFileRequest;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.session.SessionTransport;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * Reads files of a source (a git repository, an HTTP download) that the daemon fetches, as buildx reads a
 * remote bake definition: an internal build without a frontend whose gateway client solves the source's LLB
 * ({@code LLBBridge.Solve}), stats and reads files in the result ({@code StatFile}, {@code ReadFile}) and
 * returns nothing to export. The daemon fetches with its own network; the client needs no git or HTTP client.
 */
final class SourceReader {
    private SourceReader() {}

    /**
     * Solves {@code source} at the daemon and hands its files to {@code reader} while the build runs.
     *
     * @throws BuildFailedException when the daemon cannot fetch the source or a read fails
     */
    static <T> T read(
            Channel channel,
            Endpoint endpoint,
            SessionTransport sessions,
            List<ServerServiceDefinition> services,
            BuildKitClient.Source source,
            ProgressListener progress,
            BuildKitClient.FilesReader<T> reader) {
        String ref = Session.newId();
        try (Session session = Session.open(sessions, "", services)) {
            SolveRequest solve = SolveRequest.newBuilder()
                    .setRef(ref)
                    .setSession(session.id())
                    .setCache(CacheOptions.newBuilder())
                    .setInternal(true) // kept out of the build history, as buildx's
                    .build();
            return SolveCall.run(
                            channel,
                            endpoint,
                            solve,
                            session,
                            progress,
                            () -> readThroughGateway(channel, ref, source, reader))
                    .value();
        } finally {
            progress.finished();
        }
    }

    private static <T> T readThroughGateway(
            Channel channel, String buildId, BuildKitClient.Source source, BuildKitClient.FilesReader<T> reader)
            throws InterruptedException {
        LLBBridgeGrpc.LLBBridgeBlockingStub bridge = SolveCall.bridge(channel, buildId);
        BuildKitClient.SourceFiles files;
        try {
            files = solvedFiles(bridge, SourceLlb.of(source), source);
        } catch (StatusRuntimeException e) {
            bridge.return_(ReturnRequest.newBuilder()
                    .setError(com.google.rpc.Status.newBuilder()
                            .setCode(e.getStatus().getCode().value())
                            .setMessage(
                                    e.getStatus().getDescription() == null
                                            ? e.getStatus().getCode().toString()
                                            : e.getStatus().getDescription()))
                    .build());
            throw e;
        }
        T value;
        try {
            value = reader.read(files);
        } catch (RuntimeException e) {
            bridge.return_(ReturnRequest.newBuilder()
                    .setError(com.google.rpc.Status.newBuilder()
                            .setCode(io.grpc.Status.Code.UNKNOWN.value())
                            .setMessage(String.valueOf(e.getMessage())))
                    .build());
            throw e;
        }
        // an empty result, as BuildKit's client returns when its build function gives none: a request with
        // neither a result nor an error crashes Docker Engine 28's gateway (a nil dereference in Return)
        bridge.return_(ReturnRequest.newBuilder()
                .setResult(Result.newBuilder().setRef(Ref.getDefaultInstance()))
                .build());
        return value;
    }

    /**
     * Solves {@code definition} on the gateway and gives the files of its result.
     *
     * @param source the source the definition starts from, whose archives {@link
     *     BuildKitClient.SourceFiles#unpacked} unpacks
     */
    private static BuildKitClient.SourceFiles solvedFiles(
            LLBBridgeGrpc.LLBBridgeBlockingStub bridge, Definition definition, BuildKitClient.Source source)
            throws InterruptedException {
        io.jbake.buildkit.proto.gateway.SolveRequest request = io.jbake.buildkit.proto.gateway.SolveRequest.newBuilder()
                .setDefinition(definition)
                .setAllowResultReturn(true)
                .setAllowResultArrayRef(true)
                .build();
        String resultRef =
                SolveCall.solveOnGateway(bridge, request).getResult().getRef().getId();
        return new BuildKitClient.SourceFiles() {
            @Override
            public Optional<Long> size(String path) {
                try {
                    return Optional.of(bridge.statFile(StatFileRequest.newBuilder()
                                    .setRef(resultRef)
                                    .setPath(path)
                                    .build())
                            .getStat()
                            .getSize());
                } catch (StatusRuntimeException e) {
                    return Optional.empty();
                }
            }

            @Override
            public byte[] read(String path, long length) {
                ReadFileRequest.Builder read =
                        ReadFileRequest.newBuilder().setRef(resultRef).setFilePath(path);
                if (length >= 0) {
                    read.setRange(FileRange.newBuilder().setLength(length));
                }
                ByteString data = bridge.readFile(read.build()).getData();
                return data.toByteArray();
            }

            @Override
            public BuildKitClient.SourceFiles unpacked(String path) {
                try {
                    return solvedFiles(bridge, SourceLlb.unpacked(source, path, ""), source);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildKitException("build canceled");
                }
            }
        };
    }
}
