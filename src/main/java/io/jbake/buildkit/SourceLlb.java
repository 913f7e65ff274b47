package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.FileAction;
import io.jbake.buildkit.proto.FileActionCopy;
import io.jbake.buildkit.proto.FileOp;
import io.jbake.buildkit.proto.Input;
import io.jbake.buildkit.proto.Op;
import io.jbake.buildkit.proto.OpMetadata;
import io.jbake.buildkit.proto.Platform;
import io.jbake.buildkit.proto.SourceOp;
import io.jbake.buildkit.proto.WorkerConstraints;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LLB definitions jbake writes itself, as LLB's marshaling lays them out: each op's bytes in order, each
 * op's input the digest of an earlier op's bytes, the terminal op (whose one input is the result) last, and
 * each op's metadata by its digest.
 */
final class SourceLlb {
    /**
     * The platform LLB's marshaling gives every op but a git or HTTP source by default, the client's. An op's
     * digest is that of its bytes, so ops written as buildx writes them (attributes in key order, as Go's
     * deterministic marshaling writes a map; empty worker constraints) are the same vertices as buildx's and as
     * the frontend's for the same source: the display shows them as one step.
     */
    private static final Platform PLATFORM =
            Platform.newBuilder().setArchitecture("amd64").setOS("linux").build();

    private SourceLlb() {}

    /** The source alone. */
    static Definition of(BuildKitClient.Source source) {
        Chain chain = new Chain();
        String digest = chain.add(sourceOp(source), source.name());
        return chain.end(digest);
    }

    /**
     * The archive {@code file} of the source unpacked onto scratch (BuildKit's copy with Docker's unpacking, as
     * {@code ADD} does it), then, unless {@code subdir} is empty or {@code .}, the contents of that
     * sub-directory alone onto scratch.
     */
    static Definition unpacked(BuildKitClient.Source source, String file, String subdir) {
        Chain chain = new Chain();
        String downloaded = chain.add(sourceOp(source), source.name());
        String unpacked = chain.add(copyOntoScratch(downloaded, "/" + file, false, true), null);
        if (subdir.isEmpty() || subdir.equals(".")) {
            return chain.end(unpacked);
        }
        String scoped = chain.add(copyOntoScratch(unpacked, "/" + subdir, true, false), "set context to " + subdir);
        return chain.end(scoped);
    }

    private static Op sourceOp(BuildKitClient.Source source) {
        return Op.newBuilder()
                .setSource(SourceOp.newBuilder()
                        .setIdentifier(source.identifier())
                        .putAllAttrs(new TreeMap<>(source.attrs())))
                .setConstraints(WorkerConstraints.getDefaultInstance()) // a git or HTTP source has no platform
                .build();
    }

    /** A file op copying {@code src} of its one input onto scratch at {@code /}. */
    private static Op copyOntoScratch(String inputDigest, String src, boolean contentsOnly, boolean unpack) {
        FileActionCopy copy = FileActionCopy.newBuilder()
                .setSrc(src)
                .setDest("/")
                .setMode(-1)
                .setDirCopyContents(contentsOnly)
                .setAttemptUnpackDockerCompatibility(unpack)
                .setTimestamp(-1)
                .build();
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(inputDigest).setIndex(0))
                .setFile(FileOp.newBuilder()
                        .addActions(FileAction.newBuilder()
                                .setInput(-1)
                                .setSecondaryInput(0)
                                .setOutput(0)
                                .setCopy(copy)))
                .setPlatform(PLATFORM)
                .setConstraints(WorkerConstraints.getDefaultInstance())
                .build();
    }

    /** Ops in the order they were added, each by its digest. */
    private static final class Chain {
        private final Definition.Builder definition = Definition.newBuilder();
        private final Map<String, OpMetadata> metadata = new LinkedHashMap<>();

        /** Adds {@code op} (shown as {@code name} when not null) and returns its digest. */
        String add(Op op, String name) {
            byte[] bytes = op.toByteArray();
            String digest = digest(bytes);
            definition.addDef(ByteString.copyFrom(bytes));
            OpMetadata.Builder md = OpMetadata.newBuilder();
            if (name != null) {
                md.putDescription("llb.customname", name);
            }
            metadata.put(digest, md.build());
            return digest;
        }

        /** The definition whose result is the op {@code digest}. */
        Definition end(String digest) {
            add(
                    Op.newBuilder()
                            .addInputs(Input.newBuilder().setDigest(digest).setIndex(0))
                            .build(),
                    null);
            return definition.putAllMetadata(metadata).build();
        }
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
