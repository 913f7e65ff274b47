package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.jbake.buildkit.proto.Definition;
import io.jbake.buildkit.proto.gateway.Result;
import io.jbake.buildkit.transport.BuildKitException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One Dockerfile build, as buildx turns a build's options into a BuildKit solve: the local directories
 * the daemon may read, the {@code dockerfile.v0} frontend attributes, exporters, cache entries and the
 * session services (secrets, ssh, auth, file outputs) the build needs. Immutable; made with
 * {@link #builder()}.
 *
 * <p>Local directories are served under BuildKit's names: the context as {@code context}, the
 * Dockerfile's directory as {@code dockerfile}, a named context directory as its name (or
 * {@code _context}/{@code _dockerfile} when named like those two). {@link #localDirs()} lists them for
 * the FileSync service.
 */
public final class BuildRequest {

    /** A cache import or export: {@code type=registry,ref=...} and the like. */
    public record CacheEntry(String type, Map<String, String> attrs) {
        public CacheEntry {
            Objects.requireNonNull(type);
            attrs = Map.copyOf(attrs);
        }
    }

    /**
     * An exporter: type ({@code image}, {@code docker}, {@code local}, {@code tar}, {@code oci}, ...) and
     * its attributes as BuildKit reads them (client-side keys such as {@code dest} removed). Exporters that
     * write files on the client need a FileSend target in the session services, keyed by the exporter's
     * index in {@link #exports()}.
     */
    public record Export(String type, Map<String, String> attrs) {
        public Export {
            Objects.requireNonNull(type);
            attrs = Map.copyOf(attrs);
        }
    }

    private final Map<String, Path> localDirs;
    private final Map<String, String> frontendAttrs;
    private final List<Export> exports;
    private final List<CacheEntry> cacheImports;
    private final List<CacheEntry> cacheExports;
    private final List<String> entitlements;
    private final List<ServerServiceDefinition> sessionServices;
    private final String sharedKey;
    private final String dockerfileInline;
    private final Map<String, Definition> frontendInputs;
    private final String call;
    private final List<Link> links;

    /** A named context that reads another build's result, which may still be on its way. */
    private record Link(String context, String inputKey, CompletionStage<LinkedResult> result) {}

    private final BuildProvenance.Mode metadataProvenance;
    private final Supplier<CompletionStage<Void>> exportBarrier;

    private BuildRequest(Builder b, Map<String, Path> localDirs) {
        this.dockerfileInline = b.dockerfileInline;
        this.localDirs = Map.copyOf(localDirs);
        this.frontendAttrs = Map.copyOf(b.frontendAttrs);
        this.exports = List.copyOf(b.exports);
        this.cacheImports = List.copyOf(b.cacheImports);
        this.cacheExports = List.copyOf(b.cacheExports);
        this.entitlements = List.copyOf(b.entitlements);
        this.sessionServices = List.copyOf(b.sessionServices);
        this.sharedKey = b.sharedKey;
        this.frontendInputs = Map.copyOf(b.frontendInputs);
        this.call = b.call;
        this.links = List.copyOf(b.links);
        this.metadataProvenance = b.metadataProvenance;
        this.exportBarrier = b.exportBarrier;
    }

    /** {@code linked} with the linked results in its frontend attributes and inputs, and no links left. */
    private BuildRequest(
            BuildRequest linked, Map<String, String> frontendAttrs, Map<String, Definition> frontendInputs) {
        this.dockerfileInline = linked.dockerfileInline;
        this.localDirs = linked.localDirs;
        this.frontendAttrs = Map.copyOf(frontendAttrs);
        this.exports = linked.exports;
        this.cacheImports = linked.cacheImports;
        this.cacheExports = linked.cacheExports;
        this.entitlements = linked.entitlements;
        this.sessionServices = linked.sessionServices;
        this.sharedKey = linked.sharedKey;
        this.frontendInputs = Map.copyOf(frontendInputs);
        this.call = linked.call;
        this.links = List.of();
        this.metadataProvenance = linked.metadataProvenance;
        this.exportBarrier = linked.exportBarrier;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Dockerfile's text when it was given inline, else null; the client then serves it as the
     * {@code dockerfile} directory, which {@link #localDirs()} lacks.
     */
    public String dockerfileInline() {
        return dockerfileInline;
    }

    /**
     * The directories the daemon may read through this build's FileSync, by local name; those shared with
     * other builds ({@link Builder#localDirFromSession}) are served by their own session instead.
     */
    public Map<String, Path> localDirs() {
        return localDirs;
    }

    /** The {@code dockerfile.v0} frontend attributes ({@code SolveRequest.FrontendAttrs}). */
    public Map<String, String> frontendAttrs() {
        return frontendAttrs;
    }

    public List<Export> exports() {
        return exports;
    }

    public List<CacheEntry> cacheImports() {
        return cacheImports;
    }

    public List<CacheEntry> cacheExports() {
        return cacheExports;
    }

    public List<String> entitlements() {
        return entitlements;
    }

    /** Services the build's session serves besides health and FileSync for {@link #localDirs()}. */
    public List<ServerServiceDefinition> sessionServices() {
        return sessionServices;
    }

    /**
     * LLB definitions the frontend reads as {@code input:<key>} named contexts ({@link Builder#linkedContext}),
     * once {@link #withLinkedResults()} put them in.
     */
    public Map<String, Definition> frontendInputs() {
        return frontendInputs;
    }

    /**
     * The frontend method the build calls instead of building ({@code lint}, {@code outline},
     * {@code targets}, ...), or null for a build; see {@link Builder#call}.
     */
    public String call() {
        return call;
    }

    /**
     * Waits for the results of the linked builds and returns the request that reads them: their definitions
     * as frontend inputs, the named contexts pointing at them, and their image configs as input metadata.
     *
     * @throws ExecutionException when a linked build did not give a result
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    BuildRequest withLinkedResults() throws ExecutionException, InterruptedException {
        if (links.isEmpty()) {
            return this;
        }
        Map<String, String> attrs = new LinkedHashMap<>(frontendAttrs);
        Map<String, Definition> inputs = new LinkedHashMap<>(frontendInputs);
        for (Link link : links) {
            Result result = link.result().toCompletableFuture().get().proto();
            if (result.hasRefs()) {
                attrs.remove("context:" + link.context());
                result.getRefs()
                        .getRefsMap()
                        .forEach((platform, ref) -> link(
                                attrs,
                                inputs,
                                link.context() + "::" + platform,
                                link.inputKey() + "::" + platform,
                                ref.getDef(),
                                result.getMetadataMap(),
                                "/" + platform));
            } else if (!result.getRef().getId().isEmpty()) {
                link(
                        attrs,
                        inputs,
                        link.context(),
                        link.inputKey(),
                        result.getRef().getDef(),
                        result.getMetadataMap(),
                        "");
            }
            // a result without a ref (the answer of a frontend method call) links nothing: the context keeps
            // the value it had, as buildx leaves it
        }
        return new BuildRequest(this, attrs, inputs);
    }

    private static void link(
            Map<String, String> attrs,
            Map<String, Definition> inputs,
            String context,
            String key,
            Definition def,
            Map<String, ByteString> metadata,
            String platformSuffix) {
        inputs.put(key, def);
        attrs.put("context:" + context, "input:" + key);
        // buildx: json.Marshal(map[string][]byte) of the config and build info, sorted keys, base64 values
        StringBuilder json = new StringBuilder();
        for (String metadataKey : List.of("containerimage.buildinfo", "containerimage.config")) {
            ByteString value = metadata.get(metadataKey + platformSuffix);
            if (value != null) {
                json.append(json.length() == 0 ? "{" : ",")
                        .append('"')
                        .append(metadataKey)
                        .append("\":\"")
                        .append(Base64.getEncoder().encodeToString(value.toByteArray()))
                        .append('"');
            }
        }
        if (json.length() > 0) {
            attrs.put("input-metadata:" + key, json.append('}').toString());
        }
    }

    /** What of the build record's provenance the result's metadata gets; see {@link Builder#metadataProvenance}. */
    public BuildProvenance.Mode metadataProvenance() {
        return metadataProvenance;
    }

    /** The barrier the build's export waits at, or null; see {@link Builder#exportBarrier}. */
    public Supplier<CompletionStage<Void>> exportBarrier() {
        return exportBarrier;
    }

    /** Cache-affinity key for the local directories: the context directory's base name. */
    public String sharedKey() {
        return sharedKey;
    }

    /** Collects a build's options; each setter mirrors a buildx build option. */
    public static final class Builder {
        private final Map<String, Path> namedContextDirs = new LinkedHashMap<>();
        private final Map<String, String> localDirSessions = new LinkedHashMap<>();
        private final Map<String, String> frontendAttrs = new LinkedHashMap<>();
        private final List<Export> exports = new ArrayList<>();
        private final List<CacheEntry> cacheImports = new ArrayList<>();
        private final List<CacheEntry> cacheExports = new ArrayList<>();
        private final List<String> entitlements = new ArrayList<>();
        private final List<ServerServiceDefinition> sessionServices = new ArrayList<>();
        private final List<String> frontendCaps = new ArrayList<>();
        private final List<Link> links = new ArrayList<>();
        private final Map<String, Definition> frontendInputs = new LinkedHashMap<>();
        private Path contextDir;
        private String remoteContext;
        private Path dockerfile;
        private String dockerfileInline;
        private String sharedKey = "";
        private String call;
        private BuildProvenance.Mode metadataProvenance = BuildProvenance.Mode.DISABLED;
        private Supplier<CompletionStage<Void>> exportBarrier;

        private Builder() {}

        /**
         * Defers the export ({@code --jobs defer-output}): the build runs through the gateway, has its result
         * evaluated (built in full), then calls {@code barrier} and exports only once the stage it returns
         * completes. When the stage fails, the result is not exported: the build fails with the stage's error.
         */
        public Builder exportBarrier(Supplier<CompletionStage<Void>> barrier) {
            this.exportBarrier = Objects.requireNonNull(barrier);
            return this;
        }

        /**
         * Puts the build record's provenance into the result's metadata ({@code buildx.build.provenance}), as
         * buildx does for {@code --metadata-file}: {@code mode} from {@code BUILDX_METADATA_PROVENANCE}. Not for
         * {@link #call} builds. Default: {@link BuildProvenance.Mode#DISABLED}.
         */
        public Builder metadataProvenance(BuildProvenance.Mode mode) {
            this.metadataProvenance = Objects.requireNonNull(mode);
            return this;
        }

        /** The build context: a local directory. */
        public Builder context(Path dir) {
            this.contextDir = dir.toAbsolutePath().normalize();
            this.remoteContext = null;
            return this;
        }

        /** The build context: a git or https URL the daemon fetches itself. */
        public Builder remoteContext(String url) {
            this.remoteContext = url;
            this.contextDir = null;
            return this;
        }

        /** The Dockerfile, a file on this machine (default: {@code Dockerfile} in the context directory). */
        public Builder dockerfile(Path file) {
            this.dockerfile = file.toAbsolutePath().normalize();
            return this;
        }

        /**
         * A Dockerfile given as text ({@code dockerfile-inline}); during the build it is served as
         * {@code Dockerfile} from a temporary directory of its own, as buildx does.
         */
        public Builder dockerfileInline(String text) {
            this.dockerfileInline = Objects.requireNonNull(text);
            this.dockerfile = null;
            return this;
        }

        public Builder target(String stage) {
            frontendAttrs.put("target", stage);
            return this;
        }

        public Builder buildArg(String name, String value) {
            frontendAttrs.put("build-arg:" + name, value);
            return this;
        }

        public Builder label(String name, String value) {
            frontendAttrs.put("label:" + name, value);
            return this;
        }

        /** Target platforms, normalised {@code os/arch[/variant]}. */
        public Builder platforms(List<String> platforms) {
            if (!platforms.isEmpty()) {
                frontendAttrs.put("platform", String.join(",", platforms));
            }
            return this;
        }

        /** No cache for any stage ({@code --no-cache}). */
        public Builder noCache() {
            frontendAttrs.put("no-cache", "");
            return this;
        }

        /** No cache for these stages ({@code no-cache-filter}); ignored after {@link #noCache()}. */
        public Builder noCacheFilter(List<String> stages) {
            if (!stages.isEmpty() && !"".equals(frontendAttrs.get("no-cache"))) {
                frontendAttrs.put("no-cache", String.join(",", stages));
            }
            return this;
        }

        /**
         * How base images are resolved: {@code pull} ({@code --pull}), {@code local} (what buildx sets for
         * Docker Engine without {@code --pull}) or {@code default}.
         */
        public Builder imageResolveMode(String mode) {
            frontendAttrs.put("image-resolve-mode", mode);
            return this;
        }

        /** {@code default}, {@code host} (adds the network.host entitlement) or {@code none}. */
        public Builder network(String mode) {
            switch (mode) {
                case "", "default" -> frontendAttrs.remove("force-network-mode");
                case "host" -> {
                    frontendAttrs.put("force-network-mode", mode);
                    entitlement("network.host");
                }
                case "none" -> frontendAttrs.put("force-network-mode", mode);
                default -> throw new BuildKitException("network mode \"" + mode + "\" not supported by buildkit");
            }
            return this;
        }

        /** Extra {@code /etc/hosts} entries, {@code host=ip} each (buildx accepts {@code host:ip} too). */
        public Builder addHosts(List<String> hosts) {
            if (!hosts.isEmpty()) {
                List<String> normalised = new ArrayList<>();
                for (String h : hosts) {
                    int eq = h.indexOf('=');
                    int colon = h.indexOf(':');
                    normalised.add(eq < 0 && colon > 0 ? h.substring(0, colon) + "=" + h.substring(colon + 1) : h);
                }
                frontendAttrs.put("add-hosts", String.join(",", normalised));
            }
            return this;
        }

        /** {@code /dev/shm} size in bytes. */
        public Builder shmSize(long bytes) {
            if (bytes > 0) {
                frontendAttrs.put("shm-size", Long.toString(bytes));
            }
            return this;
        }

        /** Ulimits in Docker syntax, e.g. {@code nofile=1024:2048}. */
        public Builder ulimits(List<String> ulimits) {
            if (!ulimits.isEmpty()) {
                frontendAttrs.put("ulimit", String.join(",", ulimits));
            }
            return this;
        }

        /**
         * A named context that is not a local directory: {@code docker-image://...}, a git or https URL,
         * {@code oci-layout://...}, {@code input:...} and the like, passed to the frontend as is.
         */
        public Builder namedContext(String name, String value) {
            frontendAttrs.put("context:" + name, value);
            frontendCaps.add("moby.buildkit.frontend.contexts+forward");
            return this;
        }

        /**
         * A named context that is another build's frontend result, as buildx feeds a {@code target:} context:
         * the definition goes in as frontend input {@code inputKey} and the context reads {@code input:inputKey}
         * with the image config as input metadata; a multi-platform result is linked per platform
         * ({@code context:<name>::<platform>}). The result may come later: the build opens its session at
         * once and sends its solve when every linked result is there ({@link #withLinkedResults()}).
         */
        public Builder linkedContext(String name, String inputKey, CompletionStage<LinkedResult> linked) {
            links.add(new Link(name, inputKey, Objects.requireNonNull(linked)));
            frontendCaps.add("moby.buildkit.frontend.contexts+forward");
            return this;
        }

        /**
         * A named context that is a sub-directory of an archive the daemon downloads: the archive {@code file}
         * of {@code source} unpacked, and of it {@code subdir} ({@code .} for all), as frontend input
         * {@code archive:<name>}.
         */
        public Builder namedContextFromArchive(String name, BuildKitClient.Source source, String file, String subdir) {
            String key = "archive:" + name;
            frontendInputs.put(key, SourceLlb.unpacked(source, file, subdir));
            frontendAttrs.put("context:" + name, "input:" + key);
            frontendCaps.add("moby.buildkit.frontend.contexts+forward");
            return this;
        }

        /** A named context that is a local directory, served through FileSync. */
        public Builder namedContextDir(String name, Path dir) {
            String localName = name.equals("context") || name.equals("dockerfile") ? "_" + name : name;
            Path abs = dir.toAbsolutePath().normalize();
            namedContextDirs.put(localName, abs);
            frontendAttrs.put("context:" + name, "local:" + localName);
            frontendAttrs.put("sharedkey:localdir:" + name, baseName(abs));
            frontendCaps.add("moby.buildkit.frontend.contexts+forward");
            return this;
        }

        /** Attestation settings, e.g. {@code provenance} = {@code mode=max}, {@code sbom} = {@code ""}. */
        public Builder attest(String kind, String value) {
            frontendAttrs.put("attest:" + kind, value);
            return this;
        }

        /** Any other frontend attribute ({@code cgroup-parent}, {@code hostname}, ...). */
        public Builder frontendAttr(String key, String value) {
            frontendAttrs.put(key, value);
            return this;
        }

        public Builder export(Export export) {
            exports.add(export);
            return this;
        }

        /** The exports given so far, in order. */
        public List<Export> exports() {
            return List.copyOf(exports);
        }

        /**
         * Replaces the exports by {@code rewrite}'s answer for them, one for one: each keeps its index, which a
         * FileSend target is keyed by.
         *
         * @throws IllegalArgumentException when the answer has another number of exports
         */
        public Builder rewriteExports(UnaryOperator<List<Export>> rewrite) {
            List<Export> rewritten = List.copyOf(rewrite.apply(List.copyOf(exports)));
            if (rewritten.size() != exports.size()) {
                throw new IllegalArgumentException(
                        "an export rewrite gave " + rewritten.size() + " exports for " + exports.size());
            }
            exports.clear();
            exports.addAll(rewritten);
            return this;
        }

        public Builder cacheImport(CacheEntry entry) {
            cacheImports.add(entry);
            return this;
        }

        public Builder cacheExport(CacheEntry entry) {
            cacheExports.add(entry);
            return this;
        }

        /** An entitlement the build needs, e.g. {@code network.host}, {@code security.insecure}. */
        public Builder entitlement(String name) {
            if (!entitlements.contains(name)) {
                entitlements.add(name);
            }
            return this;
        }

        /**
         * Calls frontend method {@code method} ({@code lint}, {@code outline}, {@code targets},
         * {@code subrequests.describe}) instead of building, as buildx's {@code --call}: the frontend
         * answers with result metadata ({@code result.json}, {@code result.txt}, {@code result.statuscode})
         * that {@link BuildResult#exporterResponse()} then holds. The build is run through the gateway, kept
         * out of the daemon's build history, and should have no exports.
         */
        public Builder call(String method) {
            this.call = Objects.requireNonNull(method);
            frontendAttrs.put("requestid", "frontend." + method);
            frontendCaps.add("moby.buildkit.frontend.subrequests+forward");
            return this;
        }

        /** A service for the build's session: secrets, ssh, auth, file outputs. */
        public Builder sessionService(ServerServiceDefinition service) {
            sessionServices.add(service);
            return this;
        }

        /**
         * Completes the request: mounts the context and the Dockerfile's directory, sets {@code filename},
         * the cache imports attribute and the frontend caps.
         *
         * @throws BuildKitException when there is neither a local context nor a remote one with a local Dockerfile
         */
        public BuildRequest build() {
            Map<String, Path> dirs = localDirs();
            if (contextDir != null) {
                sharedKey = baseName(contextDir);
                if (dockerfileInline != null) {
                    frontendAttrs.put("filename", "Dockerfile");
                    frontendAttrs.put("dockerfilekey", "dockerfile");
                } else {
                    frontendAttrs.put(
                            "filename", dockerfileInContext().getFileName().toString());
                }
            } else if (remoteContext != null) {
                frontendAttrs.put("context", remoteContext);
                if (dockerfileInline != null) {
                    frontendAttrs.put("filename", "Dockerfile");
                    frontendAttrs.put("dockerfilekey", "dockerfile");
                } else if (dockerfile != null) {
                    frontendAttrs.put("filename", dockerfile.getFileName().toString());
                    frontendAttrs.put("dockerfilekey", "dockerfile");
                } else {
                    // a Dockerfile inside the remote context keeps the name given with frontendAttr
                    frontendAttrs.putIfAbsent("filename", "Dockerfile");
                }
            } else {
                throw new BuildKitException("a build needs a context: a local directory or a URL");
            }
            localDirSessions.forEach((localName, sessionId) -> {
                if (dirs.remove(localName) != null) {
                    frontendAttrs.put("local-sessionid:" + localName, sessionId);
                }
            });
            if (!cacheImports.isEmpty()) {
                frontendAttrs.put("cache-imports", cacheImportsJson(cacheImports));
            }
            if (!frontendCaps.isEmpty()) {
                frontendAttrs.put("frontend.caps", String.join(",", new java.util.TreeSet<>(frontendCaps)));
            }
            return new BuildRequest(this, dirs);
        }

        /**
         * Every local directory the build will read, by local name: named context directories, the context and
         * the Dockerfile's directory (none for an inline Dockerfile, which the client serves itself).
         */
        public Map<String, Path> localDirs() {
            Map<String, Path> dirs = new LinkedHashMap<>(namedContextDirs);
            if (contextDir != null) {
                dirs.put("context", contextDir);
                if (dockerfileInline == null) {
                    dirs.put("dockerfile", dockerfileInContext().getParent());
                }
            } else if (remoteContext != null && dockerfileInline == null && dockerfile != null) {
                dirs.put("dockerfile", dockerfile.getParent());
            }
            return dirs;
        }

        /**
         * Has the daemon read local directory {@code localName} through session {@code sessionId} (frontend
         * attribute {@code local-sessionid:<name>}) rather than through this build's own session: a session
         * that serves a directory several builds read, so it is transferred once (see {@link
         * BuildKitClient#shareLocalDirs}).
         */
        public Builder localDirFromSession(String localName, String sessionId) {
            localDirSessions.put(localName, Objects.requireNonNull(sessionId));
            return this;
        }

        /**
         * Serves every local directory from the build's own session again, undoing {@link #localDirFromSession}:
         * for a build attempted again on a new connection, where the shared sessions are gone with the old one.
         */
        public Builder localDirsFromOwnSession() {
            localDirSessions.keySet().forEach(localName -> frontendAttrs.remove("local-sessionid:" + localName));
            localDirSessions.clear();
            return this;
        }

        private Path dockerfileInContext() {
            return dockerfile != null ? dockerfile : contextDir.resolve("Dockerfile");
        }

        private static String baseName(Path dir) {
            Path name = dir.getFileName();
            return name == null ? "" : name.toString();
        }
    }

    /** {@code [{"Type":"registry","Attrs":{"ref":"..."}}]}: the frontend resolves cache for its own steps from it. */
    static String cacheImportsJson(List<CacheEntry> entries) {
        com.google.gson.JsonArray array = new com.google.gson.JsonArray();
        for (CacheEntry e : entries) {
            com.google.gson.JsonObject entry = new com.google.gson.JsonObject();
            entry.addProperty("Type", e.type());
            com.google.gson.JsonObject attrs = new com.google.gson.JsonObject();
            new java.util.TreeMap<>(e.attrs()).forEach(attrs::addProperty);
            entry.add("Attrs", attrs);
            array.add(entry);
        }
        return array.toString();
    }
}
