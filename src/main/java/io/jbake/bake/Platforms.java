package io.jbake.bake;

import io.jbake.bake.model.BakeException;
import io.jbake.go.GoLib;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Platform specifiers as containerd parses them ({@code os[/arch[/variant]]}, or {@code local}). */
final class Platforms {
    private Platforms() {}

    private static final Pattern COMPONENT = Pattern.compile("^[A-Za-z0-9_.-]+$");
    /** A trailing {@code (os.version)} of the OS component, e.g. {@code windows(10.0.17763)}. */
    private static final Pattern OS_VERSION = Pattern.compile("\\([^()]*\\)$");

    private static final Set<String> KNOWN_OS = Set.of(
            "aix",
            "android",
            "darwin",
            "dragonfly",
            "freebsd",
            "hurd",
            "illumos",
            "ios",
            "js",
            "linux",
            "nacl",
            "netbsd",
            "openbsd",
            "plan9",
            "solaris",
            "windows",
            "zos",
            "macos");
    private static final Set<String> KNOWN_ARCH = Set.of(
            "386",
            "amd64",
            "amd64p32",
            "arm",
            "armbe",
            "arm64",
            "arm64be",
            "ppc64",
            "ppc64le",
            "loong64",
            "mips",
            "mipsle",
            "mips64",
            "mips64le",
            "mips64p32",
            "mips64p32le",
            "ppc",
            "riscv",
            "riscv64",
            "s390",
            "s390x",
            "sparc",
            "sparc64",
            "wasm",
            "i386",
            "x86_64",
            "x86-64",
            "aarch64",
            "armhf",
            "armel");

    /** Fails with containerd's message unless every comma-separated entry of {@code value} parses. */
    static void validate(String value) {
        for (String spec : value.split(",", -1)) {
            if (!spec.equals("local")) {
                validateOne(spec);
            }
        }
    }

    private static void validateOne(String spec) {
        if (spec.contains("*")) {
            throw invalid(GoLib.quote(spec) + ": wildcards not yet supported");
        }
        String[] parts = spec.split("/", 4);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                part = OS_VERSION.matcher(part).replaceFirst("");
            }
            if (!COMPONENT.matcher(part).matches()) {
                throw invalid(GoLib.quote(part) + " is an invalid component of " + GoLib.quote(spec)
                        + ": platform specifier component must match " + GoLib.quote(COMPONENT.pattern()));
            }
        }
        switch (parts.length) {
            case 1 -> {
                String lower = parts[0].toLowerCase(Locale.ROOT);
                if (!KNOWN_OS.contains(lower) && !KNOWN_ARCH.contains(lower)) {
                    throw invalid(GoLib.quote(spec) + ": unknown operating system or architecture");
                }
            }
            case 2, 3 -> {}
            default -> throw invalid(GoLib.quote(spec) + ": cannot parse platform specifier");
        }
    }

    private static BakeException invalid(String message) {
        return new BakeException(message + ": invalid argument");
    }
}
