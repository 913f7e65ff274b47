package io.jbake.build;

import io.jbake.bake.RemoteUrls;
import io.jbake.bake.model.Attest;
import io.jbake.bake.model.CacheEntry;
import io.jbake.bake.model.CallFunction;
import io.jbake.bake.model.ExportEntry;
import io.jbake.bake.model.LocalInputs;
import io.jbake.bake.model.PolicyEntry;
import io.jbake.bake.model.Resources;
import io.jbake.bake.model.Target;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.filesync.FileSendService;
import io.jbake.buildkit.secrets.SecretsService;
import io.jbake.buildkit.ssh.SshAgentService;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.go.GoLib;
import io.jbake.graph.GraphException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a resolved bake target into a BuildKit build request, as buildx's {@code toBuildOpt} and its
 * build options do: context and Dockerfile, build args, labels, stage, platforms, cache, network,
 * hosts, limits, attestations, outputs (tags become image names; file outputs get a FileSend target),
 * named contexts, and the session services that serve only this target's own secrets and SSH agents.
 * A target whose {@code call} is not {@code build} calls that frontend method instead.
 * {@code target:} contexts are left to the caller, who links the other target's result.
 */
public final class TargetRequests {
    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private final Function<String, String> env;
    private final boolean dockerEngine;
    private final BooleanSupplier attestations;
    private final OutputStream stdout;
    private final AuthService.Shared registryCredentials;
    /** The downloaded archive a remote definition came in, whose paths the targets' contexts then name; or null. */
    private BuildKitClient.Source archive;
    /** The remote definition's host and the git credentials scoped to it, for the targets on that host. */
    private String gitAuthHost;

    private Map<String, SecretsService.Source> gitAuthSecrets = Map.of();

    /**
     * Paths come resolved with each target ({@link Target#inputs()}); nothing here reads a path as given.
     *
     * @param env the command's environment, for secrets given by variable
     * @param dockerEngine whether the daemon is Docker Engine, where a target without outputs is loaded
     *     into the engine's image store as buildx's docker driver does
     * @param stdout where an output with {@code dest=-} writes its tarball
     * @param registryCredentials the Docker CLI configuration every target's session serves
     */
    public TargetRequests(
            Function<String, String> env,
            boolean dockerEngine,
            OutputStream stdout,
            AuthService.Shared registryCredentials) {
        this(env, dockerEngine, () -> false, stdout, registryCredentials);
    }

    /**
     * As the other constructor.
     *
     * @param attestations whether the builder stores attestations with images (BuildKit, Docker Engine with its
     *     containerd store), asked only when {@code BUILDX_NO_DEFAULT_OCI_ARTIFACT} is set, which applies only then
     */
    public TargetRequests(
            Function<String, String> env,
            boolean dockerEngine,
            BooleanSupplier attestations,
            OutputStream stdout,
            AuthService.Shared registryCredentials) {
        this.env = env;
        this.dockerEngine = dockerEngine;
        this.attestations = attestations;
        this.stdout = stdout;
        this.registryCredentials = registryCredentials;
    }

    /**
     * The request for {@code target}, less its {@code target:} contexts.
     *
     * @throws BuildKitException for an option BuildKit cannot take (bad secret source, unknown network)
     */
    public BuildRequest.Builder of(Target target) {
        return of(target, List.of());
    }

