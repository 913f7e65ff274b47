package io.jbake.affected;

import io.jbake.bake.Bake;
import io.jbake.bake.BakeRequest;
import io.jbake.bake.ListWriter;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.bake.model.LocalInputs;
import io.jbake.bake.model.Target;
import io.jbake.buildkit.filesync.PatternMatcher;
import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of the requested targets a change touches ({@code --affected-since REF}, {@code --affected-files FILE}):
 * a target is affected when a changed file is one of its local inputs as the build reads them ({@link LocalInputs}:
 * its context after the {@code .dockerignore} ({@link IgnoreFile}), its Dockerfile, its local named contexts),
 * when its resolved {@code --print} JSON differs from the one the definition files give at REF, when it is
 * forced ({@code --affected-force}), and when a target it links to ({@code target:}) is affected.
 *
 * <p>REF is compared as {@code git diff REF...} compares: from the commit where {@code HEAD} left REF (their merge
 * base) to the working tree, uncommitted and untracked (not ignored) files included.
 */
public final class AffectedTargets {
    private static final String SINCE = "--affected-since";
    private static final String FILES = "--affected-files";
    private static final String LINK_PREFIX = "target:";

    private AffectedTargets() {}

    /**
     * The affected-only flags of one command.
     *
     * @param since {@code --affected-since}'s revision, or null
     * @param changedFiles {@code --affected-files}: a file listing changed paths, {@code -} for stdin, or null
     * @param force {@code --affected-force}: target names or patterns taken as affected
     */
    public record Request(String since, String changedFiles, List<String> force) {
        public Request {
            force = List.copyOf(force);
        }

        /** Whether the command asked for affected targets only. */
        public boolean given() {
            return since != null || changedFiles != null;
        }

        /** Where the changes come from, for messages: {@code since main}, {@code listed in changed.txt}. */
        String origin() {
            List<String> parts = new ArrayList<>();
            if (since != null) {
                parts.add("since " + since);
            }
            if (changedFiles != null) {
                parts.add("listed in " + (changedFiles.equals("-") ? "stdin" : changedFiles));
            }
            return String.join(" and ", parts);
        }
    }

    /**
     * What the selection found.
     *
     * @param checked the requested targets resolved (with those they link to): the candidates
     * @param affected the names of the affected ones among {@code checked}, sorted
     * @param selected the affected ones that were requested (not only linked), sorted: what to print or build
     * @param origin where the changes come from ({@code since main})
     */
    public record Selection(Definition.Resolution checked, Set<String> affected, List<String> selected, String origin) {
        public Selection {
            affected = Collections.unmodifiableSortedSet(new TreeSet<>(affected));
            selected = List.copyOf(selected);
        }

        /** Whether the target of this name is affected. */
        public boolean isAffected(String name) {
            return affected.contains(name);
        }

        /** The message of a command that has nothing to print or build. */
        public String noneMessage() {
            return "no target affected by the changes " + origin + " (checked: "
                    + String.join(", ", new TreeSet<>(checked.targets().keySet())) + ")";
        }

        /**
         * {@code --list=targets} of the selected targets, with the definition's descriptions; an empty JSON list
         * is {@code []} (a CI matrix of nothing), not buildx's {@code null} for an empty definition.
         */
        public String list(Definition definition, String format) {
            if (selected.isEmpty() && format.equals("json")) {
                return "[]\n";
            }
            Definition listed = new Definition();
            for (String name : selected) {
                Target declared = definition.targets().get(name);
                listed.addTarget(declared != null ? declared : checked.targets().get(name));
            }
            return ListWriter.targets(listed, format);
        }
    }

    /**
     * Selects the affected ones of the targets {@code bake} was asked for.
     *
     * @param request the command's request, whose definition files, variables and overrides are evaluated at REF
     *     too, and whose stdin {@code --affected-files -} reads
     * @throws BakeException for a directory in no git repository, an unknown revision, an unreadable list of files
     */
    public static Selection select(Bake bake, BakeRequest request, Request flags) {
        if (request.remote() != null) {
            throw new BakeException(flag(flags) + ": not supported with a remote definition");
        }
        Definition.Resolution checked = bake.resolve();
        Map<String, String> env = request.env();
        Path workDir = realPath(request.workDir());
        // the definition's repository: that of its first file, or of the working directory (a definition on stdin)
        Path definitionDir = bake.filesRead().files().stream()
                .filter(f -> !f.name().equals("-"))
                .map(f -> realPath(workDir.resolve(f.name())).getParent())
                .findFirst()
                .orElse(workDir);
        Optional<GitRepository> repository = GitRepository.containing(definitionDir, env, flag(flags));
        if (flags.since() != null && repository.isEmpty()) {
            throw new BakeException(SINCE + ": " + definitionDir + " is not in a git repository");
        }
        Path root = repository.map(GitRepository::root).orElse(workDir);
        Set<String> changed = new TreeSet<>();
        String base = null;
        if (flags.since() != null) {
            GitRepository git = repository.orElseThrow();
            base = git.mergeBase(flags.since());
            changed.addAll(git.changedSince(base));
        }
        if (flags.changedFiles() != null) {
            changed.addAll(listedPaths(flags.changedFiles(), request, bake, root));
        }

        Set<String> affected = new TreeSet<>();
        for (Target t : checked.targets().values()) {
            if (inputsChanged(t.inputs(), changed, root)) {
                affected.add(t.name());
            }
        }
        if (base != null) {
            affected.addAll(changedDefinitions(checked, bake, request, repository.orElseThrow(), base, workDir));
        } else if (definitionFiles(bake, request, workDir).stream()
                .anyMatch(f -> isChanged(changed, relative(root, f)))) {
            affected.addAll(checked.targets().keySet()); // no REF to compare the definition with
        }
        affected.addAll(forced(checked, flags.force()));
        affected = withDependents(checked.targets(), affected);

        List<String> selected = new ArrayList<>();
        for (String name : affected) {
            if (!checked.targets().get(name).linked()) {
                selected.add(name);
            }
        }
        return new Selection(checked, affected, selected, flags.origin());
    }

