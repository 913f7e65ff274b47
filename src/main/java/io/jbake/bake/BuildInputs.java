package io.jbake.bake;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.ExportEntry;
import io.jbake.bake.model.LocalInputs;
import io.jbake.bake.model.SecretEntry;
import io.jbake.bake.model.SshEntry;
import io.jbake.bake.model.Target;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-target checks and rewrites buildx makes while turning resolved targets into build
 * options ({@code toBuildOpt}), which happen before {@code --print} too: the printed context is
 * cleaned, and a missing secret file, a missing SSH agent, a bad platform or shm-size, or an
 * impossible output destination fail the command. The one place where a target's paths, secrets and
 * SSH agents are resolved against the command's working directory and environment ({@link LocalInputs}),
 * with buildx's words for what is missing.
 */
final class BuildInputs {
    private static final Pattern MEM_BYTES = Pattern.compile("^(\\d+(\\.\\d+)?) ?([kKmMgGtTpP]?)([iI]?[bB]?)$");
    private static final Pattern ANNOTATION_TYPE = Pattern.compile("^([a-z-]+)(?:\\[([A-Za-z0-9_/-]+)\\])?$");

    /** BuildKit's limit for one secret. */
    private static final long MAX_SECRET_SIZE = 500 * 1024;

    private static final String CWD = "cwd://";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFDIR = 0040000;

    private final Map<String, String> env;
    private final Path workDir;
    /** The URL a remote definition's targets take their relative contexts from, or null. */
    private final String sourceUrl;
    /** Whether {@link #sourceUrl} is an archive, whose sub-directories are paths in it rather than URLs. */
    private final boolean archive;

    BuildInputs(Map<String, String> env, Path workDir, RemoteDefinition remote) {
        this.env = env;
        this.workDir = workDir;
        this.sourceUrl = remote == null ? null : remote.sourceUrl();
        this.archive = remote != null && remote.archive();
    }

    /**
     * Checks {@code t}, rewrites its context as the build will see it, and resolves what it reads and writes
     * here ({@link Target#inputs()}).
     */
    void prepare(Target t) {
        if ("-".equals(t.context())) {
            throw new BakeException("context from stdin not allowed in bake");
        }
        if ("-".equals(t.dockerfile())) {
            throw new BakeException("dockerfile from stdin not allowed in bake");
        }
        String context = t.context() == null ? "." : t.context();
        if (context.startsWith(CWD)) {
            // cleaned below, after a remote definition's rewriting, which leaves cwd:// contexts local
        } else if (!RemoteUrls.isRemote(context)) {
            context = GoLib.cleanPath(context);
        }
        Map<String, String> remoteSources = new LinkedHashMap<>();
        if (sourceUrl != null) {
            // a remote definition's relative contexts are in its source: "." is its URL, another path a
            // sub-directory of it, printed and built as the sub-directory's URL (buildx v0.33 on, #3682; an
            // archive's as given: the frontend reads it from the unpacked archive)
            if (t.contexts() != null) {
                t.contexts().forEach((name, value) -> {
                    if (value == null || value.isEmpty() || isFrontendContext(value) || value.startsWith(CWD)) {
                        return;
                    }
                    remoteSources.put(name, archive ? GoLib.cleanPath(value) : inSource(value));
                });
            }
            if (context.equals(".")) {
                context = sourceUrl;
            } else if (!context.startsWith(CWD) && !RemoteUrls.isRemote(context)) {
                remoteSources.put("", archive ? context : inSource(context));
                if (!archive) {
                    context = inSource(context);
                }
            }
            checkLocalDockerfile(t, context);
        }
        if (context.startsWith(CWD)) {
            context = GoLib.cleanPath(context.substring(CWD.length()));
        }

        if (t.shmSize() != null && !isMemBytes(t.shmSize())) {
            throw new BakeException("invalid value " + t.shmSize() + " for membytes key shm-size");
        }
        if (t.platforms() != null) {
            t.platforms().forEach(Platforms::validate);
        }
        List<LocalInputs.Secret> secrets = secrets(t.secrets());
        List<LocalInputs.SshAgent> agents = sshAgents(t.ssh());
        List<ExportEntry> outputs = prepareOutputs(t.outputs());
        checkAnnotations(t.annotations());
        if (t.ulimits() != null) {
            t.ulimits().forEach(BuildInputs::checkUlimit);
        }
        Path contextDir = RemoteUrls.isRemote(context) || remoteSources.containsKey("") ? null : path(context);
        t.setInputs(
                context,
                outputs,
                new LocalInputs(
                        contextDir,
                        dockerfile(t, contextDir),
                        namedContextDirs(t.contexts(), remoteSources),
                        secrets,
                        agents,
                        outputPaths(outputs),
                        remoteSources));
    }