    /**
     * The request for {@code target}, less its {@code target:} contexts, with {@code leading} exports before its
     * own: BuildKit merges the exporters' responses into one, a later exporter's keys winning, so the target's own
     * outputs keep their keys.
     *
     * @throws BuildKitException for an option BuildKit cannot take (bad secret source, unknown network)
     */
    public BuildRequest.Builder of(Target target, List<BuildRequest.Export> leading) {
        BuildRequest.Builder request = BuildRequest.builder();
        CallFunction call = CallFunction.parse(target.call());
        if (call != null) {
            request.call(call.name());
        }
        context(request, target);
        forEach(target.args(), request::buildArg);
        forEach(target.labels(), request::label);
        if (target.target() != null && !target.target().isEmpty()) {
            request.target(target.target());
        }
        if (target.platforms() != null) {
            request.platforms(target.platforms());
        }
        if (Boolean.TRUE.equals(target.noCache())) {
            request.noCache();
        }
        if (target.noCacheFilter() != null) {
            request.noCacheFilter(target.noCacheFilter());
        }
        if (Boolean.TRUE.equals(target.pull())) {
            request.imageResolveMode("pull");
        }
        if (target.network() != null && !target.network().isEmpty()) {
            request.network(target.network());
        }
        if (target.extraHosts() != null) {
            List<String> hosts = new ArrayList<>();
            target.extraHosts().forEach((host, ips) -> {
                if (ips != null) {
                    for (String ip : ips.split(",")) {
                        hosts.add(host + "=" + ip.strip());
                    }
                }
            });
            request.addHosts(hosts);
        }
        if (target.shmSize() != null && !target.shmSize().isEmpty()) {
            request.shmSize(bytes(target.shmSize()));
        }
        if (target.ulimits() != null) {
            request.ulimits(target.ulimits());
        }
        resources(request, target.resources());
        if (target.attest() != null) {
            for (Attest attest : target.attest()) {
                if (!attest.disabled()) {
                    request.attest(attest.type(), csv(attest.attrs()));
                }
            }
        }
        if (target.entitlements() != null) {
            target.entitlements().forEach(request::entitlement);
        }
        if (target.cacheFrom() != null) {
            for (CacheEntry c : target.cacheFrom()) {
                request.cacheImport(new BuildRequest.CacheEntry(c.type(), c.attrs()));
            }
        }
        if (target.cacheTo() != null) {
            for (CacheEntry c : target.cacheTo()) {
                request.cacheExport(new BuildRequest.CacheEntry(c.type(), c.attrs()));
            }
        }
        namedContexts(request, target);
        sessionServices(request, target);
        leading.forEach(request::export);
        outputs(request, target, call != null, leading.size());
        return request;
    }

    /**
     * Has the targets' contexts that a remote definition's source gives ({@link LocalInputs#remoteSources})
     * taken from the archive {@code source} downloads, the definition's own: paths in it once the daemon
     * unpacked it.
     */
    void archiveSource(BuildKitClient.Source source) {
        this.archive = source;
    }

    /**
     * Gives the targets whose remote context is on {@code host}, the remote definition's, the definition's git
     * credentials ({@code GIT_AUTH_TOKEN.<host>}, {@code GIT_AUTH_HEADER.<host>}), as buildx v0.36 does.
     */
    void gitAuth(String host, Map<String, SecretsService.Source> secrets) {
        this.gitAuthHost = host;
        this.gitAuthSecrets = Map.copyOf(secrets);
    }

    /**
     * Fails, with buildx's message naming the path as the target gives it, when the target's context is a
     * local directory that does not exist.
     *
     * @throws GraphException when it does not
     */
    void checkContext(Target target) {
        Path contextDir = target.inputs().contextDir();
        if (contextDir != null && !Files.isDirectory(contextDir)) {
            throw new GraphException("unable to prepare context: path \"" + target.context() + "\" not found");
        }
    }

