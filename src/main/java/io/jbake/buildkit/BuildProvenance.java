package io.jbake.buildkit;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.BuildHistoryEvent;
import io.jbake.buildkit.proto.BuildHistoryRequest;
import io.jbake.buildkit.proto.BuildResultInfo;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.Descriptor;
import io.jbake.buildkit.proto.content.ContentGrpc;
import io.jbake.buildkit.proto.content.ReadContentRequest;
import io.jbake.buildkit.transport.BuildKitException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The SLSA provenance buildx 0.29 puts into {@code --metadata-file} as {@code buildx.build.provenance}
 * (one {@code buildx.build.provenance/<platform>} per platform of a multi-platform build): BuildKit keeps a
 * provenance attestation in every build's history record whether or not the build asked for one; buildx
 * reads the record ({@code Control.ListenBuildHistory}), the attestation's blob (the content store) and
 * writes it base64-encoded, without {@code buildConfig} and {@code metadata} in the default mode {@code
 * min}, whole in {@code max} ({@code BUILDX_METADATA_PROVENANCE}).
 *
 * <p>buildx decodes the predicate into BuildKit's SLSA v0.2 Go type and encodes it again; the daemon wrote
 * it from the same type, so its text is kept as it is (key order, escapes) and only the two members are
 * cut. A SLSA v1 predicate (a build that asked for {@code provenance=...,version=v1}) is not converted
 * to v0.2 as buildx converts it; it is left out.
 */
public final class BuildProvenance {

    /** {@code BUILDX_METADATA_PROVENANCE}: what of the provenance goes into the metadata file. */
    public enum Mode {
        MIN,
        MAX,
        DISABLED;

        /** As buildx parses the variable: {@code min}, {@code max}, {@code disabled}, a false boolean; else {@code min}. */
        public static Mode parse(String value) {
            if (value == null) {
                return MIN;
            }
            return switch (value) {
                case "min" -> MIN;
                case "max" -> MAX;
                case "disabled", "0", "f", "F", "false", "FALSE", "False" -> DISABLED;
                default -> MIN;
            };
        }
    }

    private static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final String PREDICATE_TYPE = "in-toto.io/predicate-type";
    private static final String SLSA_02 = "https://slsa.dev/provenance/v0.2";
    private static final Set<String> MAX_ONLY = Set.of("buildConfig", "metadata");
    private static final long DEADLINE_SECONDS = 60;

    private BuildProvenance() {}

    /**
     * {@code result} with the build record's provenance added to its response for {@code mode}, read as a
     * progress step of its own, as buildx shows it.
     *
     * @throws BuildKitException when the daemon cannot give the record or the blob
     */
    static BuildResult addTo(BuildResult result, Mode mode, Channel channel, ProgressListener progress) {
        Map<String, String> response = new TreeMap<>(result.exporterResponse());
        ClientStep.run(
                progress,
                "provenance:" + result.ref(),
                "resolving provenance for metadata file",
                () -> response.putAll(fetch(channel, result.ref(), mode)));
        return new BuildResult(result.ref(), response, result.builderNode());
    }

    /**
     * The metadata entries for the finished build {@code ref}: none when {@code mode} is {@link Mode#DISABLED}
     * or the record has no SLSA v0.2 provenance.
     *
     * @throws BuildKitException when the daemon cannot give the record or the blob
     */
    static Map<String, String> fetch(Channel channel, String ref, Mode mode) {
        Map<String, String> entries = new TreeMap<>();
        if (mode == Mode.DISABLED) {
            return entries;
        }
        try {
            Iterator<BuildHistoryEvent> events = ControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listenBuildHistory(BuildHistoryRequest.newBuilder()
                            .setRef(ref)
                            .setEarlyExit(true)
                            .build());
            while (events.hasNext()) {
                BuildHistoryEvent event = events.next();
                if (!event.hasRecord()) {
                    continue;
                }
                if (event.getRecord().hasResult()) {
                    Descriptor provenance = provenanceOf(event.getRecord().getResult());
                    if (provenance != null) {
                        entries.put("buildx.build.provenance", encode(read(channel, provenance), mode));
                    }
                } else {
                    for (Map.Entry<String, BuildResultInfo> result :
                            event.getRecord().getResultsMap().entrySet()) {
                        Descriptor provenance = provenanceOf(result.getValue());
                        if (provenance != null) {
                            entries.put(
                                    "buildx.build.provenance/" + result.getKey(),
                                    encode(read(channel, provenance), mode));
                        }
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED) {
                return entries; // a daemon without build history (BuildKit before v0.11): buildx does not ask it
            }
            throw new BuildKitException(
                    "cannot read the build record's provenance: "
                            + e.getStatus().getDescription(),
                    e);
        }
        return entries;
    }

    private static Descriptor provenanceOf(BuildResultInfo result) {
        for (Descriptor attestation : result.getAttestationsList()) {
            if (attestation.getMediaType().equals(IN_TOTO)
                    && attestation.getAnnotationsOrDefault(PREDICATE_TYPE, "").equals(SLSA_02)) {
                return attestation;
            }
        }
        return null;
    }

    private static byte[] read(Channel channel, Descriptor blob) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ContentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .withMaxInboundMessageSize(io.jbake.buildkit.transport.DaemonConnection.MAX_MESSAGE_BYTES)
                .read(ReadContentRequest.newBuilder()
                        .setDigest(blob.getDigest())
                        .build())
                .forEachRemaining(chunk -> {
                    byte[] data = chunk.getData().toByteArray();
                    bytes.write(data, 0, data.length);
                });
        return bytes.toByteArray();
    }

    /** The predicate as buildx writes it: base64 of its JSON, without the max-only members in {@code min} mode. */
    static String encode(byte[] predicate, Mode mode) {
        String json = new String(predicate, StandardCharsets.UTF_8).strip();
        if (mode == Mode.MIN) {
            json = withoutMembers(json, MAX_ONLY);
        }
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * JSON object {@code json} without the top-level members named in {@code drop}; the others keep their
     * text and order.
     *
     * @throws BuildKitException when {@code json} is not a JSON object
     */
    static String withoutMembers(String json, Set<String> drop) {
        if (!json.startsWith("{") || !json.endsWith("}")) {
            throw new BuildKitException("the build record's provenance is not a JSON object");
        }
        List<String> kept = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 1;
        for (int i = 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) { // the object's own end
                    keep(json.substring(start, i), drop, kept);
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                keep(json.substring(start, i), drop, kept);
                start = i + 1;
            }
        }
        return "{" + String.join(",", kept) + "}";
    }

    private static void keep(String member, Set<String> drop, List<String> kept) {
        String text = member.strip();
        if (text.isEmpty()) {
            return;
        }
        int keyEnd = text.indexOf('"', 1);
        String key = keyEnd > 0 ? text.substring(1, keyEnd) : "";
        if (!drop.contains(key)) {
            kept.add(text);
        }
    }
}
