package io.jbake.buildkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A distribution registry on a free loopback port that demands basic auth ({@link #USER} /
 * {@link #PASSWORD}), for tests of credentials: the {@code docker-registry} binary that
 * {@code scripts/test-daemon.sh start} unpacks, with its own htpasswd file, storage and log in {@code dir}.
 */
public final class AuthRegistry implements AutoCloseable {
    public static final String USER = "jbake";
    public static final String PASSWORD = "jbake-test-password";
    /** bcrypt of {@link #PASSWORD} (cost 12), as htpasswd files hold it. */
    private static final String PASSWORD_BCRYPT = "$2b$12$G8IiBCpJwZiT8aZQKMV0I.VvpCkeTbfKs0DmL8R5NlP8TS3hfcZde";

    private final Process process;
    private final String address;

    private AuthRegistry(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts the registry and waits until it accepts connections. */
    public static AuthRegistry start(Path dir) throws IOException, InterruptedException {
        String cache = System.getenv()
                .getOrDefault("JBAKE_TEST_CACHE", System.getProperty("user.home") + "/.cache/jbake-test-daemon");
        Path binary = Path.of(cache, "registry/usr/bin/docker-registry");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dir);
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), USER + ":" + PASSWORD_BCRYPT + "\n");
        Path config = Files.writeString(
                dir.resolve("registry.yml"),
                String.join(
                        "\n",
                        "version: 0.1",
                        "log:",
                        "  level: warn",
                        "storage:",
                        "  filesystem:",
                        "    rootdirectory: " + dir.resolve("registry-data"),
                        "auth:",
                        "  htpasswd:",
                        "    realm: jbake-test",
                        "    path: " + htpasswd,
                        "http:",
                        "  addr: 127.0.0.1:" + port,
                        ""));
        Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return new AuthRegistry(process, "127.0.0.1:" + port);
            } catch (IOException e) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    /** {@code 127.0.0.1:<port>} */
    public String address() {
        return address;
    }

    /**
     * A Docker CLI configuration directory under {@code dir} whose {@code auths} hold this registry's
     * credentials, as {@code docker login} writes them without a credential store.
     */
    public Path dockerConfig(Path dir) throws IOException {
        Path config = Files.createDirectories(dir);
        String auth = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
        Files.writeString(
                config.resolve("config.json"),
                "{\n\t\"auths\": {\n\t\t\"" + address + "\": {\n\t\t\t\"auth\": \"" + auth + "\"\n\t\t}\n\t}\n}");
        return config;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
