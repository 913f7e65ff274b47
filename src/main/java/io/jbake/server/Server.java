package io.jbake.server;

import io.jbake.buildkit.progress.TerminalDevice;
import io.jbake.hcl.limits.Limits;
import io.jbake.io.BlockInputStream;
import io.jbake.io.ChannelStreams;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import sun.misc.Signal;

/**
 * The jbake server: one JVM that stays up between jbake commands and runs each of them for a {@link Client},
 * so that a command costs a small client's start instead of a whole JVM's start and warm-up (class loading,
 * interpretation, JIT compilation: about 0.8 s of CPU for a 13-target bake, against 0.2 s in a warm JVM).
 *
 * <p>Each command runs as jbake run in-process would (the {@link CommandRunner} it is started with), with
 * everything it reads from its
 * surroundings taken from its client: arguments, environment, working directory, stdin, the terminal of its
 * stderr, Ctrl-C; its stdout and stderr go back to the client, and so does its exit code. Commands of several
 * clients run at once, each on a thread of its own. Only the server's own user may connect (checked by the
 * peer's credentials, besides the socket's private directory).
 *
 * <p>The server ends itself when it has been idle for {@link #IDLE_PROPERTY} seconds (3 hours by default, as
 * Gradle's and Bazel's servers) or when its jar has changed, so rebuilding jbake leaves no old servers behind.
 *
 * <p>One command must not harm the others. A command whose client goes away is cancelled ({@code
 * app.CommandInterrupt}). A command that exhausts the heap ({@code -Xmx}, {@link Client}) fails with
 * {@link HeapLimit#exhausted}; one that fills it is failed before that ({@link HeapLimit#watch}: the command
 * that allocated the most). After an {@link OutOfMemoryError} anywhere, or a command that did not stop after its
 * interrupt, the server retires: it takes no more commands (the next client starts a fresh server) and ends once
 * the commands it runs have ended. SIGTERM ends it soon, waiting {@link #TERMINATE_MILLIS} at most: its
 * commands' clients are told, and the commands cancelled.
 */
public final class Server {
    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** The system property for the idle time in seconds after which the server ends. */
    public static final String IDLE_PROPERTY = "jbake.server.idleSeconds";

    private static final long DEFAULT_IDLE_SECONDS = 3 * 60 * 60;
    private static final long CHECK_SECONDS = 5;
    /** How long a server ended by SIGTERM waits for its cancelled commands to end before it halts. */
    static final long TERMINATE_MILLIS = 1_000;
    /**
     * How full the old generation may stay after a collection before its biggest command is failed: half, so
     * that the command's cancellation has the other half to end in without the heap running out for the others.
     */
    private static final double HEAP_FULL = 0.5;

    private static final String OPTIONS_VARIABLE = "JBAKE_SERVER_JAVA_OPTS";

    private final ServerAddress address;
    /**
     * Held for the server's life: it tells other servers this one is alive ({@link #removeLeftovers}). A field,
     * so that it stays reachable: an unreachable channel is closed by its cleaner, and its lock released.
     */
    private final FileLock lock;

    private final ServerSocketChannel listener;
    private final UserPrincipal owner;
    private final CommandRunner commands;
    /** The commands running, but for those given up after their interrupt. */
    private final Set<Connection> running = ConcurrentHashMap.newKeySet();

    private volatile long idleSince = System.nanoTime();

    private Server(
            ServerAddress address,
            FileLock lock,
            ServerSocketChannel listener,
            UserPrincipal owner,
            CommandRunner commands) {
        this.address = address;
        this.lock = lock;
        this.listener = listener;
        this.owner = owner;
        this.commands = commands;
    }

