package io.jbake.build;

import io.grpc.ServerServiceDefinition;
import io.jbake.bake.GitRef;
import io.jbake.bake.RemoteDefinition;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.secrets.SecretsService;
import io.jbake.buildkit.ssh.SshAgentService;
import io.jbake.go.GoLib;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a remote bake definition as buildx does: the builder fetches the URL (a git repository, or an HTTP
 * download) and jbake reads the definition files in it through the gateway. A git fetch gets the SSH agent
 * {@code BUILDX_BAKE_GIT_SSH} names and the git credentials {@code BUILDX_BAKE_GIT_AUTH_TOKEN} and
 * {@code BUILDX_BAKE_GIT_AUTH_HEADER} give, as secrets scoped to the URL's host.
 */
final class RemoteDefinitions {
    /** buildx's limit for a definition downloaded as a single file. */
    static final long MAX_SINGLE_FILE = 2 * 1024 * 1024;

    /** The name of the downloaded file in an HTTP source, as buildx's. */
    private static final String HTTP_FILENAME = "context";

    private static final List<String> AUTH_VARIABLES =
            List.of("BUILDX_BAKE_GIT_AUTH_TOKEN", "BUILDX_BAKE_GIT_AUTH_HEADER");

    private RemoteDefinitions() {}

    /**
     * Fetches {@code url} on the builder and reads the definition files in it.
     *
     * @param names the {@code -f} names to read in the source (a missing one fails), empty for the default names
     * @throws BakeException when {@code url} is neither a git nor an HTTP URL, or a named file is missing
     */
    static RemoteDefinition fetch(
            BuildKitClient client,
            ProgressListener progress,
            String url,
            List<String> names,
            Map<String, String> env,
            Path workDir) {
        Optional<GitRef> git = GitRef.parse(url);
        if (git.isPresent()) {
            List<ServerServiceDefinition> services = new ArrayList<>();
            Map<String, SecretsService.Source> secrets =
                    gitAuthSecrets(git.get().host(), env);
            if (!secrets.isEmpty()) {
                services.add(new SecretsService(secrets, env::get).bindService());
            }
            sshAgent(env, workDir).ifPresent(services::add);
            List<DefinitionFile> files = client.readSource(
                    gitSource(url, git.get(), gitAdvice(env)), services, progress, f -> namedFiles(f, names));
            return new RemoteDefinition(url, files, url, false);
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new BakeException("not url context");
        }
        BuildKitClient.Source http = httpSource(url);
        Archive read = client.readSource(http, List.of(), progress, f -> httpFiles(f, url, names));
        return read.archive()
                ? new RemoteDefinition(url, read.files(), url, true)
                : new RemoteDefinition(url, read.files(), null, false);
    }

    /** The LLB source of an HTTP download, as buildx's: one file named {@code context}. */
    static BuildKitClient.Source httpSource(String url) {
        return new BuildKitClient.Source(
                url, Map.of("http.filename", HTTP_FILENAME), "[internal] load remote build context");
    }

    /** The definition files of an HTTP source and whether it was an archive. */
    private record Archive(List<DefinitionFile> files, boolean archive) {}

