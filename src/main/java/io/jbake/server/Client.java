package io.jbake.server;

import io.jbake.buildkit.progress.TerminalDevice;
import io.jbake.io.ChannelStreams;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The jbake command as the launcher runs it: hands the command to this jar's {@link Server} when one is up and
 * plays its part there: passes on the arguments, environment, working directory, the terminal
 * of stderr, Ctrl-C and resizes; writes what the command prints; exits with its exit code. It loads no more
 * than it needs for that, so it starts in a fraction of jbake's own start-up. When none is up, the command runs in
 * this JVM and a server starts beside it for the commands that follow.
 *
 * <p>{@code JBAKE_SERVER=0} runs the command in this JVM instead (the caller does, {@code io.jbake.cli.ClientMain}),
 * and so does a machine where no server can be started (no private directory for its socket, no {@code setsid});
 * the output is the same.
 */
public final class Client {
    /** The system property naming the class-data archive the launcher uses, which the server starts with too. */
    static final String ARCHIVE_PROPERTY = "jbake.cds";

    /**
     * The system property that has a client wait for the server it starts and run its command there, as every
     * command did before the first one ran in-process (tests of the server, which must reach one).
     */
    public static final String AWAIT_PROPERTY = "jbake.server.await";

    /**
     * The system property naming the pipe to the C client's server starter ({@code /proc/self/fd/N}), which
     * starts the server described on it once this JVM has exited: a command that ran in-process for want of a
     * server then neither waits for the server's start nor shares the cores with it (src/main/c/jbake-client.c).
     */
    static final String STARTER_PROPERTY = "jbake.server.starter";

    private static final long SERVER_START_MILLIS = 30_000;
    private static final int START_ATTEMPTS = 3;

    private final DataOutputStream toServer;

    private Client(DataOutputStream toServer) {
        this.toServer = toServer;
    }

    /**
     * Runs the command {@code args} on this jar's server; when none is up, returns empty (the caller runs the
     * command, then {@link #startServer}), or with {@link #AWAIT_PROPERTY} starts one ({@code serverMain}, a class
     * whose {@code main} takes the socket, as {@link Server#run}), waits for it and runs the command there.
     *
     * @return the command's exit code, or empty when it is to run in this JVM instead
     */
    public static OptionalInt runOnServer(String[] args, Class<?> serverMain) throws IOException {
        Map<String, String> env = System.getenv();
        Optional<ServerAddress> address = "0".equals(env.get("JBAKE_SERVER")) ? Optional.empty() : ThisJar.ADDRESS;
        // A server that stops as this client connects (idle, its jar changed, killed) takes no command; the next
        // attempt finds it gone and starts another.
        boolean await = Boolean.getBoolean(AWAIT_PROPERTY);
        // (without it, a command that finds no server runs in this JVM: see startServer)
        for (int attempt = 0; attempt < START_ATTEMPTS && address.isPresent(); attempt++) {
            SocketChannel channel = await
                    ? connectOrStart(address.get(), serverMain)
                    : connect(address.get().socket());
            if (channel == null) {
                break;
            }
            OptionalInt code = runOn(channel, address.get(), args, env);
            if (code.isPresent()) {
                return code;
            }
        }
        return OptionalInt.empty();
    }

