package io.jbake.buildkit.filesync;

import io.jbake.go.GoLib;

/** Lexical operations on '/'-separated paths with Go's {@code path.Clean} rules, as fsutil applies them. */
final class SlashPaths {
    private SlashPaths() {}

    /** Go's {@code path.Join}: joins the non-empty elements with '/' and cleans the result. */
    static String join(String first, String second) {
        if (first.isEmpty()) {
            return second.isEmpty() ? "" : GoLib.cleanPath(second);
        }
        return second.isEmpty() ? GoLib.cleanPath(first) : GoLib.cleanPath(first + "/" + second);
    }

    /** Everything before the last '/', cleaned; {@code "."} when there is none (Go's {@code path.Dir}). */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return GoLib.cleanPath(slash < 0 ? "" : path.substring(0, slash + 1));
    }

    /** The last element (Go's {@code path.Base} for cleaned, non-empty paths). */
    static String base(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /**
     * Whether a path received from the other side is safe to use under a root: cleaned, relative and not
     * escaping through {@code ..}.
     */
    static boolean isContained(String path) {
        return !path.isEmpty()
                && path.equals(GoLib.cleanPath(path))
                && path.charAt(0) != '/'
                && !path.equals("..")
                && !path.startsWith("../");
    }
}
