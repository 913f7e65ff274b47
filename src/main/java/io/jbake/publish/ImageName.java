package io.jbake.publish;

import java.util.Locale;

/**
 * An image name as Docker normalises it ({@code distribution/reference}'s rules, written again): a registry
 * host (the first path component when it looks like one: a {@code .} or {@code :} in it, {@code localhost}, or
 * upper case; else {@code docker.io}), a repository ({@code library/} before a one-component Docker Hub name),
 * and a tag ({@code latest} when none is given).
 *
 * @param registry the host (and port) as the name writes it, {@code docker.io} for Docker Hub
 * @param repository the repository path in the registry, e.g. {@code team/app}
 * @param tag the tag
 * @param digested whether the name carried a digest ({@code @sha256:...}), which a tag cannot be written to
 */
public record ImageName(String registry, String repository, String tag, boolean digested) {

    static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's registry API host. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    /**
     * Parses {@code name} ({@code [host[:port]/]path[:tag][@digest]}).
     *
     * @throws IllegalArgumentException when it is not an image name
     */
    public static ImageName parse(String name) {
        String rest = name.strip();
        boolean digested = false;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digested = true;
            rest = rest.substring(0, at);
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase(Locale.ROOT))) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (rest.isEmpty()
                || tag.isEmpty()
                || !rest.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
            throw new IllegalArgumentException("invalid image name " + name);
        }
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("invalid tag in image name " + name);
        }
        return new ImageName(registry, rest, tag, digested);
    }

    /** The host of the registry's HTTP API: Docker Hub's is not {@code docker.io}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** The repository with its registry, without a tag: {@code host/path}. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    /**
     * Whether Docker reaches this registry over plain HTTP by default: a loopback host ({@code localhost},
     * {@code 127.0.0.0/8}, {@code [::1]}), which the engine treats as an insecure registry.
     */
    public boolean loopback() {
        String host = registry.startsWith("[")
                ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** {@code host/path:tag}. */
    @Override
    public String toString() {
        return repositoryName() + ":" + tag;
    }
}