    private static String flag(Request flags) {
        return flags.since() != null ? SINCE : FILES;
    }

    /**
     * Whether a changed path is a local input of the target: its Dockerfile, the ignore file that applies or
     * could apply to its context, a file of its context that the ignore file keeps, a file of a local named
     * context. Paths outside the repository are never changed paths.
     */
    static boolean inputsChanged(LocalInputs inputs, Set<String> changed, Path root) {
        if (inputs == null || changed.isEmpty()) {
            return false;
        }
        if (inputs.dockerfile() != null && isChanged(changed, relative(root, inputs.dockerfile()))) {
            return true;
        }
        if (inputs.contextDir() != null) {
            Path contextDir = realPath(inputs.contextDir());
            Path dockerfile = inputs.dockerfile() == null ? null : realPath(inputs.dockerfile());
            for (Path ignoreFile : IgnoreFile.candidates(contextDir, dockerfile)) {
                if (isChanged(changed, relative(root, ignoreFile))) {
                    return true;
                }
            }
            String dir = relative(root, contextDir);
            if (dir != null) {
                Optional<PatternMatcher> ignored = IgnoreFile.matcher(contextDir, dockerfile);
                for (String path : changed) {
                    String inside = inside(dir, path);
                    if (inside != null
                            && (inside.isEmpty()
                                    || ignored.isEmpty()
                                    || !ignored.get().matchesOrParentMatches(inside))) {
                        return true;
                    }
                }
            }
        }
        for (Path named : inputs.namedContextDirs().values()) {
            String dir = relative(root, realPath(named));
            if (dir != null && changed.stream().anyMatch(path -> inside(dir, path) != null)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} (relative to the root; null outside it) is a changed one. */
    private static boolean isChanged(Set<String> changed, String path) {
        return path != null && changed.contains(path);
    }

    /**
     * {@code path} relative to the directory {@code dir} (both relative to the root); {@code ""} when the path is
     * the directory or one above it (a submodule moved to another commit: all of it may have changed); null when
     * it is outside.
     */
    private static String inside(String dir, String path) {
        if (dir.isEmpty()) {
            return path;
        }
        if (path.startsWith(dir + "/")) {
            return path.substring(dir.length() + 1);
        }
        return path.equals(dir) || dir.startsWith(path + "/") ? "" : null;
    }

    /**
     * The targets whose {@code --print} JSON at {@code base} differs from now's: evaluated from the definition
     * files of the same names as they were there (a file outside the repository as it is now), with the same
     * variables, environment and overrides. A target that did not exist there, or whose resolution failed
     * there, differs; so does every target when no definition file existed there or the definition did not load.
     */
    private static Set<String> changedDefinitions(
            Definition.Resolution checked,
            Bake bake,
            BakeRequest request,
            GitRepository git,
            String base,
            Path workDir) {
        Set<String> names = checked.targets().keySet();
        List<DefinitionFile> filesAtBase = new ArrayList<>();
        for (DefinitionFile now : definitionFilesRead(bake, request)) {
            if (now.name().equals("-")) {
                filesAtBase.add(now); // stdin is the same at both ends
                continue;
            }
            Path path = realPath(workDir.resolve(now.name()));
            String inRepository = relative(git.root(), path);
            Optional<byte[]> data;
            if (inRepository == null) {
                data = readIfExists(path);
            } else {
                data = git.show(base, inRepository);
            }
            data.filter(d -> d.length > 0).ifPresent(d -> filesAtBase.add(new DefinitionFile(now.name(), d)));
        }
        if (filesAtBase.isEmpty()) {
            return names;
        }
        Bake atBase;
        try {
            atBase = Bake.load(
                    request, new Bake.FilesRead(filesAtBase, Instant.now(), Instant.now(), false, null, null, true));
        } catch (BakeException e) {
            return names;
        }
        // each requested target resolved alone, with what it links to: a target's JSON depends on whether it is
        // requested or only linked (a linked one exports to the cache only), as it does now
        Map<String, String> then = new TreeMap<>();
        for (Target now : checked.targets().values()) {
            if (now.linked()) {
                continue;
            }
            try {
                atBase.resolve(List.of(now.name())).targets().forEach((name, target) -> {
                    Target current = checked.targets().get(name);
                    if (current != null && (name.equals(now.name()) || current.linked())) {
                        then.putIfAbsent(name, GoJson.indent(target));
                    }
                });
            } catch (BakeException e) {
                // not a target there, or one that did not resolve there: differs
            }
        }
        Set<String> differing = new TreeSet<>();
        checked.targets().forEach((name, now) -> {
            if (!GoJson.indent(now).equals(then.get(name))) {
                differing.add(name);
            }
        });
        return differing;
    }

    /**
     * The definition files to evaluate at REF: those read now, and with no {@code -f} and no
     * {@code BUILDX_BAKE_FILE} every default name (a default file deleted since REF was read there).
     */
    private static List<DefinitionFile> definitionFilesRead(Bake bake, BakeRequest request) {
        List<DefinitionFile> read = bake.filesRead().files();
        if (!request.files().isEmpty() || bake.filesRead().fromEnv()) {
            return read;
        }
        List<DefinitionFile> names = new ArrayList<>();
        for (String name : DefinitionFile.DEFAULT_NAMES) {
            names.add(read.stream()
                    .filter(f -> f.name().equals(name))
                    .findFirst()
                    .orElse(new DefinitionFile(name, new byte[0])));
        }
        return names;
    }

    /** The definition files of this command as paths (not stdin). */
    private static List<Path> definitionFiles(Bake bake, BakeRequest request, Path workDir) {
        return definitionFilesRead(bake, request).stream()
                .filter(f -> !f.name().equals("-"))
                .map(f -> realPath(workDir.resolve(f.name())))
                .toList();
    }

    private static Optional<byte[]> readIfExists(Path path) {
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The paths an {@code --affected-files} list names, one a line, relative to the repository root (the working
     * directory outside a repository); an absolute path counts when it is inside the root.
     */
    private static List<String> listedPaths(String source, BakeRequest request, Bake bake, Path root) {
        String text;
        try {
            if (source.equals("-")) {
                if (bake.filesRead().files().stream().anyMatch(f -> f.name().equals("-"))) {
                    throw new BakeException(FILES + ": stdin is read by -f - already");
                }
                text = readAll(request.stdin());
            } else {
                text = Files.readString(request.workDir().resolve(source), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new BakeException(FILES + ": open " + source + ": no such file or directory");
        } catch (IOException e) {
            throw new BakeException(FILES + ": read " + source + ": " + GoLib.errorText(e));
        }
        List<String> paths = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String path = line.strip();
            if (path.isEmpty()) {
                continue;
            }
            if (path.startsWith("/")) {
                path = relative(root, realPath(Path.of(path)));
                if (path == null) {
                    continue; // outside the repository: no target's input
                }
            }
            paths.add(GoLib.cleanPath(path));
        }
        return paths;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The targets {@code --affected-force} names (exact names or {@code path.Match} patterns). */
    private static Set<String> forced(Definition.Resolution checked, List<String> patterns) {
        Set<String> forced = new TreeSet<>();
        for (String pattern : patterns) {
            List<String> matching = new ArrayList<>();
            for (String name : checked.targets().keySet()) {
                boolean match;
                try {
                    match = name.equals(pattern) || GoLib.pathMatch(pattern, name);
                } catch (IllegalArgumentException e) {
                    throw new BakeException("--affected-force: bad pattern " + GoLib.quote(pattern));
                }
                if (match) {
                    matching.add(name);
                }
            }
            if (matching.isEmpty()) {
                throw new BakeException("--affected-force: no requested target matches " + GoLib.quote(pattern));
            }
            forced.addAll(matching);
        }
        return forced;
    }

    /** {@code affected} and every target that links to one of them, directly or through others. */
    static Set<String> withDependents(Map<String, Target> targets, Set<String> affected) {
        Map<String, Set<String>> dependents = new TreeMap<>();
        targets.forEach((name, target) -> {
            if (target.contexts() != null) {
                target.contexts().values().forEach(value -> {
                    if (value != null && value.startsWith(LINK_PREFIX)) {
                        dependents
                                .computeIfAbsent(value.substring(LINK_PREFIX.length()), k -> new TreeSet<>())
                                .add(name);
                    }
                });
            }
        });
        Set<String> all = new TreeSet<>(affected);
        Deque<String> pending = new ArrayDeque<>(affected);
        while (!pending.isEmpty()) {
            for (String dependent : dependents.getOrDefault(pending.pop(), Set.of())) {
                if (all.add(dependent)) {
                    pending.push(dependent);
                }
            }
        }
        return all;
    }

    /**
     * {@code path} relative to {@code root} with {@code /} ({@code ""} for the root itself), or null when
     * outside it; {@code path} is made real first.
     */
    static String relative(Path root, Path path) {
        Path real = realPath(path);
        if (!real.startsWith(root)) {
            return null;
        }
        return root.relativize(real).toString().replace('\\', '/');
    }

    /**
     * The path with symbolic links resolved as far as it exists (a deleted file's directory still resolves), so
     * that it compares with the repository root git reports.
     */
    static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