    /**
     * The LLB source of a git reference, as BuildKit's {@code llb.Git} makes it: the identifier is host, path
     * and {@code #ref:subdir}, the full URL an attribute, credentials asked for by their secrets' ids.
     */
    static BuildKitClient.Source gitSource(String url, GitRef ref, boolean advice) {
        String full = ref.remote();
        if (url.startsWith("github.com/")) {
            full = "https://" + full;
        }
        String path = ref.path().startsWith("/") ? ref.path() : "/" + ref.path();
        String identifier = ref.host() + GoLib.cleanPath(path);
        String subdir = GoLib.cleanPath("/" + ref.subdir()).substring(1);
        if (!ref.ref().isEmpty() || !subdir.isEmpty()) {
            identifier += "#" + ref.ref() + (subdir.isEmpty() ? "" : ":" + subdir);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if (Boolean.TRUE.equals(ref.keepGitDir())) {
            attrs.put("git.keepgitdir", "true");
        }
        attrs.put("git.fullurl", full);
        attrs.put("git.authtokensecret", "GIT_AUTH_TOKEN");
        attrs.put("git.authheadersecret", "GIT_AUTH_HEADER");
        if (ref.scheme().equals("ssh")) {
            attrs.put("git.mountsshsock", "default");
        }
        if (!ref.checksum().isEmpty()) {
            attrs.put("git.checksum", ref.checksum());
        }
        if (Boolean.FALSE.equals(ref.submodules())) {
            attrs.put("git.skipsubmodules", "true");
        }
        if (!ref.mtime().isEmpty()) {
            attrs.put("git.mtime", ref.mtime());
        }
        if (ref.fetchByCommit()) {
            attrs.put("git.fetchbycommit", "true");
        }
        if (advice) {
            attrs.put("git.advice", "true");
        }
        return new BuildKitClient.Source("git://" + identifier, attrs, "[internal] load git source " + url);
    }

    /**
     * Whether git's advice hints show in the fetch's log: {@code BUILDX_BAKE_GIT_ADVICE}, else
     * {@code BUILDKIT_GIT_ADVICE}, a true Go boolean (buildx v0.38; BuildKit v0.34 keeps them quiet unless its
     * git source has {@code git.advice}). A value that is no boolean leaves them off.
     */
    static boolean gitAdvice(Map<String, String> env) {
        String value = env.getOrDefault("BUILDX_BAKE_GIT_ADVICE", env.get("BUILDKIT_GIT_ADVICE"));
        return value != null && GoLib.parseBool(value).orElse(false);
    }

    /**
     * {@code GIT_AUTH_TOKEN.<host>} and {@code GIT_AUTH_HEADER.<host>} from {@code BUILDX_BAKE_GIT_AUTH_TOKEN}
     * and {@code BUILDX_BAKE_GIT_AUTH_HEADER} (their names matched without regard to case), as buildx scopes
     * them to the definition's host.
     */
    static Map<String, SecretsService.Source> gitAuthSecrets(String host, Map<String, String> env) {
        Map<String, SecretsService.Source> secrets = new LinkedHashMap<>();
        if (host.isEmpty()) {
            return secrets;
        }
        for (String variable : AUTH_VARIABLES) {
            String id = variable.substring("BUILDX_BAKE_".length()) + "." + host;
            env.keySet().stream()
                    .filter(k -> k.equalsIgnoreCase(variable))
                    .findFirst()
                    .ifPresent(k -> secrets.put(id, new SecretsService.Source.Env(k)));
        }
        return secrets;
    }

    /** The agent {@code BUILDX_BAKE_GIT_SSH} names (comma-separated sockets or keys) as session {@code default}. */
    private static Optional<ServerServiceDefinition> sshAgent(Map<String, String> env, Path workDir) {
        List<Path> paths = new ArrayList<>();
        for (String p : env.getOrDefault("BUILDX_BAKE_GIT_SSH", "").split(",")) {
            if (!p.isEmpty()) {
                paths.add(workDir.resolve(p));
            }
        }
        SshAgentService.Spec spec;
        if (paths.isEmpty()) {
            String socket = env.getOrDefault("SSH_AUTH_SOCK", "");
            if (socket.isEmpty()) {
                return Optional.empty(); // buildx goes on without an agent it cannot make
            }
            spec = new SshAgentService.Spec(SshAgentService.DEFAULT_ID, Path.of(socket), List.of());
        } else if (paths.size() == 1 && !paths.get(0).toFile().isFile()) {
            spec = new SshAgentService.Spec(SshAgentService.DEFAULT_ID, paths.get(0), List.of());
        } else {
            spec = new SshAgentService.Spec(
                    SshAgentService.DEFAULT_ID,
                    null,
                    paths.stream()
                            .map(p -> new SshAgentService.KeyFile(p.toString(), p))
                            .toList());
        }
        try {
            return Optional.of(SshAgentService.of(List.of(spec)).bindService());
        } catch (RuntimeException e) {
            return Optional.empty(); // buildx goes on without an agent it cannot make
        }
    }

    /** The named files, or the default names that exist, as buildx's {@code filesFromRef}. */
    private static List<DefinitionFile> namedFiles(BuildKitClient.SourceFiles files, List<String> names) {
        boolean defaults = names.isEmpty();
        List<DefinitionFile> read = new ArrayList<>();
        for (String name : defaults ? DefinitionFile.DEFAULT_NAMES : names) {
            if (files.size(name).isEmpty()) {
                if (defaults) {
                    continue;
                }
                // the daemon's words for the StatFile that failed, as buildx reports them
                throw new BakeException("failed to solve: lstat " + name + ": no such file or directory");
            }
            read.add(new DefinitionFile(name, files.read(name, -1)));
        }
        return read;
    }

    /**
     * The definition files of a download: an archive (by its first bytes) is unpacked by the daemon and its
     * files read as a git source's are; anything else is itself the one definition, named by its URL, of at
     * most {@link #MAX_SINGLE_FILE} bytes.
     */
    private static Archive httpFiles(BuildKitClient.SourceFiles files, String url, List<String> names) {
        long size = files.size(HTTP_FILENAME).orElse(0L);
        byte[] head = files.read(HTTP_FILENAME, 1024);
        if (isArchive(head)) {
            return new Archive(namedFiles(files.unpacked(HTTP_FILENAME), names), true);
        }
        // buildx reads only the first KiB of a larger file (its size check is the wrong way round); the whole
        // file, up to the limit its message names, is what its documentation describes
        if (size > MAX_SINGLE_FILE) {
            throw new BakeException("non-archive definition URL bigger than maximum allowed size (2MiB)");
        }
        return new Archive(
                List.of(new DefinitionFile(url, size > head.length ? files.read(HTTP_FILENAME, -1) : head)), false);
    }

    /** bzip2, gzip or xz magic, or a tar header, as buildx recognises an archive. */
    static boolean isArchive(byte[] head) {
        byte[][] magics = {{0x42, 0x5A, 0x68}, {0x1F, (byte) 0x8B, 0x08}, {(byte) 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00}};
        for (byte[] magic : magics) {
            if (head.length >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
                return true;
            }
        }
        // a tar header: 512 bytes whose checksum field matches
        if (head.length < 512) {
            return false;
        }
        String field = new String(head, 148, 8, java.nio.charset.StandardCharsets.US_ASCII)
                .replace("\0", "")
                .trim();
        if (field.isEmpty()) {
            return false;
        }
        long recorded;
        try {
            recorded = Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (head[i] & 0xFF);
        }
        return sum == recorded;
    }
}
