package io.jbake.pool;

import java.util.List;
import java.util.Locale;

/**
 * Whether a node builds for a target's platforms: {@code os/arch[/variant]} compared as OCI platforms are
 * (the architecture's common aliases, arm64's default variant {@code v8}, arm's {@code v7}), a variant left
 * out on either side matching any.
 */
final class Platforms {
    private Platforms() {}

    /** Whether {@code offered} (a node's platforms) has every one of {@code wanted}; true for none wanted. */
    static boolean supportsAll(List<String> offered, List<String> wanted) {
        return wanted.stream().allMatch(w -> offered.stream().anyMatch(o -> matches(o, w)));
    }

    static boolean matches(String offered, String wanted) {
        String[] a = normalized(offered);
        String[] b = normalized(wanted);
        return a[0].equals(b[0]) && a[1].equals(b[1]) && (a[2].isEmpty() || b[2].isEmpty() || a[2].equals(b[2]));
    }

    /** os, architecture and variant, lower case, aliases resolved, default variants filled in. */
    private static String[] normalized(String platform) {
        String[] parts = platform.strip().toLowerCase(Locale.ROOT).split("/", 3);
        String os = parts[0];
        String arch = parts.length > 1 ? parts[1] : "";
        String variant = parts.length > 2 ? parts[2] : "";
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "i386", "i686" -> arch = "386";
            case "armhf" -> {
                arch = "arm";
                variant = variant.isEmpty() ? "v7" : variant;
            }
            default -> {}
        }
        if (arch.equals("arm64") && variant.isEmpty()) {
            variant = "v8";
        }
        if (arch.equals("arm") && variant.isEmpty()) {
            variant = "v7";
        }
        return new String[] {os, arch, variant};
    }
}
