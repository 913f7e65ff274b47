package io.jbake.buildkit.filesync;

import io.jbake.buildkit.proto.fsutil.Stat;
import io.jbake.go.GoLib;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Lists a local directory for a FileSync transfer exactly as fsutil's filtered sender does: depth-first,
 * children in byte order of their names (so {@code a}, {@code a/x}, {@code a.txt}), the root itself left
 * out, include and exclude patterns applied with moby/patternmatcher semantics, and a directory emitted
 * lazily, right before its first surviving descendant, when it did not pass the filters itself.
 *
 * <p>Symlinks are listed, never followed; {@code followPaths} only turns symlink chains inside the root into
 * include patterns, with absolute link targets taken relative to the root. uid and gid are reported as 0,
 * as buildx resets them for every local directory. A regular file whose inode was already listed is sent
 * as a hard link ({@code linkname} = first path, size 0). Extended attributes are not sent.
 */
final class LocalDirWalker {

    /** Receives each entry in transfer order. */
    interface Visitor {
        void visit(Path file, Stat stat) throws IOException;
    }

    private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,nlink,ino,dev";
    private static final Comparator<String> BYTE_ORDER = LocalDirWalker::compareCodePoints;

    private final Path root;
    private final PatternMatcher includes;
    private final PatternMatcher excludes;
    private final boolean includesArePrefixes;
    private final boolean exceptionsArePrefixes;

    private LocalDirWalker(Path root, PatternMatcher includes, PatternMatcher excludes) {
        this.root = root;
        this.includes = includes;
        this.excludes = excludes;
        this.includesArePrefixes = includes == null
                || includes.rules().stream()
                        .filter(r -> !r.isException())
                        .allMatch(PatternMatcher.Rule::isLiteralPrefix);
        this.exceptionsArePrefixes = excludes == null
                || excludes.rules().stream()
                        .filter(PatternMatcher.Rule::isException)
                        .allMatch(PatternMatcher.Rule::isLiteralPrefix);
    }

    /**
     * Prepares a walk of {@code root} (symlinks in the root path itself are resolved) with the transfer's
     * filters. Empty lists mean "no filter".
     *
     * @throws IllegalArgumentException for a malformed pattern
     * @throws IOException when the root is not a readable directory
     */
    static LocalDirWalker create(
            Path root, List<String> includePatterns, List<String> excludePatterns, List<String> followPaths)
            throws IOException {
        Path realRoot = root.toRealPath();
        if (!Files.isDirectory(realRoot)) {
            throw new NotDirectoryException(root.toString());
        }
        List<String> include = new ArrayList<>(includePatterns);
        if (!followPaths.isEmpty()) {
            List<String> targets = followLinks(realRoot, followPaths);
            if (targets != null) {
                include.addAll(targets);
                include = dedupe(include);
                if (include == null) {
                    include = List.of();
                }
            }
        }
        return new LocalDirWalker(
                realRoot,
                include.isEmpty() ? null : PatternMatcher.compile(include),
                excludePatterns.isEmpty() ? null : PatternMatcher.compile(excludePatterns));
    }

    Path root() {
        return root;
    }

    /** Walks the tree, calling the visitor for every entry that survives the filters, in transfer order. */
    void walk(Visitor visitor) throws IOException {
        walkDir(root, "", null, new ArrayList<>(), new HashMap<>(), visitor);
    }

    /** A directory on the way down: its stat, whether it was already sent, and its pattern results. */
    private static final class Frame {
        final Path file;
        final Stat stat;
        final PatternMatcher.Match include;
        final PatternMatcher.Match exclude;
        boolean sent;

        Frame(Path file, Stat stat, PatternMatcher.Match include, PatternMatcher.Match exclude) {
            this.file = file;
            this.stat = stat;
            this.include = include;
            this.exclude = exclude;
        }
    }

