package io.jbake.bake;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.CacheEntry;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.ExportEntry;
import io.jbake.bake.model.LocalInputs;
import io.jbake.bake.model.SecretEntry;
import io.jbake.bake.model.SshEntry;
import io.jbake.bake.model.Target;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --allow} grants and the check buildx makes before building (bake-reference §10.4, §10.5):
 * host networking, privileged mode, forwarding the default SSH agent and file system access outside the
 * working directory (contexts, local cache sources, secret files and SSH keys read; local outputs and
 * caches written) must be granted, otherwise the build stops with {@code additional privileges requested}.
 */
public final class Entitlements {
    private boolean networkHost;
    private boolean securityInsecure;
    private boolean ssh;
    private boolean localDelete;
    private final List<String> fsRead = new ArrayList<>();
    private final List<String> fsWrite = new ArrayList<>();

    private Entitlements() {}

    /** Parses {@code --allow} values; unknown keys fail with buildx's message. */
    public static Entitlements parse(List<String> allow) {
        Entitlements e = new Entitlements();
        for (String value : allow) {
            switch (value) {
                case "network.host" -> e.networkHost = true;
                case "security.insecure" -> e.securityInsecure = true;
                case "ssh" -> e.ssh = true;
                default -> {
                    int eq = value.indexOf('=');
                    String key = eq < 0 ? value : value.substring(0, eq);
                    String v = eq < 0 ? "" : value.substring(eq + 1);
                    switch (key) {
                        case "device", "image", "image.push", "image.load" -> {}
                        case "fs.read" -> e.fsRead.add(v);
                        case "fs.write" -> e.fsWrite.add(v);
                        case "fs" -> {
                            e.fsRead.add(v);
                            e.fsWrite.add(v);
                        }
                        case "buildx.local.delete" -> {
                            if (eq >= 0) {
                                throw new BakeException("buildx.local.delete does not accept a value");
                            }
                            e.localDelete = true;
                        }
                        default -> throw new BakeException("unknown entitlement key " + GoLib.quote(key));
                    }
                }
            }
        }
        return e;
    }

    /**
     * The check buildx makes with {@code --progress=rawjson}, which shows no report (the daemon refuses what it
     * does not grant): only a local output's {@code mode=delete} needs its grant.
     *
     * @throws BakeException when it is missing, or a local output's mode is invalid
     */
    public void checkForRawJson(Definition.Resolution resolution) {
        boolean needDelete = false;
        for (Target t : resolution.targets().values()) {
            needDelete |= deletesStaleFiles(t) && !localDelete;
        }
        if (needDelete) {
            throw new BakeException("additional privileges requested: pass \"--allow=buildx.local.delete\" to grant"
                    + " requested privileges");
        }
    }

    /** Whether a local output of {@code t} has {@code mode=delete}; an invalid mode fails. */
    private static boolean deletesStaleFiles(Target t) {
        boolean deletes = false;
        if (t.outputs() != null) {
            for (ExportEntry output : t.outputs()) {
                if (output.type().equals("local")) {
                    deletes |= ExportEntry.localDeleteMode(output.attrs().get("mode"));
                }
            }
        }
        return deletes;
    }

    /**
     * Checks what the resolved targets request against the grants; prints buildx's explanation to
     * {@code err} and fails when something is not granted.
     */
    public void check(Definition.Resolution resolution, Path workDir, Map<String, String> env, PrintStream err) {
        check(resolution, workDir, env, err, false);
    }

