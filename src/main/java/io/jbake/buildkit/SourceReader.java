package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.CacheOptions;
import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.Input;
import io.jbake.buildkit.proto.Op;
import io.jbake.buildkit.proto.OpMetadata;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.SourceOp;
import io.jbake.buildkit.proto.gateway.FileRange;
import io.jbake.buildkit.proto.gateway.LLBBridgeGrpc;
import io.jbake.buildkit.proto.gateway.ReadFileRequest;
import io.jbake.buildkit.proto.gateway.Ref;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.proto.gateway.ReturnRequest;
import io.jbake.buildkit.proto.gateway.StatFileRequest;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.session.SessionTransport;
import io.jbake.buildkit.transport.Endpoint;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
        io.jbake.buildkit.proto.gateway.SolveRequest request = io.jbake.buildkit.proto.gateway.SolveRequest.newBuilder()
                .setDefinition(definition(source))
                .setAllowResultReturn(true)
                .setAllowResultArrayRef(true)
                .build();
        String resultRef;
        try {
            resultRef = SolveCall.solveOnGateway(bridge, request)
                    .getResult()
                    .getRef()
                    .getId();
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
        BuildKitClient.SourceFiles files = new BuildKitClient.SourceFiles() {
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
        };
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
     * The LLB of one source: its op, then the terminal op whose one input is the source's output (as LLB's
     * marshaling ends every definition), each op's metadata by the digest of its bytes.
     */
    static Definition definition(BuildKitClient.Source source) {
        byte[] sourceOp = Op.newBuilder()
                .setSource(
                        SourceOp.newBuilder().setIdentifier(source.identifier()).putAllAttrs(source.attrs()))
                .build()
                .toByteArray();
        String sourceDigest = digest(sourceOp);
        byte[] terminal = Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(sourceDigest).setIndex(0))
                .build()
                .toByteArray();
        return Definition.newBuilder()
                .addDef(ByteString.copyFrom(sourceOp))
                .addDef(ByteString.copyFrom(terminal))
                .putMetadata(
                        sourceDigest,
                        OpMetadata.newBuilder()
                                .putAllDescription(Map.of("llb.customname", source.name()))
                                .build())
                .putMetadata(digest(terminal), OpMetadata.getDefaultInstance())
                .build();
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