    private void walkDir(
            Path dir,
            String relDir,
            Frame parent,
            List<Frame> ancestors,
            Map<Object, String> firstPathByInode,
            Visitor visitor)
            throws IOException {
        List<String> names;
        try {
            names = listSorted(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return; // removed while walking: fsutil skips it too
        } catch (AccessDeniedException e) {
            if (parent != null && !parent.sent) {
                return; // an unreadable directory that the filters leave out does not fail the transfer
            }
            throw e;
        }
        for (String name : names) {
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            Path file = dir.resolve(name);
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            int mode = FileModes.fromPosix((Integer) attributes.get("mode"));
            boolean isDir = FileModes.isDirectory(mode);
            boolean skip = false;

            PatternMatcher.Match include = null;
            if (includes != null) {
                include = includes.matchesUsingParent(rel, parent == null ? null : parent.include);
                if (!include.matched()) {
                    if (isDir && includesArePrefixes && !anyRulePrefixUnder(includes, false, rel)) {
                        continue; // nothing inside can be included
                    }
                    skip = true;
                }
            }
            PatternMatcher.Match exclude = null;
            if (excludes != null) {
                exclude = excludes.matchesUsingParent(rel, parent == null ? null : parent.exclude);
                if (exclude.matched()) {
                    if (isDir
                            && exceptionsArePrefixes
                            && (!excludes.hasExceptions() || !anyRulePrefixUnder(excludes, true, rel))) {
                        continue; // no exception can re-include anything inside
                    }
                    skip = true;
                }
            }

            Stat stat = stat(file, rel, mode, attributes, skip ? null : firstPathByInode);
            Frame frame = isDir ? new Frame(file, stat, include, exclude) : null;
            if (!skip) {
                for (Frame ancestor : ancestors) {
                    if (!ancestor.sent) {
                        ancestor.sent = true;
                        visitor.visit(ancestor.file, ancestor.stat);
                    }
                }
                if (frame != null) {
                    frame.sent = true;
                }
                visitor.visit(file, stat);
            }
            if (frame != null) {
                ancestors.add(frame);
                walkDir(file, rel, frame, ancestors, firstPathByInode, visitor);
                ancestors.remove(ancestors.size() - 1);
            }
        }
    }

    /** Whether a rule of the given kind is rooted inside directory {@code rel} (fsutil's walk pruning test). */
    private static boolean anyRulePrefixUnder(PatternMatcher matcher, boolean exceptions, String rel) {
        String dirSlash = rel + "/";
        for (PatternMatcher.Rule rule : matcher.rules()) {
            if (rule.isException() == exceptions && (rule.withoutTrailingGlob() + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    private static Stat stat(
            Path file, String rel, int mode, Map<String, Object> attributes, Map<Object, String> firstPathByInode)
            throws IOException {
        Stat.Builder stat = Stat.newBuilder()
                .setPath(rel)
                .setMode(mode)
                .setModTime(((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        if (FileModes.isDirectory(mode)) {
            return stat.build();
        }
        stat.setSize((Long) attributes.get("size"));
        if (FileModes.isSymlink(mode)) {
            stat.setLinkname(Files.readSymbolicLink(file).toString());
        } else if (firstPathByInode != null && (Integer) attributes.get("nlink") > 1) {
            String first = firstPathByInode.putIfAbsent(List.of(attributes.get("dev"), attributes.get("ino")), rel);
            if (first != null) {
                stat.setLinkname(first).setSize(0);
            }
        }
        return stat.build();
    }

    private static List<String> listSorted(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(BYTE_ORDER);
        return names;
    }

    /** UTF-8 byte order, which is code point order (String.compareTo differs for surrogate pairs). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // --- followpaths: symlink chains inside the root become include patterns (fsutil FollowLinks) ---

    /**
     * Resolves each path and every symlink on its way into root-relative paths. Returns null when one of
     * them is the root itself (then nothing is filtered).
     */
    private static List<String> followLinks(Path root, List<String> paths) throws IOException {
        TreeSet<String> resolved = new TreeSet<>(BYTE_ORDER);
        for (String path : paths) {
            follow(root, resolved, path);
        }
        return dedupe(new ArrayList<>(resolved));
    }

    private static void follow(Path root, TreeSet<String> resolved, String path) throws IOException {
        String rest = SlashPaths.join(".", path);
        String current = ".";
        while (true) {
            int slash = rest.indexOf('/');
            current = SlashPaths.join(current, slash < 0 ? rest : rest.substring(0, slash));
            rest = slash < 0 ? "" : rest.substring(slash + 1);
            List<String> targets = symlinkTargets(root, current, true);
            if ((rest.isEmpty() || targets != null) && resolved.contains(current)) {
                return;
            }
            if (targets != null) {
                resolved.add(current);
                for (String target : targets) {
                    follow(root, resolved, SlashPaths.join(target, rest));
                }
                return;
            }
            if (rest.isEmpty()) {
                resolved.add(current);
                return;
            }
        }
    }

    /**
     * The root-anchored targets ("/x/y") of the symlink at {@code rel}, or of every symlink matching it
     * when its last element is a wildcard; null when there is none. Paths outside the root are never read.
     */
    private static List<String> symlinkTargets(Path root, String rel, boolean allowWildcard) throws IOException {
        if (rel.equals(".") || !SlashPaths.isContained(rel)) {
            return null;
        }
        String base = SlashPaths.base(rel);
        if (allowWildcard && containsWildcards(base)) {
            String dir = SlashPaths.dir(rel);
            List<String> names;
            try {
                names = listSorted(dir.equals(".") ? root : root.resolve(dir));
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            }
            Pattern glob = globToRegex(base);
            List<String> out = null;
            for (String name : names) {
                if (glob.matcher(name).matches()) {
                    List<String> targets = symlinkTargets(root, SlashPaths.join(dir, name), false);
                    if (targets != null) {
                        out = out == null ? new ArrayList<>() : out;
                        out.addAll(targets);
                    }
                }
            }
            return out;
        }
        Path file = root.resolve(rel);
        if (!Files.isSymbolicLink(file)) {
            return null;
        }
        String link = GoLib.cleanPath(Files.readSymbolicLink(file).toString());
        if (link.startsWith("/")) {
            return List.of(link);
        }
        return List.of(GoLib.cleanPath("/" + SlashPaths.join(SlashPaths.dir(rel), link)));
    }

    private static boolean containsWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '*' || ch == '?' || ch == '[') {
                return true;
            }
        }
        return false;
    }

    /** Go's filepath.Match syntax for one path element. */
    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (inClass) {
                if (ch == ']') {
                    inClass = false;
                    re.append(']');
                } else if (ch == '\\' && i + 1 < glob.length()) {
                    re.append('\\').append(glob.charAt(++i));
                } else if (ch == '[' || ch == '&') {
                    re.append('\\').append(ch);
                } else {
                    re.append(ch);
                }
            } else if (ch == '*') {
                re.append("[^/]*");
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '[') {
                inClass = true;
                re.append('[');
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '^') {
                    re.append('^');
                    i++;
                }
            } else if (ch == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /**
     * fsutil's dedupePaths: drops paths under the previously kept one (input sorted); null when one of them
     * is "." (the whole directory).
     */
    private static List<String> dedupe(List<String> paths) {
        List<String> out = new ArrayList<>(paths.size());
        String last = "";
        for (String path : paths) {
            if (path.equals(".")) {
                return null;
            }
            if (path.startsWith(last + "/")) {
                continue;
            }
            out.add(path);
            last = path;
        }
        return out;
    }
}