    /**
     * Serves {@code commands} on {@code socket} until idle, then exits the JVM; returns at once when another server
     * holds the socket.
     */
    public static void run(Path socket, CommandRunner commands) throws IOException, URISyntaxException {
        ServerAddress address = ServerAddress.at(socket);
        // Two clients may start a server at once: the lock decides which one serves, before the socket is touched.
        FileChannel lockFile =
                FileChannel.open(address.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            return;
        }
        Files.deleteIfExists(socket); // left by a server that was killed
        removeLeftovers(address);
        // whole before the socket is there: whoever finds the socket finds the server's process id
        Path pidWritten = Files.writeString(
                Path.of(address.pidFile() + "." + ProcessHandle.current().pid()),
                ProcessHandle.current().pid() + "\n");
        Files.move(pidWritten, address.pidFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        UserPrincipal owner = Files.getOwner(socket);
        long idleSeconds = Long.getLong(IDLE_PROPERTY, DEFAULT_IDLE_SECONDS);
        Server server = new Server(address, lock, listener, owner, commands);
        // kill, a machine's shutdown (the server has no terminal, so no Ctrl-C or hang-up but sent by kill)
        for (String signal : List.of("TERM", "INT", "HUP")) {
            Signal.handle(new Signal(signal), server::terminate);
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                server.outOfMemory(null);
            }
            System.err.println("jbake server: " + thread.getName() + ": " + e);
        });
        HeapLimit.watch(HEAP_FULL, server::heapFull);
        server.serve(idleSeconds);
    }

    /**
     * Removes what servers that were killed left next to this one's socket (a server that ends by itself removes
     * its own files): a lock file that no process holds locked (a held one fails {@link FileChannel#tryLock})
     * belongs to no live server, nor do the files named after its socket.
     */
    private static void removeLeftovers(ServerAddress address) {
        Path dir = address.socket().getParent();
        try (var locks = Files.newDirectoryStream(dir, "*.sock.lock")) {
            for (Path lockFile : locks) {
                if (lockFile.equals(address.lockFile())) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    FileLock held = channel.tryLock();
                    if (held == null) {
                        continue; // a live server's
                    }
                    for (Path file : address.ofLockFile(lockFile).files()) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                    // another server sweeps at the same time, or the file is gone: leave it
                }
            }
        } catch (IOException e) {
            // nothing to sweep
        }
    }

    private void serve(long idleSeconds) throws IOException {
        String stamp = ServerAddress.stamp(address.codeSource());
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jbake-server-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(
                () -> {
                    try {
                        boolean idle = running.isEmpty()
                                && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(idleSeconds);
                        if (idle || !stamp.equals(stampNow())) {
                            stop();
                        }
                    } catch (RuntimeException | Error e) {
                        // checked again at the next turn (a task that throws would never run again)
                    }
                },
                CHECK_SECONDS,
                CHECK_SECONDS,
                TimeUnit.SECONDS);
        while (listener.isOpen()) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                break; // closed by stop()
            }
            Connection command = new Connection(connection);
            running.add(command);
            Thread thread = new Thread(
                    null,
                    () -> {
                        try {
                            command.serve();
                        } finally {
                            idleSince = System.nanoTime();
                            running.remove(command);
                        }
                    },
                    "jbake-server-run",
                    Limits.STACK_BYTES); // the stack a command run in-process gets
            thread.setDaemon(true);
            thread.start();
        }
        // running commands finish (their clients wait for them); then the JVM ends, and with it a command given up
        while (!running.isEmpty()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        // the files are gone before the JVM is: stop() may still be removing them on the thread that closed the
        // listener, and the exit would end that thread midway
        stop();
        System.exit(0);
    }

    private String stampNow() {
        try {
            return ServerAddress.stamp(address.codeSource());
        } catch (IOException e) {
            return ""; // the jar is gone
        }
    }

    /**
     * After an {@link OutOfMemoryError}: fails the command that ran out ({@code command}; when it is not known,
     * the one that allocated the most, {@link #culprit}) and retires the server, whose state an error thrown at any allocation may
     * have left broken.
     */
    private void outOfMemory(Connection command) {
        Optional<Connection> failed = command != null ? Optional.of(command) : biggest();
        failed.ifPresent(c -> c.fail(HeapLimit.exhausted(OPTIONS_VARIABLE)));
        retire("out of memory");
    }

    /**
     * The heap stays nearly full after collections: the command that allocated the most is failed before the
     * heap is exhausted, which would fail whatever command allocates next, and before collections take up the
     * server. Its memory is free once its evaluation sees the interrupt.
     */
    private void heapFull() {
        biggest().ifPresent(c -> c.fail(HeapLimit.exhausted(OPTIONS_VARIABLE)));
    }

    /** The running command to blame for a full heap: {@link #culprit}. */
    private Optional<Connection> biggest() {
        return culprit(running, Connection::allocated, Runtime.getRuntime().maxMemory());
    }

    /**
     * Of {@code commands}, the one whose thread allocated the most since it started, if that is at least a quarter
     * of the heap's limit. An error thrown in a thread of no command (or a collection's notice) may come after the
     * command that filled the heap has already ended; a command that allocated little did not fill it and is
     * not failed for it.
     */
    static <C> Optional<C> culprit(Collection<C> commands, ToLongFunction<C> allocated, long heapLimit) {
        return commands.stream()
                .filter(command -> allocated.applyAsLong(command) >= heapLimit / 4)
                .max(Comparator.comparingLong(allocated));
    }

    /**
     * Takes no more commands (the next client starts a fresh server) and ends once the commands running end: the
     * server may be broken ({@code reason}, written to its log).
     */
    private void retire(String reason) {
        System.err.println("jbake server: " + reason + "; it takes no more commands and ends after those running");
        stop();
    }

    /**
     * SIGTERM (or INT, HUP): the server takes no more commands and removes its files; the running commands'
     * clients are told and exit 1, their commands are cancelled (builds at the daemon too), and the server halts
     * once they have ended or {@link #TERMINATE_MILLIS} passed, whatever they do.
     */
    private void terminate(Signal signal) {
        stop();
        for (Connection command : running) {
            command.fail("ERROR: the jbake server was stopped (SIG" + signal.getName() + ") during the command");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATE_MILLIS);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break;
            }
        }
        Runtime.getRuntime().halt(128 + signal.getNumber());
    }

    /**
     * Stops taking commands (a client that comes now starts a new server) and removes the server's files, its
     * log too unless something was written there. Once only at a time: the last call returns when they are gone.
     */
    private synchronized void stop() {
        try {
            listener.close();
        } catch (IOException e) {
            // the accept loop ends either way
        }
        try {
            for (Path file : address.files()) {
                if (!file.equals(address.log()) || Files.exists(file) && Files.size(file) == 0) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // left for the next server of this jar, which replaces them
        }
    }

    /** One client's command: the interrupts it sends, its streams, its exit code. */
    private final class Connection extends Interrupts {
        private static final byte[] END_OF_STDIN = new byte[0];

        private final SocketChannel channel;
        private final DataOutputStream toClient;
        private final List<Runnable> interruptListeners = new CopyOnWriteArrayList<>();
        private final List<Runnable> resizeListeners = new CopyOnWriteArrayList<>();
        private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
        private boolean stdinAsked;
        private boolean ended;
        private volatile Thread thread;
        private volatile long allocatedBefore;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.toClient = new DataOutputStream(new BufferedOutputStream(ChannelStreams.output(channel), 65536));
        }

        /** What the command's thread allocated since the command started, in bytes. */
        long allocated() {
            Thread commandThread = thread;
            return commandThread == null
                    ? 0
                    : ALLOCATIONS.getThreadAllocatedBytes(commandThread.getId()) - allocatedBefore;
        }

        void serve() {
            thread = Thread.currentThread();
            allocatedBefore = ALLOCATIONS.getThreadAllocatedBytes(thread.getId());
            try (channel) {
                UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                if (!peer.user().equals(owner)) {
                    return;
                }
                DataInputStream fromClient =
                        new DataInputStream(new BufferedInputStream(ChannelStreams.input(channel)));
                ServerProtocol.Frame first = ServerProtocol.read(fromClient);
                if (first.kind() != ServerProtocol.RUN) {
                    return;
                }
                ServerProtocol.Run run = ServerProtocol.Run.decode(first.payload());
                send(ServerProtocol.STARTED, new byte[0], 0, 0);
                Thread reader = new Thread(() -> readFrom(fromClient), "jbake-server-client");
                reader.setDaemon(true);
                reader.start();
                PrintStream out = Console.utf8(new FrameStream(ServerProtocol.OUT));
                PrintStream err = Console.utf8(new FrameStream(ServerProtocol.ERR));
                Optional<TerminalDevice> terminal = run.terminal().isEmpty()
                        ? Optional.empty()
                        : Optional.of(new TerminalDevice(Path.of(run.terminal()), resizeListeners::add));
                Console console = new Console(new ClientStdin(), out, err, terminal, this);
                int code;
                try {
                    code = commands.run(run.args().toArray(String[]::new), run.env(), run.workDir(), console);
                } catch (OutOfMemoryError e) {
                    outOfMemory(this);
                    code = 1;
                } catch (RuntimeException | Error e) {
                    err.println("ERROR: " + e);
                    code = 1;
                }
                out.flush();
                err.flush();
                end(code);
            } catch (IOException e) {
                // the client went away; its command was cancelled by readFrom
            }
        }

        /**
         * Sends one frame, unless the command has ended for the client ({@link #end}): a command given up after an
         * interrupt may still write, and its client must not see it. Frames come from several threads. The channel
         * is one an interrupt closes, and the command's own thread writes too: its interrupt ({@link #interrupt})
         * waits for a write to end, and is put aside during one.
         */
        private void send(byte kind, byte[] payload, int offset, int length) throws IOException {
            synchronized (toClient) {
                if (!ended) {
                    boolean interrupted = Thread.interrupted();
                    try {
                        ServerProtocol.write(toClient, kind, payload, offset, length);
                    } finally {
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        }

        @Override
        public void interrupt(Thread commandThread) {
            synchronized (toClient) {
                commandThread.interrupt();
            }
        }

        /**
         * Ends the command for its client with {@code error} and exit code 1 at once, and cancels it: the server
         * fails it (its memory, the server's end).
         */
        void fail(String error) {
            try {
                byte[] message = (error + "\n").getBytes(StandardCharsets.UTF_8);
                send(ServerProtocol.ERR, message, 0, message.length);
                end(1);
            } catch (IOException e) {
                // the client is gone already
            }
            interruptListeners.forEach(Runnable::run);
        }

        /** Sends the exit code, once: the command's end, or a give-up after an interrupt. */
        private void end(int code) throws IOException {
            synchronized (toClient) {
                byte[] payload = ServerProtocol.exitPayload(code);
                send(ServerProtocol.EXIT, payload, 0, payload.length);
                ended = true;
            }
        }

        private void readFrom(DataInputStream fromClient) {
            try {
                while (true) {
                    ServerProtocol.Frame frame = ServerProtocol.read(fromClient);
                    switch (frame.kind()) {
                        case ServerProtocol.STDIN -> stdin.add(frame.payload());
                        case ServerProtocol.STDIN_END -> stdin.add(END_OF_STDIN);
                        case ServerProtocol.INTERRUPT -> interruptListeners.forEach(Runnable::run);
                        case ServerProtocol.RESIZE -> resizeListeners.forEach(Runnable::run);
                        default -> {} // nothing else comes from a client
                    }
                }
            } catch (IOException e) {
                // EOFException: the client is gone (killed, or its terminal closed): its command is cancelled as on
                // Ctrl-C, and a read of stdin ends
                stdin.add(END_OF_STDIN);
                interruptListeners.forEach(Runnable::run);
            }
        }

        @Override
        protected Registration listen(Runnable onInterrupt) {
            interruptListeners.add(onInterrupt);
            return () -> interruptListeners.remove(onInterrupt);
        }

        /**
         * The command did not stop after its interrupt: its client is told and let go. Its thread may run on; the
         * server no longer waits for it and retires.
         */
        @Override
        protected void giveUp() {
            try {
                byte[] message = (GIVE_UP_MESSAGE + "\n").getBytes(StandardCharsets.UTF_8);
                send(ServerProtocol.ERR, message, 0, message.length);
                end(INTERRUPTED_EXIT);
                channel.close();
            } catch (IOException e) {
                // the client is gone already
            }
            running.remove(this);
            retire("a command did not stop within " + GRACE_MILLIS / 1000 + "s of its interrupt");
        }

        /** One of the command's output streams, each write a frame. */
        private final class FrameStream extends OutputStream {
            private final byte kind;

            FrameStream(byte kind) {
                this.kind = kind;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                send(kind, bytes, offset, length);
            }
        }

        /** The client's stdin, asked for at the first read: most commands never read it. */
        private final class ClientStdin extends BlockInputStream {
            private byte[] chunk = new byte[0];
            private int position;
            private boolean atEnd;

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (position == chunk.length) {
                    if (atEnd) {
                        return -1;
                    }
                    askOnce();
                    try {
                        chunk = stdin.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("stdin");
                    }
                    position = 0;
                    atEnd = chunk == END_OF_STDIN;
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, into, offset, n);
                position += n;
                return n;
            }

            private void askOnce() throws IOException {
                if (!stdinAsked) {
                    stdinAsked = true; // only the command's thread reads stdin
                    send(ServerProtocol.READ_STDIN, new byte[0], 0, 0);
                }
            }
        }
    }
}