    /**
     * Fails when buildx would evaluate a source policy for {@code target}: a policy entry naming files, a
     * {@code <Dockerfile>.rego} beside a local Dockerfile (buildx's default policy file), or the builtin default
     * policy ({@code BUILDX_DEFAULT_POLICY}). buildx evaluates Rego in the client, answering BuildKit's source
     * policy session for every source the build resolves; jbake has no Rego engine, and building without the
     * policy would skip the checks the user asked for. {@code disabled=true} alone turns all of it off.
     *
     * @throws GraphException when a policy would apply, or {@code disabled} is combined with anything
     */
    void checkPolicy(Target target) {
        List<PolicyEntry> policy = target.policy() == null ? List.of() : target.policy();
        for (PolicyEntry entry : policy) {
            if (entry.disabled()) {
                if (entry.reset()
                        || entry.strict() != null
                        || entry.logLevel() != null
                        || !entry.files().isEmpty()
                        || policy.size() > 1) {
                    throw new GraphException("disabled policy cannot be combined with other policy flags");
                }
                return;
            }
        }
        String reason = null;
        for (PolicyEntry entry : policy) {
            if (!entry.files().isEmpty()) {
                reason = "target " + GoLib.quote(target.name()) + " sets policy files "
                        + String.join(", ", entry.files());
                break;
            }
        }
        Path dockerfile = target.inputs().dockerfile();
        // a reset entry drops what came before it, the default policy file included
        if (reason == null && dockerfile != null && policy.stream().noneMatch(PolicyEntry::reset)) {
            Path defaultPolicy = dockerfile.resolveSibling(dockerfile.getFileName() + ".rego");
            if (Files.exists(defaultPolicy)) {
                reason = "target " + GoLib.quote(target.name()) + " has the default policy file " + defaultPolicy;
            }
        }
        String defaultPolicyEnv = env.apply("BUILDX_DEFAULT_POLICY");
        if (reason == null
                && defaultPolicyEnv != null
                && GoLib.parseBool(defaultPolicyEnv).orElse(false)) {
            reason = "BUILDX_DEFAULT_POLICY enables buildx's builtin policy";
        }
        if (reason != null) {
            throw new GraphException("policy is not supported yet: " + reason
                    + " (jbake cannot evaluate Rego source policies; use --policy disabled=true to build without)");
        }
    }

    private void context(BuildRequest.Builder request, Target target) {
        LocalInputs inputs = target.inputs();
        String dockerfile = target.dockerfile() == null ? "Dockerfile" : target.dockerfile();
        if (archive != null && inputs.remoteSources().containsKey("")) {
            // the frontend unpacks an archive context itself and reads the Dockerfile from the archive's top
            String subdir = inputs.remoteSources().get("");
            request.remoteContext(archive.identifier()).frontendAttr("contextsubdir", subdir);
            dockerfile = GoLib.cleanPath(subdir + "/" + dockerfile);
        } else if (inputs.contextDir() == null) {
            request.remoteContext(inputs.remoteSources().getOrDefault("", target.context()));
        } else {
            request.context(inputs.contextDir());
        }
        if (target.dockerfileInline() != null) {
            request.dockerfileInline(target.dockerfileInline());
        } else if (inputs.dockerfile() != null) {
            request.dockerfile(inputs.dockerfile());
        } else { // inside the remote context
            request.frontendAttr("filename", dockerfile);
        }
    }

    private void namedContexts(BuildRequest.Builder request, Target target) {
        if (target.contexts() == null) {
            return;
        }
        Map<String, Path> dirs = target.inputs().namedContextDirs();
        target.contexts().forEach((name, value) -> {
            if (dirs.containsKey(name)) {
                request.namedContextDir(name, dirs.get(name));
            } else if (archive != null && target.inputs().remoteSources().containsKey(name)) {
                request.namedContextFromArchive(
                        name,
                        archive,
                        archive.attrs().get("http.filename"),
                        target.inputs().remoteSources().get(name));
            } else if (target.inputs().remoteSources().containsKey(name)) {
                request.namedContext(name, target.inputs().remoteSources().get(name));
            } else if (value != null && !value.isEmpty()) {
                // a target: value stays for the frontend only when the linked target's result has no definition
                // to link in its place (it called a frontend method), as in buildx
                request.namedContext(name, value);
            }
        });
    }