    /**
     * {@link #check(Definition.Resolution, Path, Map, PrintStream)} for a local or ({@code remote}) a remote
     * definition: for a remote one, {@code BAKE_ALLOW_REMOTE_FS_ACCESS} set true turns the file-system checks
     * off, unless {@code BUILDX_BAKE_ENTITLEMENTS_FS} is set, which decides in any case.
     *
     * @throws BakeException when a grant is missing, or {@code BAKE_ALLOW_REMOTE_FS_ACCESS} is no boolean
     */
    public void check(
            Definition.Resolution resolution, Path workDir, Map<String, String> env, PrintStream err, boolean remote) {
        boolean needHost = false;
        boolean needInsecure = false;
        boolean needSsh = false;
        boolean needDelete = false;
        // as buildx: by path, a path under another one left out
        Set<Path> readPaths = new TreeSet<>();
        Set<Path> writePaths = new TreeSet<>();
        boolean fsChecks = true;
        String remoteAccess = env.get("BAKE_ALLOW_REMOTE_FS_ACCESS");
        if (remote && remoteAccess != null) {
            fsChecks = !GoLib.parseBool(remoteAccess)
                    .orElseThrow(() -> new BakeException("failed to parse BAKE_ALLOW_REMOTE_FS_ACCESS value "
                            + GoLib.quote(remoteAccess) + ": strconv.ParseBool: parsing "
                            + GoLib.quote(remoteAccess) + ": invalid syntax"));
        }
        if (env.containsKey("BUILDX_BAKE_ENTITLEMENTS_FS")) {
            fsChecks = GoLib.parseBool(env.get("BUILDX_BAKE_ENTITLEMENTS_FS").strip())
                    .orElse(true);
        }
        for (Target t : resolution.targets().values()) {
            if (t.entitlements() != null) {
                needHost |= t.entitlements().contains("network.host") && !networkHost;
                needInsecure |= t.entitlements().contains("security.insecure") && !securityInsecure;
            }
            needDelete |= deletesStaleFiles(t) && !localDelete;
            if (!fsChecks) {
                continue;
            }
            LocalInputs inputs = t.inputs();
            if (inputs.contextDir() != null) {
                addIfOutside(readPaths, fsRead, workDir, inputs.contextDir());
            }
            for (Path dir : inputs.namedContextDirs().values()) {
                addIfOutside(readPaths, fsRead, workDir, dir);
            }
            if (t.cacheFrom() != null) {
                for (CacheEntry c : t.cacheFrom()) {
                    String src = c.attrs().get("src");
                    if (c.type().equals("local") && src != null) {
                        addIfOutside(readPaths, fsRead, workDir, workDir.resolve(src));
                    }
                }
            }
            // as buildx: a secret's src when given (an id-only secret's file is not checked), every ssh path
            if (t.secrets() != null) {
                for (SecretEntry secret : t.secrets()) {
                    if (!secret.src().isEmpty()) {
                        addIfOutside(readPaths, fsRead, workDir, workDir.resolve(secret.src()));
                    }
                }
            }
            if (t.ssh() != null) {
                for (SshEntry entry : t.ssh()) {
                    needSsh |= entry.paths().isEmpty() && !ssh;
                    for (String key : entry.paths()) {
                        addIfOutside(readPaths, fsRead, workDir, workDir.resolve(key));
                    }
                }
            }
            for (Path dest : inputs.outputPaths().values()) {
                addIfOutside(writePaths, fsWrite, workDir, dest);
            }
            if (t.cacheTo() != null) {
                for (CacheEntry c : t.cacheTo()) {
                    String dest = c.attrs().get("dest");
                    if (c.type().equals("local") && dest != null) {
                        addIfOutside(writePaths, fsWrite, workDir, workDir.resolve(dest));
                    }
                }
            }
        }
        List<String> read = shown(readPaths, workDir);
        List<String> write = shown(writePaths, workDir);
        List<String> messages = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        if (needHost) {
            messages.add(" - Running build containers that can access host network");
            flags.add("--allow=network.host");
        }
        if (needInsecure) {
            messages.add(" - Running privileged containers that can make system changes");
            flags.add("--allow=security.insecure");
        }
        if (needDelete) {
            messages.add(" - Deleting stale files from local output destinations");
            flags.add("--allow=buildx.local.delete");
        }
        if (needSsh) {
            messages.add(" - Forwarding default SSH agent socket");
            flags.add("--allow=ssh");
        }
        Set<String> both = new LinkedHashSet<>(read);
        both.retainAll(write);
        for (String p : both) {
            messages.add(" - Read and write access to path " + p);
            flags.add("--allow=fs=" + p);
        }
        for (String p : read) {
            if (!both.contains(p)) {
                messages.add(" - Read access to path " + p);
                flags.add("--allow=fs.read=" + p);
            }
        }
        for (String p : write) {
            if (!both.contains(p)) {
                messages.add(" - Write access to path " + p);
                flags.add("--allow=fs.write=" + p);
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        err.println("Your build is requesting privileges for following possibly insecure capabilities:");
        err.println();
        messages.forEach(err::println);
        err.println();
        err.println("Pass " + GoLib.quote(String.join(" ", flags)) + " to grant requested privileges.");
        if (needSsh || !read.isEmpty() || !write.isEmpty()) {
            if (!env.containsKey("BUILDX_BAKE_ENTITLEMENTS_FS")) {
                err.println();
                err.println("To disable filesystem entitlements checks, you can set BUILDX_BAKE_ENTITLEMENTS_FS=0 .");
            }
        }
        err.println();
        throw new BakeException("additional privileges requested");
    }

    /**
     * Adds the deepest existing ancestor of {@code path} (absolute), symlinks resolved, when it is not under the
     * working directory or a granted path (a granted path is the command's, relative to its working directory;
     * compared by whole names: {@code /w/app-x} is not under {@code /w/app}).
     */
    private static void addIfOutside(Set<Path> missing, List<String> granted, Path workDir, Path path) {
        Path resolved = existingAncestor(path.normalize());
        List<Path> allowed = new ArrayList<>();
        allowed.add(realPath(workDir));
        for (String g : granted) {
            if (g.equals("*")) {
                return;
            }
            allowed.add(existingAncestor(workDir.resolve(g).normalize()));
        }
        for (Path a : allowed) {
            if (resolved.startsWith(a)) {
                return;
            }
        }
        missing.add(resolved);
    }

    /**
     * The paths as buildx shows them, in order, without those under another one: relative to the working
     * directory when at most one level above it, else absolute.
     */
    private static List<String> shown(Set<Path> paths, Path workDir) {
        List<String> shown = new ArrayList<>();
        Path base = realPath(workDir);
        for (Path path : paths) {
            if (paths.stream().anyMatch(other -> !other.equals(path) && path.startsWith(other))) {
                continue;
            }
            Path rel = base.relativize(path);
            String text = rel.toString().isEmpty() ? "." : rel.toString();
            shown.add(text.startsWith("../..") || rel.isAbsolute() ? path.toString() : text);
        }
        return shown;
    }

    private static Path existingAncestor(Path p) {
        Path current = p;
        while (current != null && !Files.exists(current)) {
            current = current.getParent();
        }
        return current == null ? p : realPath(current);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