    /** Runs the command on the server at the end of {@code channel}: its exit code, or empty if not taken. */
    private static OptionalInt runOn(
            SocketChannel channel, ServerAddress address, String[] args, Map<String, String> env) throws IOException {
        DataOutputStream toServer = new DataOutputStream(new BufferedOutputStream(ChannelStreams.output(channel)));
        DataInputStream fromServer = new DataInputStream(new BufferedInputStream(ChannelStreams.input(channel), 65536));
        Client client = new Client(toServer);
        String terminal = TerminalDevice.stderrPath().map(Path::toString).orElse("");
        try {
            client.send(
                    ServerProtocol.RUN,
                    new ServerProtocol.Run(Path.of("").toAbsolutePath(), Arrays.asList(args), env, terminal).encode());
            if (ServerProtocol.read(fromServer).kind() != ServerProtocol.STARTED) {
                throw new IOException("no STARTED");
            }
        } catch (IOException e) {
            channel.close();
            return OptionalInt.empty();
        }
        address.describeForNativeClient(env);
        client.passOnSignals(!terminal.isEmpty());
        return OptionalInt.of(client.relay(
                fromServer,
                address.log(),
                System.in,
                new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err)));
    }

    /**
     * Runs {@code run} on the server at the end of {@code channel} with these streams for the command's stdin,
     * stdout and stderr (a test's, in place of this process's): its exit code.
     */
    public static int run(
            SocketChannel channel,
            ServerProtocol.Run run,
            Path log,
            InputStream stdin,
            OutputStream stdout,
            OutputStream stderr)
            throws IOException {
        DataOutputStream toServer = new DataOutputStream(new BufferedOutputStream(ChannelStreams.output(channel)));
        DataInputStream fromServer = new DataInputStream(new BufferedInputStream(ChannelStreams.input(channel), 65536));
        Client client = new Client(toServer);
        client.send(ServerProtocol.RUN, run.encode());
        if (ServerProtocol.read(fromServer).kind() != ServerProtocol.STARTED) {
            throw new IOException("the server did not take the command");
        }
        return client.relay(fromServer, log, stdin, stdout, stderr);
    }

    /**
     * A connection to the server, started first when none answers; null when it cannot be started or does not
     * come up (the command then runs in this JVM).
     */
    private static SocketChannel connectOrStart(ServerAddress address, Class<?> serverMain) {
        SocketChannel channel = connect(address.socket());
        if (channel != null) {
            return channel;
        }
        Process server;
        try {
            server = start(address, serverMain);
        } catch (IOException e) {
            return null; // no setsid, no java: run in-process
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVER_START_MILLIS);
        while (System.nanoTime() < deadline) {
            channel = connect(address.socket());
            if (channel != null) {
                return channel;
            }
            if (!server.isAlive() && server.exitValue() != 0) {
                break;
            }
            // (a server that exited 0 found another one starting: wait for that one's socket)
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println(
                "jbake: the jbake server did not start (its log: " + address.log() + "); running without it");
        return null;
    }

    /**
     * Starts this jar's server ({@code serverMain}) for the commands that follow, when none is up and servers are
     * on: called after a command that ran in this JVM for want of one, so a first command never waits for a
     * server's start (a JVM's start and the socket's). Under the C client the server starts once this JVM has
     * exited ({@link #STARTER_PROPERTY}); without it, now. Not when the server's lock is held: a server is
     * starting (another first command started it) or serving; and when two first commands both find it free, the
     * server that loses the lock exits at once ({@link Server#run}). The C client is told where the server will listen, so the next command
     * connects to it without a JVM.
     */
    public static void startServer(Class<?> serverMain) {
        Map<String, String> env = System.getenv();
        if ("0".equals(env.get("JBAKE_SERVER"))) {
            return;
        }
        ServerAddress address = ThisJar.ADDRESS.orElse(null);
        if (address == null) {
            return;
        }
        try (FileChannel lockFile =
                FileChannel.open(address.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock free = lockFile.tryLock();
            if (free == null) {
                return;
            }
            free.release();
        } catch (IOException | OverlappingFileLockException e) {
            return;
        }
        try {
            String starter = System.getProperty(STARTER_PROPERTY);
            if (starter != null) {
                // left open: the starter reads to the end of its pipe, which comes when this JVM has exited
                OutputStream toStarter = new FileOutputStream(starter);
                toStarter.write(launch(address, serverMain).encode());
                toStarter.flush();
            } else {
                start(address, serverMain);
            }
        } catch (IOException e) {
            return; // no setsid, no java: every command runs in-process
        }
        address.describeForNativeClient(env);
    }

    /**
     * This JVM's server address, found once: a first command asks for it before it runs and again after, to start
     * the server ({@link #startServer}); what it depends on (the jar, the user, the process's environment) is the
     * same both times.
     */
    private static final class ThisJar {
        static final Optional<ServerAddress> ADDRESS = ServerAddress.forThisJar(System.getenv());
    }

    private static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null; // a socket left by a server that was killed
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts the server in a session of its own (so a Ctrl-C at the terminal reaches this client, which passes
     * it on, and not the server), as {@link #launch} describes it.
     */
    private static Process start(ServerAddress address, Class<?> serverMain) throws IOException {
        ServerLaunch launch = launch(address, serverMain);
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new java.io.File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        return builder.start();
    }

    /**
     * How this jar's server is started: in {@code /} (each command brings its directory; the server keeps none
     * busy), its output appended to its log, with an environment of only what a JVM needs: each command brings
     * its own, and a secret in the first command's environment must not stay in the server's. Only C1 compiles
     * (as in-process): a warm 13-target bake then took 0.24 s of the server's CPU from its third command on,
     * with C2 as well 0.45-0.7 s through the tenth, whose compilations competed with the builds for the cores
     * (2 cores, 10 commands per server, twice each). A young generation of 32 MiB, not a share of the machine's
     * memory: the server's resident size otherwise grew to 400 MB over a benchmark's commands on 24 GiB. A heap
     * of at most 512 MiB, not a quarter of the machine: a runaway command cannot take the machine's memory, and
     * the server's full collections, which stop every command, stay short (their time grows with what lives);
     * half of it is what the server fails a command at ({@link Server}), several times what the largest bakes
     * measured need. A heap that starts small grows by collections that are short while it is small, so a
     * runaway is caught at the first one past half, not after one long collection of a heap grown at once.
     * {@code JBAKE_SERVER_JAVA_OPTS} adds JVM options (a later {@code -Xmx} wins).
     */
    private static ServerLaunch launch(ServerAddress address, Class<?> serverMain) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss8m",
                "-Xmn32m",
                "-Xms64m",
                "-Xmx512m",
                "-XX:-UsePerfData"));
        String archive = System.getProperty(ARCHIVE_PROPERTY, "");
        if (!archive.isEmpty() && Files.size(Path.of(archive)) > 0) {
            command.addAll(List.of(
                    "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        String options =
                System.getenv().getOrDefault("JBAKE_SERVER_JAVA_OPTS", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        String idle = System.getProperty(Server.IDLE_PROPERTY);
        if (idle != null) {
            command.add("-D" + Server.IDLE_PROPERTY + "=" + idle);
        }
        command.addAll(List.of(
                "-cp",
                absoluteClassPath(),
                serverMain.getName(),
                address.socket().toString()));
        Map<String, String> environment = new TreeMap<>(System.getenv());
        environment
                .keySet()
                .retainAll(List.of(
                        "PATH",
                        "HOME",
                        "USER",
                        "LOGNAME",
                        "LANG",
                        "LC_ALL",
                        "LC_CTYPE",
                        "TZ",
                        "TMPDIR",
                        "XDG_RUNTIME_DIR"));
        return new ServerLaunch(command, environment, address.log());
    }

    /** This JVM's class path with each entry absolute: the server runs elsewhere ({@code /}). */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * Ctrl-C, {@code kill} (SIGTERM) and the terminal's hang-up become interrupts at the server, which cancels
     * the command; with a terminal, so do its resizes. The server
     * gives up a command that does not stop and says so ({@link Interrupts}); a server that does not answer at
     * all is left after a longer grace, with the exit code of an interrupt.
     */
    private void passOnSignals(boolean terminal) {
        new Interrupts(Interrupts.GRACE_MILLIS + 5_000) {
            @Override
            protected Registration listen(Runnable onInterrupt) {
                return Signals.PROCESS.listen(onInterrupt);
            }

            @Override
            protected void giveUp() {
                Runtime.getRuntime().halt(INTERRUPTED_EXIT);
            }
        }.onInterrupt(() -> sendQuietly(ServerProtocol.INTERRUPT, new byte[0])); // the client's life long
        if (terminal) {
            TerminalDevice.onWindowChange(() -> sendQuietly(ServerProtocol.RESIZE, new byte[0]));
        }
    }

    /** Writes what the server sends until its exit code, which is returned; passes on stdin when asked. */
    private int relay(DataInputStream fromServer, Path log, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws IOException {
        boolean stdoutOpen = true;
        while (true) {
            ServerProtocol.Frame frame;
            try {
                frame = ServerProtocol.read(fromServer);
            } catch (IOException e) {
                stderr.write(("jbake: the jbake server ended during the command (its log: " + log + ")\n").getBytes());
                return 1;
            }
            switch (frame.kind()) {
                case ServerProtocol.OUT -> {
                    if (stdoutOpen) {
                        try {
                            stdout.write(frame.payload());
                        } catch (IOException e) {
                            stdoutOpen =
                                    false; // a closed pipe (| head): the rest is dropped, as the JVM's System.out would
                        }
                    }
                }
                case ServerProtocol.ERR -> stderr.write(frame.payload());
                case ServerProtocol.READ_STDIN -> passOnStdin(stdin);
                case ServerProtocol.EXIT -> {
                    return ServerProtocol.exitCode(frame.payload());
                }
                default -> {} // nothing else comes from a server
            }
        }
    }

    private void passOnStdin(InputStream stdin) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[65536];
                    try (InputStream in = stdin) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            send(ServerProtocol.STDIN, Arrays.copyOf(buffer, n));
                        }
                    } catch (IOException e) {
                        // stdin unreadable or the server gone: the end of stdin is all the server can be told
                    }
                    sendQuietly(ServerProtocol.STDIN_END, new byte[0]);
                },
                "jbake-client-stdin");
        pump.setDaemon(true);
        pump.start();
    }

    private void send(byte kind, byte[] payload) throws IOException {
        synchronized (toServer) {
            ServerProtocol.write(toServer, kind, payload);
        }
    }

    private void sendQuietly(byte kind, byte[] payload) {
        try {
            send(kind, payload);
        } catch (IOException e) {
            // the server is gone; relay() reports it
        }
    }
}