    /**
     * Registry credentials from the Docker CLI configuration (as buildx's session always offers them), and
     * the target's secrets and SSH agents: this target's session serves them and nothing else.
     */
    private void sessionServices(BuildRequest.Builder request, Target target) {
        request.sessionService(service(() -> registryCredentials.service().bindService()));
        LocalInputs inputs = target.inputs();
        Map<String, SecretsService.Source> sources = new HashMap<>();
        for (LocalInputs.Secret secret : inputs.secrets()) {
            sources.put(
                    secret.id(),
                    secret.source() instanceof LocalInputs.Source.Env variable
                            ? new SecretsService.Source.Env(variable.variable())
                            : new SecretsService.Source.File(((LocalInputs.Source.File) secret.source()).path()));
        }
        if (onGitAuthHost(target)) {
            gitAuthSecrets.forEach(sources::putIfAbsent);
        }
        if (!sources.isEmpty()) {
            request.sessionService(new SecretsService(sources, env).bindService());
        }
        if (!inputs.sshAgents().isEmpty()) {
            List<SshAgentService.Spec> specs = new ArrayList<>();
            for (LocalInputs.SshAgent agent : inputs.sshAgents()) {
                specs.add(new SshAgentService.Spec(
                        agent.id(),
                        agent.socket(),
                        agent.keys().stream()
                                .map(key -> new SshAgentService.KeyFile(key.name(), key.path()))
                                .toList()));
            }
            try {
                request.sessionService(SshAgentService.of(specs).bindService());
            } catch (SshAgentService.UnusableKeyException e) {
                LocalInputs.SshAgent agent = inputs.sshAgents().get(specs.indexOf(e.spec()));
                throw new BuildKitException(agent.failure(e.getMessage()), e);
            }
        }
    }

    /** Whether the target's context is a URL on the remote definition's host (the host's case aside). */
    private boolean onGitAuthHost(Target target) {
        if (gitAuthHost == null || gitAuthSecrets.isEmpty() || target.inputs().contextDir() != null) {
            return false;
        }
        String context = target.inputs().remoteSources().getOrDefault("", target.context());
        return RemoteUrls.isRemote(context)
                && RemoteUrls.host(context)
                        .filter(gitAuthHost::equalsIgnoreCase)
                        .isPresent();
    }

    /**
     * The exporters, and the FileSend service for those that write files here, keyed by their exporter's index:
     * the first from {@code firstIndex}, after the exports already given.
     */
    private void outputs(BuildRequest.Builder request, Target target, boolean call, int firstIndex) {
        List<ExportEntry> outputs = target.outputs() == null ? List.of() : target.outputs();
        if (outputs.isEmpty() && dockerEngine && !call) {
            // the docker driver's default (not for a call, which has no image): the image goes into the
            // engine's store, named by the tags
            outputs = List.of(ExportEntry.of("image"));
        }
        boolean noDefaultOciArtifact = noDefaultOciArtifact() && attestations.getAsBoolean();
        Map<Integer, FileSendService.Target> fileTargets = new HashMap<>();
        int index = firstIndex;
        for (ExportEntry output : outputs) {
            if (output.type().equals("cacheonly")) {
                continue;
            }
            String type = output.type();
            Map<String, String> attrs = new TreeMap<>(output.attrs());
            if (type.equals("registry")) {
                type = "image";
                attrs.put("push", "true");
                attrs.putIfAbsent("unpack", "false");
            }
            if (List.of("image", "docker", "oci").contains(type)
                    && target.tags() != null
                    && !target.tags().isEmpty()) {
                attrs.putIfAbsent("name", String.join(",", target.tags()));
            }
            // BUILDX_NO_DEFAULT_OCI_ARTIFACT (buildx v0.36.1): image outputs not saying otherwise keep their
            // attestations in the image index instead of as OCI artifacts
            if (noDefaultOciArtifact
                    && (type.equals("image")
                            || type.equals("oci")
                            || dockerEngine
                                    && type.equals("docker")
                                    && output.dest().isEmpty())) {
                attrs.putIfAbsent("oci-artifact", "false");
            }
            switch (type) {
                case "local" ->
                    fileTargets.put(
                            index,
                            new FileSendService.Target.Directory(
                                    target.inputs().outputPaths().get(output.dest()),
                                    ExportEntry.localDeleteMode(attrs.get("mode"))));
                case "tar", "oci", "docker" -> {
                    boolean tarball = !type.equals("tar") ? !"false".equals(attrs.get("tar")) : true;
                    if (tarball && !output.dest().isEmpty()) {
                        if (output.dest().equals("-")) {
                            fileTargets.put(
                                    index, new FileSendService.Target.File(metadata -> new FilterOutputStream(stdout) {
                                        @Override
                                        public void close() throws IOException {
                                            flush(); // the export ends, the process's stdout stays open
                                        }
                                    }));
                        } else {
                            Path file = target.inputs().outputPaths().get(output.dest());
                            fileTargets.put(
                                    index, new FileSendService.Target.File(FileSendService.Output.toFile(file)));
                        }
                    }
                }
                default -> {}
            }
            request.export(new BuildRequest.Export(type, attrs));
            index++;
        }
        if (!fileTargets.isEmpty()) {
            request.sessionService(new FileSendService(fileTargets).bindService());
        }
    }

