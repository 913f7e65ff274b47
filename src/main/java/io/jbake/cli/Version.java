package io.jbake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What jbake was built from: its Maven version and git revision, written into the jar at build time
 * ({@code version.properties}, pom.xml). {@code jbake version} prints them as {@code docker buildx version} does
 * its own ({@code github.com/docker/buildx v0.29.1 REVISION}); {@code --version} prints the version.
 */
final class Version implements CommandLine.IVersionProvider {
    /** Where jbake comes from, as buildx names its Go module: Maven's group and artifact. */
    static final String MODULE = "io.jbake:jbake";

    /** Read on first use: every command builds its flags with a {@link Version}, few print it. */
    private static final class Built {
        static final Properties PROPERTIES = load();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String version() {
        return Built.PROPERTIES.getProperty("version", "unknown");
    }

    static String revision() {
        return Built.PROPERTIES.getProperty("revision", "unknown");
    }

    /** {@code jbake version}'s line. */
    static String line() {
        return MODULE + " v" + version() + " " + revision();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jbake " + version()};
    }
}
