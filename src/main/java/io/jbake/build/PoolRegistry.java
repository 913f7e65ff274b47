package io.jbake.build;

import io.jbake.publish.ImageName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * {@code --pool-registry}: the repository through which a pool's linked targets cross nodes. A target that others
 * link is pushed, as its build returns, to {@code <repository>/<target>:jbake-<bake id>}, and its dependents, on
 * whichever node, read it from there as a {@code docker-image://} context. The tag is new in every bake (the bake
 * id, 12 random hex digits), so a dependent never reads another bake's base.
 */
final class PoolRegistry {
    /** The prefix of every tag a bake pushes, before its id. */
    static final String TAG_PREFIX = "jbake-";

    private static final int BAKE_ID_BYTES = 6;

    /** A path component of a repository name, as the distribution spec allows it. */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    private final String repository;
    private final boolean insecure;

    private PoolRegistry(String repository, boolean insecure) {
        this.repository = repository;
        this.insecure = insecure;
    }

    /**
     * The registry of {@code repository}, as given to {@code --pool-registry} ({@code 127.0.0.1:5087/pool}): an
     * image name without tag or digest ({@code docker.io} when it names no registry host, as Docker reads it); a
     * trailing {@code /} is dropped.
     *
     * @throws IllegalArgumentException when it is no such repository
     */
    static PoolRegistry parse(String repository) {
        String repo = repository.strip();
        while (repo.endsWith("/")) {
            repo = repo.substring(0, repo.length() - 1);
        }
        ImageName name;
        try {
            if (repo.contains("://") || repo.contains("@") || repo.lastIndexOf(':') > repo.lastIndexOf('/')) {
                throw new IllegalArgumentException("a scheme, tag or digest");
            }
            name = ImageName.parse(repo);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --pool-registry " + repository
                    + ": expected a repository (no tag or digest), like 127.0.0.1:5000/pool");
        }
        return new PoolRegistry(repo, name.loopback());
    }

    /** A new bake's id: 12 random hex digits. */
    static String newBakeId() {
        return newBakeId(new SecureRandom());
    }

    static String newBakeId(Random random) {
        byte[] id = new byte[BAKE_ID_BYTES];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The image {@code target} is pushed as in bake {@code bakeId}: {@code <repository>/<target>:jbake-<id>}. */
    String image(String target, String bakeId) {
        return repository + "/" + component(target) + ":" + TAG_PREFIX + bakeId;
    }

    /** The named context value a dependent reads {@code target} by: {@code docker-image://} and its image. */
    String context(String target, String bakeId) {
        return "docker-image://" + image(target, bakeId);
    }

    /**
     * Whether the registry is spoken to in plain HTTP ({@code registry.insecure}): when its host is a loopback
     * address ({@link ImageName#loopback()}), which Docker Engine treats as an insecure registry by default.
     */
    boolean insecure() {
        return insecure;
    }

    /**
     * A target's name as a repository path component: itself when it is one, else lower-cased with every run of
     * other characters made a {@code -}, and a hash of the name appended so that two names do not meet.
     */
    static String component(String target) {
        if (COMPONENT.matcher(target).matches()) {
            return target;
        }
        String cleaned =
                target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return (cleaned.isEmpty() ? "" : cleaned + "-") + shortHash(target);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
