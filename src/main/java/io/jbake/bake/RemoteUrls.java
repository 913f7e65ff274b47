package io.jbake.bake;

import io.jbake.bake.model.BakeException;
import java.util.List;

/** Which strings buildx treats as remote sources (a definition URL or a build context). */
public final class RemoteUrls {
    private RemoteUrls() {}

    /**
     * An {@code http(s)://} URL, or anything BuildKit's git reference parser accepts ({@link GitRef}:
     * {@code git://}, {@code ssh://}, {@code git@host:path}, {@code github.com/...}, {@code http(s)://...​.git}).
     */
    public static boolean isRemote(String s) {
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return true;
        }
        return isGit(s);
    }

    /** Whether BuildKit's git reference parser takes {@code s} for a git reference (a bad query included). */
    public static boolean isGit(String s) {
        try {
            return GitRef.parse(s).isPresent();
        } catch (BakeException e) {
            return true;
        }
    }

    /**
     * The host (with its port) of a remote URL, as BuildKit's git URL parser gives it: a git reference's, or an
     * {@code http(s)://} URL's; empty for other strings and URLs without a host.
     */
    public static java.util.Optional<String> host(String url) {
        java.util.Optional<GitRef> git;
        try {
            git = GitRef.parse(url);
        } catch (BakeException e) {
            git = java.util.Optional.empty();
        }
        if (git.isPresent()) {
            return git.map(GitRef::host).filter(h -> !h.isEmpty());
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return java.util.Optional.empty();
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        return host.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(host);
    }

    /**
     * The positional arguments as buildx splits them: a first one that is remote is the definition's URL, a
     * second remote one the command context ({@code BAKE_CMD_CONTEXT}), the rest are targets.
     *
     * @param url the definition's URL, or null for a local definition
     * @param cmdContext {@code cwd://} unless a second URL names it
     */
    public record Args(String url, String cmdContext, List<String> targets) {}

    /** Splits the positional arguments: {@link Args}. */
    public static Args split(List<String> args) {
        if (args.isEmpty() || !isRemote(args.get(0))) {
            return new Args(null, "cwd://", args);
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.isEmpty() || !isRemote(rest.get(0))) {
            return new Args(args.get(0), "cwd://", List.copyOf(rest));
        }
        return new Args(args.get(0), rest.get(0), List.copyOf(rest.subList(1, rest.size())));
    }

    /**
     * The URL of the sub-directory {@code subdir} of the git source {@code url}: its {@code subdir} query value
     * replaced (or the query given one) when it has a query, else its fragment's sub-directory joined with
     * {@code subdir} ({@code #ref:subdir}, {@code #:subdir} without a ref). Other URLs are returned as they are.
     */
    public static String withSubdir(String url, String subdir) {
        if (!isGit(url)) {
            return url;
        }
        String fragment = "";
        String rest = url;
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash + 1);
            rest = url.substring(0, hash);
        }
        int question = rest.indexOf('?');
        if (question >= 0 && fragment.isEmpty()) {
            String base = rest.substring(0, question);
            List<String> pairs = new java.util.ArrayList<>();
            String existing = "";
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.startsWith("subdir=")) {
                    existing = pair.substring("subdir=".length());
                } else if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
            pairs.add("subdir=" + join(existing, subdir));
            return base + "?" + String.join("&", pairs);
        }
        int colon = fragment.indexOf(':');
        String ref = colon < 0 ? fragment : fragment.substring(0, colon);
        String existing = colon < 0 ? "" : fragment.substring(colon + 1);
        return rest + "#" + ref + ":" + join(existing, subdir);
    }

    private static String join(String base, String subdir) {
        String joined = io.jbake.go.GoLib.cleanPath(base.isEmpty() ? subdir : base + "/" + subdir);
        return joined.startsWith("/") ? joined.substring(1) : joined;
    }
}
