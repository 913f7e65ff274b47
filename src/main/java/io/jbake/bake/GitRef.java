package io.jbake.bake;

import io.jbake.bake.model.BakeException;
import io.jbake.go.GoLib;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git reference as BuildKit's Dockerfile git-ref parser reads one: {@code git://}, {@code ssh://},
 * {@code http(s)://...​.git}, {@code user@host:path} and {@code github.com/...}, with a fragment
 * {@code #ref[:subdir]} and the query keys {@code ref}, {@code tag}, {@code branch}, {@code subdir},
 * {@code checksum}/{@code commit}, {@code keep-git-dir}, {@code submodules}, and since BuildKit v0.26 (buildx
 * v0.31) {@code mtime} and {@code fetch-by-commit}.
 *
 * @param remote the repository without fragment and query ({@code github.com/...} keeps no scheme)
 * @param scheme {@code git}, {@code ssh}, {@code http} or {@code https}
 * @param host the host (with its port), empty for none
 * @param path the repository's path on the host
 * @param ref the ref to check out, empty for the default branch
 * @param subdir the sub-directory, empty for the root
 * @param checksum the commit the ref must resolve to, empty for any
 * @param keepGitDir whether {@code .git} is kept, null when not asked
 * @param submodules whether submodules are fetched, null when not asked
 * @param mtime the files' modification times, {@code checkout} or {@code commit}; empty when not asked
 * @param fetchByCommit whether the commit is fetched by its hash rather than by the ref
 */
public record GitRef(
        String remote,
        String scheme,
        String host,
        String path,
        String ref,
        String subdir,
        String checksum,
        Boolean keepGitDir,
        Boolean submodules,
        String mtime,
        boolean fetchByCommit) {

    private static final Pattern PROTOCOL = Pattern.compile("^[a-zA-Z0-9]+://");
    private static final Pattern SCP =
            Pattern.compile("^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):(.*?)(?:\\?(.*?))?(?:#(.*))?$");

    /**
     * Parses {@code s} as BuildKit's {@code ParseGitRef} does.
     *
     * @return empty when {@code s} is not a git reference
     * @throws BakeException for a git reference whose query BuildKit rejects, with its words
     */
    public static Optional<GitRef> parse(String s) {
        if (s.startsWith("./") || s.startsWith("../")) {
            return Optional.empty();
        }
        Url url;
        boolean github = s.startsWith("github.com/");
        if (github) {
            url = Url.split("https://" + s);
        } else {
            Matcher protocol = PROTOCOL.matcher(s);
            if (protocol.find()) {
                String scheme = s.substring(0, protocol.end() - 3).toLowerCase(java.util.Locale.ROOT);
                if (!scheme.equals("http")
                        && !scheme.equals("https")
                        && !scheme.equals("git")
                        && !scheme.equals("ssh")) {
                    return Optional.empty();
                }
                url = Url.split(s);
                if ((scheme.equals("http") || scheme.equals("https")) && !url.path.endsWith(".git")) {
                    return Optional.empty();
                }
            } else {
                Matcher scp = SCP.matcher(s);
                if (!scp.matches()) {
                    return Optional.empty();
                }
                String rest = scp.group(1) + "@" + scp.group(2) + ":" + scp.group(3);
                url = new Url(
                        "ssh",
                        scp.group(2),
                        scp.group(3),
                        rest,
                        scp.group(4) == null ? "" : scp.group(4),
                        scp.group(5) == null ? "" : scp.group(5));
            }
        }
        String remote = github ? url.remote.substring("https://".length()) : url.remote;
        String ref = "";
        String subdir = "";
        if (!url.fragment.isEmpty()) {
            int colon = url.fragment.indexOf(':');
            ref = colon < 0 ? url.fragment : url.fragment.substring(0, colon);
            subdir = colon < 0 ? "" : url.fragment.substring(colon + 1);
        }
        GitRef parsed = new GitRef(remote, url.scheme, url.host, url.path, ref, subdir, "", null, null, "", false);
        return Optional.of(parsed.withQuery(url.query));
    }

    private GitRef withQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return this;
        }
        Map<String, java.util.List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("[&]", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        }
        String newRef = ref;
        String newSubdir = subdir;
        String newChecksum = checksum;
        Boolean keep = keepGitDir;
        Boolean modules = submodules;
        String newMtime = mtime;
        boolean byCommit = fetchByCommit;
        String tag = "";
        String branch = "";
        for (Map.Entry<String, java.util.List<String>> e : query.entrySet()) {
            String k = e.getKey();
            if (e.getValue().size() > 1) {
                throw new BakeException("query " + GoLib.quote(k) + " has multiple values");
            }
            String v = e.getValue().get(0);
            if (v.isEmpty() && !k.equals("submodules") && !k.equals("keep-git-dir") && !k.equals("fetch-by-commit")) {
                throw new BakeException("query " + GoLib.quote(k) + " has no value");
            }
            switch (k) {
                case "ref" -> {
                    if (!newRef.isEmpty() && !newRef.equals(v)) {
                        throw conflict("ref", newRef, v);
                    }
                    newRef = v;
                }
                case "tag" -> tag = v;
                case "branch" -> branch = v;
                case "subdir" -> {
                    if (!newSubdir.isEmpty() && !newSubdir.equals(v)) {
                        throw conflict("subdir", newSubdir, v);
                    }
                    newSubdir = v;
                }
                case "checksum", "commit" -> newChecksum = v;
                case "keep-git-dir" -> keep = bool(k, v);
                case "submodules" -> modules = bool(k, v);
                case "mtime" -> {
                    if (!v.equals("checkout") && !v.equals("commit")) {
                        throw new BakeException(
                                "invalid mtime value: " + GoLib.quote(v) + " (must be \"checkout\" or \"commit\")");
                    }
                    newMtime = v;
                }
                case "fetch-by-commit" -> byCommit = bool(k, v);
                default -> throw new BakeException("unexpected query " + GoLib.quote(k));
            }
        }
        if (!tag.isEmpty()) {
            tag = tag.startsWith("refs/tags/") ? tag : "refs/tags/" + tag;
            if (!newRef.isEmpty() && !newRef.equals(tag)) {
                throw conflict("ref", newRef, tag);
            }
            newRef = tag;
        }
        if (!branch.isEmpty()) {
            if (!tag.isEmpty()) {
                throw new BakeException("branch conflicts with tag");
            }
            branch = branch.startsWith("refs/heads/") ? branch : "refs/heads/" + branch;
            if (!newRef.isEmpty() && !newRef.equals(branch)) {
                throw conflict("ref", newRef, branch);
            }
            newRef = branch;
        }
        return new GitRef(
                remote, scheme, host, path, newRef, newSubdir, newChecksum, keep, modules, newMtime, byCommit);
    }

    private static BakeException conflict(String what, String a, String b) {
        return new BakeException(what + " conflicts: " + GoLib.quote(a) + " vs " + GoLib.quote(b));
    }

    private static Boolean bool(String key, String value) {
        if (value.isEmpty()) {
            return true;
        }
        return GoLib.parseBool(value)
                .orElseThrow(() -> new BakeException("invalid " + key + " value: " + GoLib.quote(value)));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A URL split as Go's {@code net/url} splits one: scheme, authority, path, query, fragment. */
    private record Url(String scheme, String host, String path, String remote, String query, String fragment) {
        static Url split(String s) {
            String rest = s;
            String fragment = "";
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                fragment = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            String query = "";
            int question = rest.indexOf('?');
            if (question >= 0) {
                query = rest.substring(question + 1);
                rest = rest.substring(0, question);
            }
            int schemeEnd = rest.indexOf("://");
            String scheme = rest.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
            String afterScheme = rest.substring(schemeEnd + 3);
            int slash = afterScheme.indexOf('/');
            String authority = slash < 0 ? afterScheme : afterScheme.substring(0, slash);
            String path = slash < 0 ? "" : afterScheme.substring(slash);
            int at = authority.lastIndexOf('@');
            String host = at < 0 ? authority : authority.substring(at + 1);
            return new Url(scheme, host, path, rest, query, fragment);
        }
    }
}
