package io.jbake.cli;

import io.jbake.server.Client;
import io.jbake.server.Server;
import io.jbake.server.ServerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a test starts jbake as a process of its own: in its own JVM ({@link Main}, as {@code JBAKE_SERVER=0}), or
 * as the launcher does, a client of a jbake server: the {@link ClientMain} in Java, or the C client of
 * src/main/c/jbake-client.c (compiled here with {@code cc}), which hands over to the Java client when no server
 * runs ({@link #startServer} starts one first). The server listens on a socket the test names (in its
 * temporary directory), writes its process id next to it, and is ended by {@link #stopServer}.
 */
public enum JbakeProcess {
    IN_PROCESS,
    THROUGH_SERVER,
    THROUGH_NATIVE_CLIENT;

    private static Path nativeClient;

    /** The command line that runs jbake with {@code args}; {@code socket} is the server's, if there is one. */
    public List<String> command(Path socket, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        if (this == IN_PROCESS) {
            command.add(Main.class.getName());
        } else {
            command.addAll(List.of(
                    "-D" + ServerAddress.SOCKET_PROPERTY + "=" + socket,
                    "-D" + Server.IDLE_PROPERTY + "=60",
                    "-D" + Client.AWAIT_PROPERTY + "=true",
                    ClientMain.class.getName()));
        }
        if (this == THROUGH_NATIVE_CLIENT) {
            command.add(0, serverFile().toString());
            command.add(0, nativeClient().toString());
            command.add("--");
        }
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The command line of a client as the launcher runs it: with no server up, it runs the command in its own JVM
     * and starts the server on {@code socket} beside it; with one up, the server runs it.
     */
    public static List<String> asLauncher(Path socket, String... args) {
        List<String> command = THROUGH_SERVER.command(socket, args);
        command.remove("-D" + Client.AWAIT_PROPERTY + "=true");
        return command;
    }

    /**
     * The command line of the launcher's C client as the launcher runs it: with no server up, it hands over to the
     * Java client, which runs the command in its own JVM, and starts the server on {@code socket} once that JVM
     * has exited; with one up, the server runs it.
     */
    public static List<String> asNativeLauncher(Path socket, String... args) {
        List<String> command = THROUGH_NATIVE_CLIENT.command(socket, args);
        command.remove("-D" + Client.AWAIT_PROPERTY + "=true");
        return command;
    }

    /**
     * The C client without a Java client to hand over to ({@code false} in its place): it must find the server
     * itself, or the command fails.
     */
    public static List<String> nativeClientOnly(String... args) {
        List<String> command =
                new ArrayList<>(List.of(nativeClient().toString(), serverFile().toString(), "false", "--"));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the server on {@code socket} (if none runs) and has its address written for the C client. */
    public static void startServer(Path socket) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(THROUGH_SERVER.command(socket, "--version"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jbake --version through the server exited " + process.exitValue());
        }
    }

    /** Where the Java client describes the server of the classes under test, for the C client. */
    private static Path serverFile() {
        try {
            return Path.of(Path.of(ClientMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI()) + ".server");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The C client, compiled once per test run. */
    public static synchronized Path nativeClient() {
        if (nativeClient == null) {
            try {
                Path binary = Files.createTempFile("jbake-client", "");
                Process cc = new ProcessBuilder(
                                "cc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), "src/main/c/jbake-client.c")
                        .inheritIO()
                        .start();
                if (cc.waitFor() != 0) {
                    throw new IllegalStateException("cc failed on src/main/c/jbake-client.c");
                }
                binary.toFile().deleteOnExit();
                nativeClient = binary;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return nativeClient;
    }

    /** The server processes serving on {@code socket} (none or one). */
    public static List<ProcessHandle> servers(Path socket) {
        try {
            Path pidFile = Path.of(socket + ".pid");
            return Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).stream()
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the server on {@code socket}, if one runs, and waits for its end. */
    public static void stopServer(Path socket) {
        for (ProcessHandle server : servers(socket)) {
            server.destroyForcibly();
            server.onExit().join();
        }
    }
}
