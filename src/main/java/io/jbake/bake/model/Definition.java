package io.jbake.bake.model;

import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Everything the definition files declare, after loading and merging but before any target is
 * resolved: targets (same-name blocks already merged) and groups, both in definition order.
 * {@link #resolve} turns requested names into complete targets as {@code ReadTargets} does in
 * buildx (bake-reference §7).
 */
public final class Definition {
    static final String TARGET_NAME_CHARS = "[a-zA-Z0-9_-]+";
    private static final Pattern TARGET_NAME = Pattern.compile("^" + TARGET_NAME_CHARS + "$");

    private final LinkedHashMap<String, Target> targets = new LinkedHashMap<>();
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();

    /** The result of {@link #resolve}: what {@code --print} shows and what gets built. */
    public record Resolution(Map<String, Target> targets, Map<String, Group> groups) implements GoJson.JsonWritable {
        /** Writes the {@code --print} document: {@code group} (when not empty) then {@code target}. */
        @Override
        public void writeJson(GoJson json) {
            json.beginObject();
            json.fieldOmitEmpty("group", new TreeMap<>(groups));
            json.field("target", new TreeMap<>(targets));
            json.endObject();
        }
    }

    /** Checks a target or group name against buildx's pattern. */
    public static void validateName(String name) {
        if (!TARGET_NAME.matcher(name).matches()) {
            throw new BakeException("only " + GoLib.quote(TARGET_NAME_CHARS) + " are allowed");
        }
    }

    /** Adds a target, merging it into an earlier target of the same name. */
    public void addTarget(Target t) {
        Target existing = targets.get(t.name);
        if (existing == null) {
            targets.put(t.name, t);
        } else {
            existing.merge(t);
        }
    }

    /** Adds a group; a later group of the same name replaces the earlier one (groups do not merge). */
    public void putGroup(Group g) {
        groups.put(g.name(), dedupeMembers(g));
    }

    /** Adds a group unless one of that name exists (implicit matrix groups lose to declared ones). */
    public void addGroupIfAbsent(Group g) {
        groups.putIfAbsent(g.name(), dedupeMembers(g));
    }

    private static Group dedupeMembers(Group g) {
        return new Group(g.name(), g.description(), new ArrayList<>(new LinkedHashSet<>(g.targets())));
    }

    /** Targets by name, in definition order. */
    public Map<String, Target> targets() {
        return Collections.unmodifiableMap(targets);
    }

    /** Groups by name, in definition order. */
    public Map<String, Group> groups() {
        return Collections.unmodifiableMap(groups);
    }

    /**
     * Merges the definition {@code top} (from HCL/JSON files) over this one (from compose files):
     * same-name targets merge with {@code top} winning, same-name groups are replaced.
     */
    public void mergeOver(Definition top) {
        top.targets.values().forEach(this::addTarget);
        top.groups.values().forEach(this::putGroup);
    }

    /**
     * {@code BUILDX_BAKE_FILE_RELATIVE_PATHS} (buildx v0.36): rewrites each target's local context and
     * {@code contexts} paths to be relative to the directory of the file that wrote them (a
     * {@code context = target.<name>.context} to that target's file), and makes an unset context the directory
     * of the target's last file. {@code cwd://}, {@code target:}, image, OCI layout, absolute and remote paths
     * ({@code remoteUrl}) stay as they are. {@code --set} values, applied later, are not rewritten.
     */
    public void rebaseContextPaths(Predicate<String> remoteUrl) {
        for (Target t : targets.values()) {
            Target ref = t.contextBaseRef == null ? null : targets.get(t.contextBaseRef);
            if (ref != null) {
                if (ref.contextBase != null) {
                    t.contextBase = ref.contextBase;
                } else if (ref.defaultContextBase != null) {
                    t.contextBase = ref.defaultContextBase;
                }
            }
            if (t.context != null) {
                if (t.contextBase != null) {
                    t.context = rebasePath(t.contextBase, t.context, remoteUrl);
                }
            } else if (t.defaultContextBase != null) {
                t.useDefaultContextBase = true;
            }
            if (t.contexts != null && t.contextsBase != null) {
                for (Map.Entry<String, String> e : t.contexts.entrySet()) {
                    String base = t.contextsBase.get(e.getKey());
                    if (base != null && e.getValue() != null) {
                        e.setValue(rebasePath(base, e.getValue(), remoteUrl));
                    }
                }
            }
        }
    }

    /** Records the compose targets' base: the directory of the first compose file ({@code ""} when none). */
    public void composeWrittenIn(String fileDir) {
        for (Target t : targets.values()) {
            t.defaultContextBase = fileDir;
            if (t.context != null) {
                t.contextBase = fileDir;
            }
            t.setContextsBase(fileDir);
        }
    }

    /**
     * The directory of a definition file's name as given, as Go's {@code filepath.Dir}; {@code ""} for stdin and
     * a URL.
     */
    public static String fileDir(String name) {
        if (name.isEmpty() || name.equals("-") || name.contains("://") || name.startsWith("git@")) {
            return "";
        }
        int slash = name.lastIndexOf('/');
        return GoLib.cleanPath(slash < 0 ? "." : slash == 0 ? "/" : name.substring(0, slash));
    }

    private static String rebasePath(String base, String path, Predicate<String> remoteUrl) {
        if (base.isEmpty()
                || path.isEmpty()
                || path.startsWith("/")
                || path.startsWith("cwd://")
                || path.startsWith("target:")
                || path.startsWith("docker-image:")
                || path.startsWith("oci-layout://")
                || remoteUrl.test(path)) {
            return path;
        }
        return GoLib.cleanPath(base + "/" + path);
    }

    /**
     * Resolves the requested names (targets, groups or glob patterns; {@code .} is read as
     * {@code _}) into complete targets, applying inheritance, overrides and normalisation, and adds
     * targets linked through {@code target:} contexts.
     *
     * @param requested names as given on the command line; {@code ["default"]} when none
     * @param overrides applies the {@code --set} overrides to a target, after its parents and before it is
     *     normalised
     */
    public Resolution resolve(List<String> requested, Consumer<Target> overrides) {
        List<String> names = new ArrayList<>();
        for (String r : requested) {
            names.addAll(matchNames(r.replace('.', '_')));
        }
        names = new ArrayList<>(new LinkedHashSet<>(names));

        Resolver resolver = new Resolver(overrides);
        Map<String, Target> resolved = new TreeMap<>();
        Map<String, Group> resolvedGroups = new TreeMap<>();
        for (String name : names) {
            Expansion e = expandGroup(name);
            for (String tname : e.targets) {
                resolved.put(tname, resolver.resolve(tname));
            }
            for (String gname : e.groups) {
                Group g = groups.get(gname);
                if (g != null) {
                    resolvedGroups.put(gname, g);
                }
            }
        }

        // buildx appends the requested names to the resolved "default" group, or starts one; the name
        // "default" itself is skipped once such a group exists.
        Group defaultGroup = resolvedGroups.get("default");
        List<String> defaultMembers = defaultGroup == null ? null : new ArrayList<>(defaultGroup.targets());
        for (String name : names) {
            if (defaultMembers != null && name.equals("default")) {
                continue;
            }
            if (defaultMembers == null) {
                defaultMembers = new ArrayList<>();
            }
            defaultMembers.add(name);
        }
        if (defaultMembers != null) {
            List<String> sorted = new ArrayList<>(new LinkedHashSet<>(defaultMembers));
            Collections.sort(sorted);
            String description = defaultGroup == null ? "" : defaultGroup.description();
            resolvedGroups.put("default", new Group("default", description, sorted));
        }

        for (String name : new ArrayList<>(resolved.keySet())) {
            loadLinks(name, resolved.get(name), resolved, resolver, new ArrayList<>());
        }
        return new Resolution(resolved, resolvedGroups);
    }

    /** A requested name as is, or every group then target name matching it as a glob. */
    private List<String> matchNames(String pattern) {
        if (!containsAny(pattern, "*?[]")) {
            return List.of(pattern);
        }
        List<String> matched = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (matchesQuietly(pattern, g)) {
                matched.add(g);
            }
        }
        for (String t : targets.keySet()) {
            if (matchesQuietly(pattern, t)) {
                matched.add(t);
            }
        }
        if (matched.isEmpty()) {
            throw new BakeException("could not find any target matching " + GoLib.quote(pattern));
        }
        return matched;
    }

    private static boolean matchesQuietly(String pattern, String name) {
        try {
            return GoLib.pathMatch(pattern, name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private record Expansion(List<String> targets, List<String> groups) {}

    /** Expands a group recursively into target names, collecting the groups passed through. */
    private Expansion expandGroup(String name) {
        Expansion e = expandGroup(name, new HashMap<>());
        return new Expansion(
                new ArrayList<>(new LinkedHashSet<>(e.targets)), new ArrayList<>(new LinkedHashSet<>(e.groups)));
    }

    private Expansion expandGroup(String name, Map<String, Expansion> visited) {
        Expansion seen = visited.get(name);
        if (seen != null) {
            return seen;
        }
        Group g = groups.get(name);
        if (g == null) {
            return new Expansion(List.of(name), List.of());
        }
        visited.put(name, new Expansion(List.of(), List.of()));
        List<String> ts = new ArrayList<>();
        List<String> gs = new ArrayList<>();
        gs.add(name);
        for (String member : g.targets()) {
            Expansion sub = expandGroup(member, visited);
            if (!sub.targets.isEmpty()) {
                ts.addAll(sub.targets);
            } else {
                ts.add(member);
            }
            gs.addAll(sub.groups);
        }
        Expansion result = new Expansion(ts, gs);
        visited.put(name, result);
        return result;
    }

    /**
     * Adds the targets that {@code t} names in {@code target:} contexts (recursively), forcing
     * their output to cacheonly, inheriting their entitlements and checking platform subsets.
     */
    private void loadLinks(
            String name, Target t, Map<String, Target> resolved, Resolver resolver, List<String> visited) {
        visited.add(name);
        if (t.contexts == null) {
            return;
        }
        for (String v : t.contexts.values()) {
            if (!v.startsWith("target:")) {
                continue;
            }
            String linked = v.substring("target:".length());
            if (linked.equals(name)) {
                throw new BakeException("target " + linked + " cannot link to itself");
            }
            if (visited.contains(linked)) {
                throw new BakeException("infinite loop from " + name + " to " + linked);
            }
            Target t2 = resolved.get(linked);
            if (t2 == null) {
                t2 = resolver.resolve(linked);
                t2.outputs = new ArrayList<>(List.of(ExportEntry.of("cacheonly")));
                t2.linked = true;
                resolved.put(linked, t2);
            }
            loadLinks(linked, t2, resolved, resolver, new ArrayList<>(visited));
            if (t2.entitlements != null) {
                for (String ent : t2.entitlements) {
                    if (t.entitlements == null) {
                        t.entitlements = new ArrayList<>();
                    }
                    if (!t.entitlements.contains(ent)) {
                        t.entitlements.add(ent);
                    }
                }
            }
            if (t.platforms != null
                    && t2.platforms != null
                    && t.platforms.size() > 1
                    && t2.platforms.size() > 1
                    && !t2.platforms.containsAll(t.platforms)) {
                throw new BakeException("target " + linked + " can't be used by " + name
                        + " because its platforms " + goList(t.platforms) + " are not a subset of "
                        + goList(t2.platforms));
            }
        }
    }

    private static String goList(List<String> list) {
        return "[" + String.join(" ", list) + "]";
    }

    /**
     * Resolves single targets: parents first (in {@code inherits} order, each with its own
     * overrides), then the target itself, then its overrides, then normalisation. Results are
     * memoised for the whole resolution, so shared bases are resolved once; a target reached again
     * while it is being resolved (an inheritance cycle) contributes nothing, as in buildx.
     */
    private final class Resolver {
        private final Consumer<Target> overrides;
        private final Map<String, Target> done = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();

        Resolver(Consumer<Target> overrides) {
            this.overrides = overrides;
        }

        /** A fresh, complete copy of target {@code name}. */
        Target resolve(String name) {
            Target t = resolveShared(name, new boolean[1]);
            Target copy = t.copy(name);
            copy.inherits = null;
            if (copy.context == null) {
                copy.context = copy.useDefaultContextBase && !copy.defaultContextBase.isEmpty()
                        ? GoLib.cleanPath(copy.defaultContextBase)
                        : ".";
            }
            if (copy.dockerfile == null || copy.dockerfile.isEmpty()) {
                copy.dockerfile = "Dockerfile";
            }
            return copy;
        }

        /**
         * The resolved target, possibly shared with other callers (never mutate it).
         * {@code cycle[0]} is set when a cycle cut the resolution short, so the result is not cached.
         */
        private Target resolveShared(String name, boolean[] cycle) {
            Target cached = done.get(name);
            if (cached != null) {
                return cached;
            }
            if (!inProgress.add(name)) {
                cycle[0] = true;
                return null;
            }
            Target own = targets.get(name);
            if (own == null) {
                inProgress.remove(name);
                throw new BakeException("failed to find target " + name);
            }
            boolean[] subCycle = new boolean[1];
            Target result = new Target(name);
            if (own.inherits != null) {
                for (String parent : own.inherits) {
                    Target p = resolveShared(parent, subCycle);
                    if (p != null) {
                        result.merge(p);
                    }
                }
            }
            result.merge(own);
            overrides.accept(result);
            result.normalize();
            inProgress.remove(name);
            if (subCycle[0]) {
                cycle[0] = true;
            } else {
                done.put(name, result);
            }
            return result;
        }
    }
}
