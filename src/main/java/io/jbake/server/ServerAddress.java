package io.jbake.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Where the jbake server of this jar listens: {@code $XDG_RUNTIME_DIR/jbake/} (else {@code /tmp/jbake-UID/}),
 * a directory only its user may enter, holding {@code server-STAMP.sock} and the server's files named after it
 * ({@code .lock}, {@code .pid}, {@code .log}). The stamp is
 * taken from the jar's path, size and modification time and the JVM's home, so a rebuilt jar (or another JVM)
 * gets a server of its own and never talks to an older one.
 *
 * @param socket the server's unix socket
 * @param codeSource the jar (or classes directory) client and server run from, which the server watches
 */
public record ServerAddress(Path socket, Path codeSource) {

    /** Where the server's own output goes (its start-up failures; commands print to their clients). */
    Path log() {
        return Path.of(socket + ".log");
    }

    /** What the server holds locked while it starts and serves, so that one server serves a socket. */
    Path lockFile() {
        return Path.of(socket + ".lock");
    }

    /** Where the server writes its process id while it serves ({@code kill $(cat ...pid)} ends it). */
    Path pidFile() {
        return Path.of(socket + ".pid");
    }

    /** The files a server of this address leaves while it runs: its socket, lock, process id and log. */
    List<Path> files() {
        return List.of(socket, lockFile(), pidFile(), log());
    }

    /** The address of the server holding {@code lockFile} ({@link #lockFile()}), of the same code. */
    ServerAddress ofLockFile(Path lockFile) {
        String name = lockFile.toString();
        return new ServerAddress(Path.of(name.substring(0, name.length() - ".lock".length())), codeSource);
    }

    /**
     * Writes, next to the jar ({@code jbake.jar.server}), where its server listens, the jar's size and
     * modification time, and the {@code XDG_RUNTIME_DIR} of {@code env} the address was found under, for the
     * launcher's C client (src/main/c/jbake-client.c), which connects without a JVM's start when its own
     * {@code XDG_RUNTIME_DIR} is the same, and leaves the rest (the jar rebuilt, no server up, another runtime
     * directory) to this Java client. Written aside and renamed, and only when it changed.
     */
    void describeForNativeClient(Map<String, String> env) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(codeSource, BasicFileAttributes.class);
            String description = socket + "\n" + attributes.size() + "\n"
                    + attributes.lastModifiedTime().toMillis() + "\n"
                    + env.getOrDefault("XDG_RUNTIME_DIR", "") + "\n";
            Path file = Path.of(codeSource + ".server");
            if (Files.exists(file) && Files.readString(file).equals(description)) {
                return;
            }
            Path written = Files.writeString(
                    Path.of(file + "." + ProcessHandle.current().pid()), description);
            Files.move(
                    written,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the C client then runs this one, as without the file
        }
    }

    /** The system property that names the socket instead (tests). */
    public static final String SOCKET_PROPERTY = "jbake.server.socket";

    /**
     * The address for this JVM's jbake classes, or empty when there is none to use (no user id to make a
     * private directory for, or the directory is someone else's).
     */
    static Optional<ServerAddress> forThisJar(Map<String, String> env) {
        try {
            String socket = System.getProperty(SOCKET_PROPERTY);
            if (socket != null) {
                return Optional.of(at(Path.of(socket)));
            }
            Path codeSource = thisCodeSource();
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            String runtime = env.getOrDefault("XDG_RUNTIME_DIR", "");
            Path dir = !runtime.isEmpty() && Files.isDirectory(Path.of(runtime))
                    ? Path.of(runtime, "jbake")
                    : Path.of(System.getProperty("java.io.tmpdir"), "jbake-" + uid);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!uid.equals(Files.getAttribute(dir, "unix:uid"))
                    || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))
                            .equals("rwx------")) {
                return Optional.empty(); // another user's, or open to others: no server rather than a shared one
            }
            String stamp = stamp(codeSource);
            return Optional.of(new ServerAddress(dir.resolve("server-" + stamp + ".sock"), codeSource));
        } catch (IOException
                | URISyntaxException
                | UnsupportedOperationException
                | IllegalArgumentException
                | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The server of this JVM's jbake classes on {@code socket}. */
    static ServerAddress at(Path socket) throws URISyntaxException {
        return new ServerAddress(socket, thisCodeSource());
    }

    /** The jar (or classes directory) this JVM's jbake classes come from. */
    private static Path thisCodeSource() throws URISyntaxException {
        return Path.of(ServerAddress.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /**
     * What identifies the code a server runs: changes when the jar is rebuilt. A checksum, not a cryptographic
     * digest: it names a socket in a private directory, and a digest would load the security providers at every
     * start of the client.
     */
    static String stamp(Path codeSource) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(codeSource, BasicFileAttributes.class);
        String identity = codeSource + "\n" + attributes.size() + "\n"
                + attributes.lastModifiedTime().toMillis() + "\n" + System.getProperty("java.home") + "\n"
                + System.getProperty("java.class.path");
        CRC32C checksum = new CRC32C();
        checksum.update(identity.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(checksum.getValue()) + Integer.toHexString(identity.hashCode());
    }
}
