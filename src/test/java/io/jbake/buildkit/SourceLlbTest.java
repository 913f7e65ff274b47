package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.Op;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LLB jbake writes for a remote definition's source is the op buildx writes: a git or HTTP source without a
 * platform, with empty worker constraints, its attributes in key order (the vertex the daemon then shows is
 * buildx's: {@code RemoteDefinitionDaemonTest#fetchAndBuildShareTheSourceStep}); an archive is unpacked by a
 * chain of file ops.
 */
class SourceLlbTest {
    private static String digest(com.google.protobuf.ByteString bytes) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    @Test
    void gitSourceIsBuildxsOp() throws Exception {
        BuildKitClient.Source git = new BuildKitClient.Source(
                "git://127.0.0.1:19418/repo.git",
                Map.of(
                        "git.fullurl", "git://127.0.0.1:19418/repo.git",
                        "git.authtokensecret", "GIT_AUTH_TOKEN",
                        "git.authheadersecret", "GIT_AUTH_HEADER"),
                "[internal] load git source git://127.0.0.1:19418/repo.git");
        Definition definition = SourceLlb.of(git);
        assertEquals(2, definition.getDefCount());
        Op source = Op.parseFrom(definition.getDef(0));
        assertEquals(false, source.hasPlatform());
        assertEquals(true, source.hasConstraints());
        assertEquals(0, source.getConstraints().getFilterCount());
        assertEquals(
                List.of("git.authheadersecret", "git.authtokensecret", "git.fullurl"),
                List.copyOf(source.getSource().getAttrsMap().keySet()));
        assertEquals(
                digest(definition.getDef(0)),
                Op.parseFrom(definition.getDef(1)).getInputs(0).getDigest());
        assertEquals(
                "[internal] load git source git://127.0.0.1:19418/repo.git",
                definition.getMetadataOrThrow(digest(definition.getDef(0))).getDescriptionOrThrow("llb.customname"));
    }

    @Test
    void httpSourceIsBuildxsOp() throws Exception {
        BuildKitClient.Source http = new BuildKitClient.Source(
                "http://127.0.0.1:18712/single.hcl",
                Map.of("http.filename", "context"),
                "[internal] load remote build context");
        Op source = Op.parseFrom(SourceLlb.of(http).getDef(0));
        assertEquals("http://127.0.0.1:18712/single.hcl", source.getSource().getIdentifier());
        assertEquals(Map.of("http.filename", "context"), source.getSource().getAttrsMap());
        assertEquals(false, source.hasPlatform());
        assertEquals(true, source.hasConstraints());
    }

    /** Source, unpacking copy onto scratch, the sub-directory's copy, terminal: each the next one's input. */
    @Test
    void unpackedArchiveChainsItsOps() throws Exception {
        BuildKitClient.Source http = new BuildKitClient.Source(
                "http://127.0.0.1:1/def.tar.gz",
                Map.of("http.filename", "context"),
                "[internal] load remote build context");
        Definition definition = SourceLlb.unpacked(http, "context", "sub");
        assertEquals(4, definition.getDefCount());
        Op unpack = Op.parseFrom(definition.getDef(1));
        assertEquals(digest(definition.getDef(0)), unpack.getInputs(0).getDigest());
        assertEquals("/context", unpack.getFile().getActions(0).getCopy().getSrc());
        assertEquals(true, unpack.getFile().getActions(0).getCopy().getAttemptUnpackDockerCompatibility());
        assertEquals(-1, unpack.getFile().getActions(0).getInput());
        assertEquals("amd64", unpack.getPlatform().getArchitecture());
        Op scoped = Op.parseFrom(definition.getDef(2));
        assertEquals(digest(definition.getDef(1)), scoped.getInputs(0).getDigest());
        assertEquals("/sub", scoped.getFile().getActions(0).getCopy().getSrc());
        assertEquals(true, scoped.getFile().getActions(0).getCopy().getDirCopyContents());
        Op terminal = Op.parseFrom(definition.getDef(3));
        assertEquals(digest(definition.getDef(2)), terminal.getInputs(0).getDigest());
        assertEquals(
                "set context to sub",
                definition.getMetadataOrThrow(digest(definition.getDef(2))).getDescriptionOrThrow("llb.customname"));
        assertEquals(
                List.of(3, 4), List.of(SourceLlb.unpacked(http, "context", ".").getDefCount(), 4));
    }
}