    /** The URL of {@code path} in the remote definition's git source: the source itself for {@code .}. */
    private String inSource(String path) {
        return path.equals(".") ? sourceUrl : RemoteUrls.withSubdir(sourceUrl, path);
    }

    /**
     * buildx does not read a Dockerfile inside a remote definition's source for a local ({@code cwd://})
     * context: it would take the local one of the same name, so it refuses when there is one.
     */
    private void checkLocalDockerfile(Target t, String context) {
        String dockerfile = t.dockerfile() == null ? "Dockerfile" : t.dockerfile();
        if (dockerfile.startsWith(CWD) || RemoteUrls.isRemote(dockerfile) || !context.startsWith(CWD)) {
            return;
        }
        Path local = path(GoLib.cleanPath(context.substring(CWD.length()))).resolve(GoLib.cleanPath(dockerfile));
        if (Files.exists(local)) {
            throw new BakeException("reading a dockerfile for a remote build invocation is currently not supported");
        }
    }

    /** A path the command names, as the command's process would open it: against its working directory. */
    private Path path(String given) {
        return workDir.resolve(given).normalize();
    }

    /**
     * The Dockerfile read here, as buildx finds it: {@code cwd://} names it from the working directory, a
     * relative path is inside the context, and one inside a remote context is the frontend's to read.
     */
    private Path dockerfile(Target t, Path contextDir) {
        if (t.dockerfileInline() != null) {
            return null;
        }
        String dockerfile = t.dockerfile() == null ? "Dockerfile" : t.dockerfile();
        if (dockerfile.startsWith(CWD)) {
            return path(GoLib.cleanPath(dockerfile.substring(CWD.length())));
        }
        if (Path.of(dockerfile).isAbsolute()) {
            return Path.of(dockerfile).normalize();
        }
        return contextDir == null ? null : contextDir.resolve(dockerfile).normalize();
    }

