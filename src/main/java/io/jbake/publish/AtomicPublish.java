package io.jbake.publish;

import io.jbake.buildkit.BuildRequest;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --atomic}: every target pushes its image by digest only ({@code push-by-digest=true}, {@code store=false}:
 * the registry gets the manifest and its blobs in each named repository, and no tag), and only once every target
 * has succeeded are the tags written, each a copy of its target's manifest by digest to the tag
 * ({@link RegistryClient}). One failed target: no tag moves. A registry has no transaction over several tags, so a
 * failure while tagging stops there and says which tags were written and which were not.
 *
 * <p>What it refuses before anything builds ({@link #prepare}): an output that would move a tag while its target
 * builds (a {@code docker} output: a load into an image store, or its tarball; an image named but not pushed), an
 * exporter it does not know, more than one pushing image output in a target, a name with a digest, one tag named
 * by two targets, and a daemon that cannot push by digest (Docker Engine with its classic image store). File
 * outputs ({@code local}, {@code tar}, {@code oci}) are written as their target finishes: files on this machine,
 * not published names. Safe for use by concurrent builds.
 */
public final class AtomicPublish {
    /** The step that writes the tags. */
    public static final String STEP = "[internal] publish tags";

    /** The exporter response key of the pushed manifest's (or index's) digest. */
    public static final String DIGEST_KEY = "containerimage.digest";

    /** The exporter response key of the image's names. */
    public static final String NAME_KEY = "image.name";

    /** What a target's node can do with an image export. */
    public enum Daemon {
        /** BuildKit's own image exporter: pushes by digest. */
        BUILDKIT,
        /** Docker Engine with the containerd image store: its BuildKit image exporter pushes by digest. */
        ENGINE_CONTAINERD_STORE,
        /** Docker Engine with the classic image store: its exporter stores, the engine pushes tags. */
        ENGINE_CLASSIC_STORE
    }

    /** An output {@link #prepare} refuses; the message names the target and why. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** One tag to write: {@code name} to {@code digest}, the digest target {@code target} pushed. */
    public record TagWrite(String target, ImageName name, String digest) {
        /** {@code name:tag -> digest}. */
        @Override
        public String toString() {
            return name + " -> " + digest;
        }
    }

    /** The tags of one target and how its registries are reached. */
    private record Plan(List<ImageName> tags, boolean insecure, String imageNames) {}

    private final RegistryClient registry;
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Map<String, String> tagOwners = new HashMap<>();

    public AtomicPublish(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The exports of {@code target} as an atomic bake sends them: its pushing image export made a push by digest
     * to the repositories of its names, the others as they were; records the tags to write after the build.
     *
     * @param daemon what the target's node is
     * @throws RefusedException for an output {@code --atomic} cannot hold back (see the class comment)
     */
    public synchronized List<BuildRequest.Export> prepare(
            String target, List<BuildRequest.Export> exports, Daemon daemon) {
        List<BuildRequest.Export> prepared = new ArrayList<>();
        Plan plan = null;
        for (BuildRequest.Export export : exports) {
            Map<String, String> attrs = export.attrs();
            List<String> names = names(attrs.get("name"));
            switch (export.type()) {
                case "local", "tar", "oci" -> prepared.add(export);
                case "docker" ->
                    throw refused(
                            target,
                            "a docker output (a load into an image store, or a docker tarball) is not"
                                    + " held back; push to a registry (--push), or write an oci tarball");
                case "image" -> {
                    boolean push = flag(attrs.get("push"));
                    if (!push) {
                        if (!names.isEmpty()) {
                            throw refused(
                                    target,
                                    "the image " + String.join(",", names) + " is stored under its"
                                            + " tags as the target finishes, which it cannot hold back; push it"
                                            + " (--push, push=true) or leave its name out");
                        }
                        prepared.add(export);
                        continue;
                    }
                    if (plan != null) {
                        throw refused(target, "it takes one pushed image output per target");
                    }
                    if (daemon == Daemon.ENGINE_CLASSIC_STORE) {
                        throw refused(
                                target,
                                "this builder cannot push by digest: Docker Engine with the classic"
                                        + " image store stores the image under its tags and pushes tags; use Docker Engine"
                                        + " with the containerd image store or a BuildKit daemon (docker-container, remote,"
                                        + " kubernetes driver)");
                    }
                    if (names.isEmpty()) {
                        throw refused(target, "a pushed image output has no name (tags or name=)");
                    }
                    boolean insecure = flag(attrs.get("registry.insecure"));
                    if (flag(attrs.get("push-by-digest"))) {
                        // already pushed by digest only: nothing to tag afterwards
                        plan = new Plan(List.of(), insecure, attrs.get("name"));
                        prepared.add(export);
                        continue;
                    }
                    List<ImageName> tags = new ArrayList<>();
                    Set<String> repositories = new LinkedHashSet<>();
                    for (String name : names) {
                        ImageName image;
                        try {
                            image = ImageName.parse(name);
                        } catch (IllegalArgumentException e) {
                            throw refused(target, e.getMessage());
                        }
                        if (image.digested()) {
                            throw refused(target, "the name " + name + " has a digest, which no tag can be written to");
                        }
                        if (!tags.contains(image)) {
                            tags.add(image);
                        }
                        repositories.add(image.repositoryName());
                    }
                    Map<String, String> byDigest = new LinkedHashMap<>(attrs);
                    byDigest.put("name", String.join(",", repositories));
                    byDigest.put("push-by-digest", "true");
                    byDigest.put("store", "false");
                    // the exporter names the image as it was given it; Docker Engine's normalises names first
                    String imageNames = daemon == Daemon.BUILDKIT
                            ? attrs.get("name")
                            : String.join(
                                    ",", tags.stream().map(ImageName::toString).toList());
                    plan = new Plan(List.copyOf(tags), insecure, imageNames);
                    prepared.add(new BuildRequest.Export("image", byDigest));
                }
                default -> throw refused(target, "it does not know what the " + export.type() + " exporter publishes");
            }
        }
        if (plan != null) {
            for (ImageName tag : plan.tags()) {
                String owner = tagOwners.putIfAbsent(tag.toString(), target);
                if (owner != null && !owner.equals(target)) {
                    throw refused(
                            target, "the tag " + tag + " is also target " + owner + "'s; it writes each" + " tag once");
                }
            }
            plans.put(target, plan);
        }
        return prepared;
    }

    /**
     * Writes every tag, target by target in {@code order}, each to the digest its target pushed; stops at the
     * first that fails.
     *
     * @param order the targets in the order their tags are written (those without a plan are skipped)
     * @param exporterResponses each succeeded target's exporter response ({@value #DIGEST_KEY})
     */
    public synchronized Outcome publish(List<String> order, Map<String, Map<String, String>> exporterResponses) {
        List<TagWrite> writes = new ArrayList<>();
        Map<String, Boolean> insecure = new HashMap<>();
        for (String target : order) {
            Plan plan = plans.get(target);
            if (plan == null) {
                continue;
            }
            String digest = exporterResponses.getOrDefault(target, Map.of()).get(DIGEST_KEY);
            for (ImageName tag : plan.tags()) {
                writes.add(new TagWrite(target, tag, digest));
            }
            insecure.put(target, plan.insecure());
        }
        List<TagWrite> written = new ArrayList<>();
        Map<String, RegistryClient.Manifest> manifests = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            TagWrite write = writes.get(i);
            try {
                if (write.digest() == null || write.digest().isEmpty()) {
                    throw new IOException("the build gave no " + DIGEST_KEY);
                }
                boolean plainHttp = insecure.get(write.target()) || write.name().loopback();
                String key = write.name().repositoryName() + "@" + write.digest();
                RegistryClient.Manifest manifest = manifests.get(key);
                if (manifest == null) {
                    manifest = registry.manifest(write.name(), write.digest(), plainHttp);
                    manifests.put(key, manifest);
                }
                String put = registry.putManifest(write.name(), manifest, plainHttp);
                if (!put.equals(write.digest())) {
                    throw new IOException("the registry stored it as " + put);
                }
                written.add(write);
            } catch (IOException e) {
                return new Outcome(written, Optional.of(write), e.getMessage(), writes.subList(i + 1, writes.size()));
            }
        }
        return new Outcome(written, Optional.empty(), "", List.of());
    }

    /** The tags {@link #publish} would have written, none written: a target did not succeed. */
    public synchronized List<String> withheld() {
        List<String> tags = new ArrayList<>();
        plans.values().forEach(plan -> plan.tags().forEach(tag -> tags.add(tag.toString())));
        return tags;
    }

    /**
     * The {@value #NAME_KEY} a target's metadata gives once its tags are written: its names as the image export
     * had them without {@code --atomic}; empty for a target with no pushed image.
     */
    public synchronized Optional<String> imageNames(String target) {
        return Optional.ofNullable(plans.get(target)).map(Plan::imageNames);
    }

    /** How the tag phase ended. */
    public record Outcome(List<TagWrite> written, Optional<TagWrite> failed, String error, List<TagWrite> notWritten) {
        public Outcome {
            written = List.copyOf(written);
            notWritten = List.copyOf(notWritten);
        }

        public boolean succeeded() {
            return failed.isEmpty();
        }

        /** The lines of the {@value #STEP} step: each tag written, then the one that failed and those not written. */
        public List<String> stepLines() {
            List<String> lines = new ArrayList<>();
            written.forEach(write -> lines.add(write.toString()));
            failed.ifPresent(write -> lines.add("failed: " + write + ": " + error));
            notWritten.forEach(write -> lines.add("not written: " + write));
            return lines;
        }

        /**
         * What the command prints when a tag could not be written: that one with the registry's error, each tag
         * written (they stay: a registry has no transaction to undo them), each not written; empty when every tag
         * was written.
         */
        public String errorReport() {
            if (failed.isEmpty()) {
                return "";
            }
            StringBuilder report = new StringBuilder();
            TagWrite failure = failed.get();
            report.append("ERROR: target ")
                    .append(failure.target())
                    .append(": --atomic: writing tag ")
                    .append(failure)
                    .append(" failed: ")
                    .append(error)
                    .append('\n');
            report.append("ERROR: tags written (")
                    .append(written.size())
                    .append("): ")
                    .append(
                            written.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            written.stream()
                                                    .map(TagWrite::toString)
                                                    .toList()))
                    .append('\n');
            List<String> missing = new ArrayList<>();
            missing.add(failure.name().toString());
            notWritten.forEach(write -> missing.add(write.name().toString()));
            report.append("ERROR: tags not written (")
                    .append(missing.size())
                    .append("): ")
                    .append(String.join(", ", missing))
                    .append('\n');
            return report.toString();
        }
    }

    private static RefusedException refused(String target, String why) {
        return new RefusedException("target " + target + ": --atomic: " + why);
    }

    private static List<String> names(String value) {
        List<String> names = new ArrayList<>();
        if (value != null) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }

    /** A boolean exporter attribute as BuildKit reads it: empty means true. */
    private static boolean flag(String value) {
        return value != null && (value.isEmpty() || GoLib.parseBool(value).orElse(false));
    }
}