    /** {@code BUILDX_NO_DEFAULT_OCI_ARTIFACT} as Go's {@code ParseBool} reads it; unset is false. */
    private boolean noDefaultOciArtifact() {
        String value = env.apply("BUILDX_NO_DEFAULT_OCI_ARTIFACT");
        if (value == null) {
            return false;
        }
        return GoLib.parseBool(value)
                .orElseThrow(() ->
                        new BuildKitException("invalid BUILDX_NO_DEFAULT_OCI_ARTIFACT: strconv.ParseBool: parsing "
                                + GoLib.quote(value) + ": invalid syntax"));
    }

    private static void resources(BuildRequest.Builder request, Resources resources) {
        if (resources == null) {
            return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if (resources.memory() != null) {
            attrs.put("memory", Long.toString(bytes(resources.memory())));
        }
        if (resources.memorySwap() != null) {
            attrs.put(
                    "memswap",
                    resources.memorySwap().equals("-1") ? "-1" : Long.toString(bytes(resources.memorySwap())));
        }
        if (resources.cpuShares() != null) {
            attrs.put("cpushares", resources.cpuShares().toString());
        }
        if (resources.cpuPeriod() != null) {
            attrs.put("cpuperiod", resources.cpuPeriod().toString());
        }
        if (resources.cpuQuota() != null) {
            attrs.put("cpuquota", resources.cpuQuota().toString());
        }
        if (resources.cpusetCpus() != null) {
            attrs.put("cpusetcpus", resources.cpusetCpus());
        }
        if (resources.cpusetMems() != null) {
            attrs.put("cpusetmems", resources.cpusetMems());
        }
        attrs.forEach(request::frontendAttr);
    }

    /** Docker's {@code RAMInBytes}: {@code 128m} is 128 MiB, units are powers of 1024. */
    static long bytes(String size) {
        Matcher m = RAM.matcher(size.strip());
        if (!m.matches()) {
            throw new BuildKitException("invalid size: '" + size + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int power = "kmgtp".indexOf(unit.isEmpty() ? "-" : unit) + 1;
        return (long) (value * Math.pow(1024, power));
    }

    private static String csv(Map<String, String> attrs) {
        List<String> fields = new ArrayList<>();
        attrs.forEach((k, v) -> fields.add(k + "=" + v));
        return String.join(",", fields);
    }

    private static void forEach(Map<String, String> map, java.util.function.BiConsumer<String, String> action) {
        if (map != null) {
            map.forEach((k, v) -> {
                if (v != null) {
                    action.accept(k, v);
                }
            });
        }
    }

    /** Makes a session service, turning its set-up error (a missing secret file) into a build error. */
    private static io.grpc.ServerServiceDefinition service(
            java.util.function.Supplier<io.grpc.ServerServiceDefinition> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new BuildKitException(e.getMessage(), e);
        }
    }
}
