package io.jbake.bake;

import java.util.regex.Pattern;

/** Which strings buildx treats as remote sources (a definition URL or a build context). */
public final class RemoteUrls {
    private RemoteUrls() {}

    private static final Pattern GIT_SCP = Pattern.compile("^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.*");

    /**
     * An {@code http(s)://} URL, or anything BuildKit's git reference parser accepts
     * ({@code git://}, {@code ssh://}, {@code git@host:path}, {@code github.com/...}, {@code *.git}).
     */
    public static boolean isRemote(String s) {
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return true;
        }
        return isGit(s);
    }

    static boolean isGit(String s) {
        if (s.startsWith("git://") || s.startsWith("ssh://") || s.startsWith("git@") || s.startsWith("github.com/")) {
            return true;
        }
        if (GIT_SCP.matcher(s).matches()) {
            return true;
        }
        String path = s;
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        return (path.startsWith("http://") || path.startsWith("https://")) && path.endsWith(".git");
    }
}