    /** The named contexts that are directories here ({@code cwd://dir} too); the others go to the frontend. */
    private Map<String, Path> namedContextDirs(Map<String, String> contexts, Map<String, String> remoteSources) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        if (contexts != null) {
            contexts.forEach((name, value) -> {
                if (value == null || value.isEmpty() || remoteSources.containsKey(name)) {
                    return;
                }
                if (value.startsWith(CWD)) {
                    dirs.put(name, path(GoLib.cleanPath(value.substring(CWD.length()))));
                } else if (!isFrontendContext(value)) {
                    dirs.put(name, path(value));
                }
            });
        }
        return dirs;
    }

    /**
     * Whether a named context's value is the frontend's to resolve (a {@code target:} link, an image, a URL),
     * not a directory here.
     */
    static boolean isFrontendContext(String value) {
        return !value.startsWith(CWD)
                && (value.startsWith("target:")
                        || value.startsWith("docker-image:")
                        || value.contains("://")
                        || RemoteUrls.isRemote(value));
    }

    private Map<String, Path> outputPaths(List<ExportEntry> outputs) {
        Map<String, Path> paths = new LinkedHashMap<>();
        if (outputs != null) {
            for (ExportEntry e : outputs) {
                if (!e.dest().isEmpty() && !e.dest().equals("-")) {
                    paths.put(e.dest(), path(e.dest()));
                }
            }
        }
        return paths;
    }

    private static boolean isMemBytes(String s) {
        return MEM_BYTES.matcher(s.strip()).matches();
    }

    /**
     * The secrets' sources, as buildx's secret store decides them: {@code env} wins, but a {@code src} given
     * with it must exist too; with neither, the command's variable named like the id when it is set (even
     * empty), else the file named like the id.
     */
    private List<LocalInputs.Secret> secrets(List<SecretEntry> entries) {
        List<LocalInputs.Secret> secrets = new ArrayList<>();
        if (entries == null) {
            return secrets;
        }
        for (SecretEntry s : entries) {
            if (s.id().isEmpty()) {
                throw new BakeException("secret missing ID");
            }
            String file = s.src();
            String variable = s.env();
            if (file.isEmpty() && variable.isEmpty()) {
                if (env.containsKey(s.id())) {
                    variable = s.id();
                } else {
                    file = s.id();
                }
            }
            Path path = file.isEmpty() ? null : path(file);
            if (path != null) {
                checkSecretFile(s.id(), file, path);
            }
            secrets.add(new LocalInputs.Secret(
                    s.id(),
                    variable.isEmpty() ? new LocalInputs.Source.File(path) : new LocalInputs.Source.Env(variable)));
        }
        return secrets;
    }

    private static void checkSecretFile(String id, String file, Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new BakeException("failed to stat " + file + ": stat " + file + ": " + GoLib.errorText(e));
        }
        if (size > MAX_SECRET_SIZE) {
            throw new BakeException("secret " + id + " too big. max size 500KiB");
        }
    }

    /**
     * The SSH agents, as buildx's agent provider sets them up: no path (or one empty path) is the command's
     * {@code SSH_AUTH_SOCK}; a socket is a running agent, other files are private keys; one socket at most, not
     * mixed with keys.
     */
    private List<LocalInputs.SshAgent> sshAgents(List<SshEntry> entries) {
        List<LocalInputs.SshAgent> agents = new ArrayList<>();
        if (entries == null) {
            return agents;
        }
        Set<String> ids = new HashSet<>();
        for (SshEntry e : entries) {
            String config = "{" + e.id() + " [" + String.join(" ", e.paths()) + "] false}";
            List<String> paths = e.paths();
            if (paths.isEmpty() || paths.size() == 1 && paths.get(0).isEmpty()) {
                paths = List.of(env.getOrDefault("SSH_AUTH_SOCK", ""));
            }
            if (paths.get(0).isEmpty()) {
                throw new BakeException("failed to convert agent config " + config
                        + ": invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set");
            }
            Path socket = null;
            List<LocalInputs.KeyFile> keys = new ArrayList<>();
            for (String p : paths) {
                LocalInputs.SshAgent described = new LocalInputs.SshAgent(e.id(), null, List.of(), config);
                if (socket != null) {
                    throw new BakeException(described.failure("only single socket allowed"));
                }
                Path path = path(p);
                int mode;
                try {
                    mode = (Integer) Files.getAttribute(path, "unix:mode");
                } catch (IOException | UnsupportedOperationException ex) {
                    throw new BakeException(described.failure("stat " + p + ": " + GoLib.errorText(ex)));
                }
                if ((mode & S_IFMT) == S_IFSOCK) {
                    if (!keys.isEmpty()) {
                        throw new BakeException(described.failure("invalid combination of keys and sockets"));
                    }
                    socket = path;
                } else if ((mode & S_IFMT) == S_IFDIR) {
                    throw new BakeException(
                            described.failure("failed to read " + p + ": read " + p + ": is a directory"));
                } else if (!looksLikePrivateKey(path)) {
                    throw new BakeException(described.failure("failed to parse " + p + ": ssh: no key found"));
                } else {
                    keys.add(new LocalInputs.KeyFile(p, path));
                }
            }
            if (!ids.add(e.id())) {
                throw new BakeException("duplicate agent ID");
            }
            agents.add(new LocalInputs.SshAgent(e.id(), socket, keys, config));
        }
        return agents;
    }

    /** Whether the file holds a PEM private key block, which Go's {@code ssh.ParseRawPrivateKey} looks for first. */
    private static boolean looksLikePrivateKey(Path path) {
        try {
            String text = Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1);
            return text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----");
        } catch (IOException e) {
            return false;
        }
    }

    /** buildx's {@code CreateExports} checks; a tar-like output without dest writes to stdout. */
    private List<ExportEntry> prepareOutputs(List<ExportEntry> outputs) {
        if (outputs == null) {
            return null;
        }
        boolean stdoutUsed = false;
        List<ExportEntry> prepared = new ArrayList<>(outputs.size());
        for (ExportEntry e : outputs) {
            boolean supportFile = false;
            boolean supportDir = false;
            switch (e.type()) {
                case "local" -> supportDir = true;
                case "tar" -> supportFile = true;
                case "oci", "docker" -> {
                    boolean tar =
                            GoLib.parseBool(e.attrs().getOrDefault("tar", "")).orElse(true);
                    supportFile = tar;
                    supportDir = !tar;
                }
                default -> {}
            }
            if (supportDir) {
                if (e.dest().isEmpty()) {
                    throw new BakeException("dest is required for " + e.type() + " exporter");
                }
                if (e.dest().equals("-")) {
                    throw new BakeException("dest cannot be stdout for " + e.type() + " exporter");
                }
                Path dest = workDir.resolve(e.dest());
                if (Files.exists(dest) && !Files.isDirectory(dest)) {
                    throw new BakeException("destination directory " + e.dest() + " is a file");
                }
            }
            if (supportFile) {
                if (e.dest().isEmpty() && !e.type().equals("docker")) {
                    e = new ExportEntry(e.type(), "-", e.attrs());
                }
                if (e.dest().equals("-")) {
                    if (stdoutUsed) {
                        throw new BakeException("multiple outputs configured to write to stdout");
                    }
                    stdoutUsed = true;
                } else if (!e.dest().isEmpty() && Files.isDirectory(workDir.resolve(e.dest()))) {
                    throw new BakeException("destination file " + e.dest() + " is a directory");
                }
            }
            prepared.add(e);
        }
        return prepared;
    }

    private static void checkAnnotations(List<String> annotations) {
        if (annotations == null) {
            return;
        }
        for (String a : annotations) {
            if (a.isEmpty()) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new BakeException("invalid annotation " + GoLib.quote(a) + ", expected key=value");
            }
            String k = a.substring(0, eq);
            int colon = k.indexOf(':');
            if (colon < 0) {
                continue;
            }
            for (String typeAndPlatform : k.substring(0, colon).split(",", -1)) {
                var m = ANNOTATION_TYPE.matcher(typeAndPlatform);
                if (!m.matches()) {
                    throw new BakeException("invalid annotation type " + GoLib.quote(typeAndPlatform)
                            + ", expected type and optional platform in square brackets");
                }
                switch (m.group(1)) {
                    case "index", "index-descriptor", "manifest", "manifest-descriptor" -> {}
                    default -> throw new BakeException("unknown annotation type " + GoLib.quote(m.group(1)));
                }
                if (m.group(2) != null) {
                    Platforms.validate(m.group(2));
                }
            }
        }
    }

    /** Docker's ulimit syntax {@code <name>=<soft>[:<hard>]}. */
    private static void checkUlimit(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new BakeException("invalid ulimit argument: " + value);
        }
        String name = value.substring(0, eq);
        if (!ULIMIT_NAMES.contains(name)) {
            throw new BakeException("invalid ulimit type: " + name);
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new BakeException("too many limit value arguments - " + value.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        long[] parsed = new long[limits.length];
        for (int i = 0; i < limits.length; i++) {
            try {
                parsed[i] = Long.parseLong(limits[i]);
            } catch (NumberFormatException e) {
                throw new BakeException("strconv.ParseInt: parsing " + GoLib.quote(limits[i]) + ": invalid syntax");
            }
        }
        if (parsed.length == 2 && parsed[0] > parsed[1]) {
            throw new BakeException(
                    "ulimit soft limit must be less than or equal to hard limit: " + parsed[0] + " > " + parsed[1]);
        }
    }

    private static final Set<String> ULIMIT_NAMES = Set.of(
            "as",
            "core",
            "cpu",
            "data",
            "fsize",
            "locks",
            "memlock",
            "msgqueue",
            "nice",
            "nofile",
            "nproc",
            "rss",
            "rtprio",
            "rttime",
            "sigpending",
            "stack");
}
