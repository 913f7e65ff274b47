package io.jbake.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.app.BakeApplication;
import io.jbake.cli.CommandRun;
import io.jbake.cli.JbakeProcess;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jbake commands run by the jbake server for its client, as the launcher runs them: real client and server
 * processes on a real unix socket. Each command must behave exactly as in-process (output, exit code,
 * environment, working directory, stdin); the server is started once and serves every later command.
 */
class ServerTest {

    private static final String DEFINITION = """
      variable "TAG" {
        default = "latest"
      }
      target "app" {
        tags = ["app:${TAG}"]
      }
      """;

    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("server.sock");
    }

    @AfterEach
    void stopServer() {
        JbakeProcess.stopServer(socket());
    }

    /** Runs the Java client in {@code workDir} with {@code env} added to a clean environment and {@code stdin}. */
    private CommandRun client(Path workDir, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        return run(JbakeProcess.THROUGH_SERVER.command(socket(), args), workDir, env, stdin);
    }

    private CommandRun run(List<String> command, Path workDir, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().retainAll(List.of("PATH", "HOME"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client did not end");
        return new CommandRun(process.exitValue(), out, err.join());
    }

    /** The server's own output (its start-up failures), for assertion messages. */
    private String serverLog() throws IOException {
        Path log = Path.of(socket() + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no server log)";
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCommandPrintsAsInProcessAndOneServerServesTheNext() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        CommandRun inProcess = CommandRun.of(dir, Map.of(), "--print", "app");

        CommandRun first = client(dir, Map.of(), "", "--print", "app");
        List<ProcessHandle> servers = JbakeProcess.servers(socket());
        CommandRun second = client(dir, Map.of(), "", "--print", "app");

        assertEquals(inProcess.withoutStepTimes(), first.withoutStepTimes());
        assertEquals(inProcess.withoutStepTimes(), second.withoutStepTimes());
        assertEquals(0, first.code());
        assertEquals(1, servers.size(), serverLog());
        assertEquals(servers, JbakeProcess.servers(socket()), "the second command was served by the same server");
    }

    /**
     * As the launcher runs it, a first command does not wait for a server: it runs in its own JVM (a server that
     * cannot start does not show), and the server started beside it serves the next commands, the C client's too.
     * Two first commands at once leave one server.
     */
    @Test
    void aFirstCommandRunsInItsOwnJvmWhileTheServerStartsBesideIt() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        CommandRun inProcess = CommandRun.of(dir, Map.of(), "--print", "app");

        CommandRun noServer = run(
                JbakeProcess.asLauncher(socket(), "--print", "app"),
                dir,
                Map.of("JBAKE_SERVER_JAVA_OPTS", "-XX:+NoSuchJvmOption"),
                "");
        assertEquals(inProcess.withoutStepTimes(), noServer.withoutStepTimes());
        assertEquals(List.of(), JbakeProcess.servers(socket()));

        List<Process> firsts = List.of(
                new ProcessBuilder(JbakeProcess.asLauncher(socket(), "--print", "app"))
                        .directory(dir.toFile())
                        .start(),
                new ProcessBuilder(JbakeProcess.asLauncher(socket(), "--print", "app"))
                        .directory(dir.toFile())
                        .start());
        for (Process first : firsts) {
            assertEquals(inProcess.out(), read(first.getInputStream()));
            assertEquals(0, first.waitFor());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (serverProcesses().size() != 1 || !Files.exists(socket())) {
            assertTrue(System.nanoTime() < deadline, "one server is up: " + serverProcesses() + serverLog());
            Thread.sleep(20);
        }
        List<ProcessHandle> server = JbakeProcess.servers(socket());
        assertEquals(serverProcesses(), server);

        CommandRun next = run(JbakeProcess.nativeClientOnly("--print", "app"), dir, Map.of(), "");
        assertEquals(inProcess.withoutStepTimes(), next.withoutStepTimes());
        assertEquals(server, JbakeProcess.servers(socket()), "the server started beside the first serves on");
    }

    /**
     * Under the C client, the server that a first command's JVM asks for starts once that JVM has exited, from a
     * starter of its own session holding nothing of the command's: the command's output ends with the command,
     * and the server runs in {@code /}, in a session of its own, with no stdin. A JVM killed before it asks starts
     * none, and its starter goes away.
     */
    @Test
    void underTheCClientTheServerStartsWhenTheFirstCommandsJvmHasExited() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        CommandRun inProcess = CommandRun.of(dir, Map.of(), "--print", "app");

        Process killed = new ProcessBuilder(JbakeProcess.asNativeLauncher(socket(), "-f", "-", "--print", "app"))
                .directory(dir.toFile())
                .start(); // waits for its definition on stdin
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (starters().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the C client started a starter");
            Thread.sleep(20);
        }
        killed.destroyForcibly().waitFor();
        while (!starters().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the starter of a killed command ends: " + starters());
            Thread.sleep(20);
        }
        assertEquals(List.of(), serverProcesses(), "a command killed before it asked starts no server");

        Process first = new ProcessBuilder(JbakeProcess.asNativeLauncher(socket(), "-f", "-", "--print", "app"))
                .directory(dir.toFile())
                .start();
        try (var in = first.getOutputStream()) {
            in.write(DEFINITION.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(inProcess.out(), read(first.getInputStream()), "the output ends with the command");
        assertEquals(0, first.waitFor());
        while (serverProcesses().size() != 1 || !Files.exists(socket())) {
            assertTrue(System.nanoTime() < deadline, "one server is up: " + serverProcesses() + serverLog());
            Thread.sleep(20);
        }
        long server = serverProcesses().get(0).pid();
        Path proc = Path.of("/proc", Long.toString(server));
        assertEquals(Path.of("/"), Files.readSymbolicLink(proc.resolve("cwd")));
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(proc.resolve("fd/0")));
        assertEquals(Path.of(socket() + ".log"), Files.readSymbolicLink(proc.resolve("fd/1")));
        String stat = Files.readString(proc.resolve("stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.toString(server), afterName[3], "the server leads a session of its own");
        assertEquals(JbakeProcess.servers(socket()), List.of(serverProcesses().get(0)));
        assertEquals(List.of(), starters(), "the starter became the server");
    }

    /**
     * The C client connects to the server the Java client last described only under the same
     * {@code XDG_RUNTIME_DIR}: under another one (or none) it hands over to the Java client, which finds the
     * server of that directory, as every command in it would.
     */
    @Test
    void theCClientUsesTheDescribedServerOnlyUnderTheSameRuntimeDirectory() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        JbakeProcess.startServer(socket());
        Path described = Files.createDirectory(dir.resolve("runtime"));
        ServerAddress.at(socket()).describeForNativeClient(Map.of("XDG_RUNTIME_DIR", described.toString()));
        CommandRun expected = CommandRun.of(dir, Map.of(), "--print", "app");

        CommandRun same = run(
                JbakeProcess.nativeClientOnly("--print", "app"),
                dir,
                Map.of("XDG_RUNTIME_DIR", described.toString()),
                "");
        CommandRun other = run(
                JbakeProcess.nativeClientOnly("--print", "app"), dir, Map.of("XDG_RUNTIME_DIR", dir.toString()), "");
        CommandRun none = run(JbakeProcess.nativeClientOnly("--print", "app"), dir, Map.of(), "");

        assertEquals(expected.withoutStepTimes(), same.withoutStepTimes());
        assertEquals(new CommandRun(1, "", ""), other, "handed over to the Java client (false here)");
        assertEquals(new CommandRun(1, "", ""), none, "handed over to the Java client (false here)");
    }

    /** The C client's server starters of this test's socket: copies of the C client, found by its command line. */
    private List<ProcessHandle> starters() {
        String starterArguments = "io.jbake.cli.ClientMain\0--\0-f\0-\0";
        return ProcessHandle.allProcesses()
                .filter(process -> {
                    try {
                        String commandLine =
                                Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
                        return commandLine.startsWith(JbakeProcess.nativeClient() + "\0")
                                && commandLine.contains(socket() + "\0")
                                && commandLine.contains(starterArguments);
                    } catch (IOException e) {
                        return false; // ended meanwhile, or not this user's
                    }
                })
                .toList();
    }

    /**
     * The server JVMs started for this test's socket, serving or about to exit: their command lines are read from
     * /proc, as {@link ProcessHandle.Info#commandLine} leaves out one as long as theirs (the class path).
     */
    private List<ProcessHandle> serverProcesses() {
        String serverArguments = "io.jbake.cli.ServerMain\0" + socket() + "\0";
        return ProcessHandle.allProcesses()
                .filter(process -> {
                    try {
                        return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                                .endsWith(serverArguments);
                    } catch (IOException e) {
                        return false; // ended meanwhile, or not this user's
                    }
                })
                .toList();
    }

    @Test
    void eachCommandHasItsOwnEnvironmentAndDirectory() throws Exception {
        Path one = Files.createDirectory(dir.resolve("one"));
        Path two = Files.createDirectory(dir.resolve("two"));
        Files.writeString(one.resolve("docker-bake.hcl"), DEFINITION);
        Files.writeString(
                two.resolve("docker-bake.hcl"),
                DEFINITION.replace("\"app\"", "\"web\"").replace("app:", "web:"));

        CommandRun fromOne = client(one, Map.of("TAG", "v1"), "", "--print", "app");
        CommandRun fromTwo = client(two, Map.of(), "", "--print", "web");

        assertEquals(
                CommandRun.of(one, Map.of("TAG", "v1"), "--print", "app").withoutStepTimes(),
                fromOne.withoutStepTimes());
        assertTrue(fromOne.out().contains("\"app:v1\""), fromOne.out());
        assertEquals(CommandRun.of(two, Map.of(), "--print", "web").withoutStepTimes(), fromTwo.withoutStepTimes());
        assertTrue(fromTwo.out().contains("\"web:latest\""), "TAG of the first command is not the second's");
    }

    @Test
    void aDefinitionReadFromStdinComesFromTheClient() throws Exception {
        CommandRun run = client(dir, Map.of("TAG", "piped"), DEFINITION, "-f", "-", "--print", "app");

        assertEquals(0, run.code(), run.err());
        assertEquals("""
        {
          "group": {
            "default": {
              "targets": [
                "app"
              ]
            }
          },
          "target": {
            "app": {
              "context": ".",
              "dockerfile": "Dockerfile",
              "tags": [
                "app:piped"
              ]
            }
          }
        }
        """, run.out());
    }

    /**
     * The launcher's C client: with a server up it passes on the command as the Java client does (arguments,
     * environment, directory, stdin, output, exit code); with none it hands over to the Java client.
     */
    @Test
    void theCClientRunsCommandsAsTheJavaClient() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        JbakeProcess.startServer(socket());
        List<ProcessHandle> server = JbakeProcess.servers(socket());

        // no Java client to hand over to: these are the C client's own
        CommandRun print = run(JbakeProcess.nativeClientOnly("--print", "app"), dir, Map.of("TAG", "native"), "");
        CommandRun piped = run(JbakeProcess.nativeClientOnly("-f", "-", "--print", "app"), dir, Map.of(), DEFINITION);
        CommandRun usage = run(JbakeProcess.nativeClientOnly("--no-such-flag"), dir, Map.of(), "");

        assertEquals(
                CommandRun.of(dir, Map.of("TAG", "native"), "--print", "app").withoutStepTimes(),
                print.withoutStepTimes());
        assertTrue(print.out().contains("\"app:native\""), print.out());
        assertEquals(0, piped.code(), piped.err());
        assertTrue(piped.out().contains("\"app:latest\""), piped.out());
        assertEquals(client(dir, Map.of(), "", "--no-such-flag").withoutStepTimes(), usage.withoutStepTimes());
        assertEquals(125, usage.code());
        assertEquals(server, JbakeProcess.servers(socket()), "one server served them all");

        JbakeProcess.stopServer(socket());
        CommandRun handedOver = run(
                JbakeProcess.THROUGH_NATIVE_CLIENT.command(socket(), "--print", "app"),
                dir,
                Map.of("TAG", "native"),
                "");
        assertEquals(print.withoutStepTimes(), handedOver.withoutStepTimes());
        assertEquals(1, JbakeProcess.servers(socket()).size(), "the Java client started a server");
    }

    /**
     * A command that waits for its stdin ({@code -f -}) after it printed its first line (the deprecation notice of
     * {@code --list-targets}, which comes before the definition is read): once that line is read, the command
     * runs at the server and the client listens for signals.
     */
    private record Waiting(Process client, CompletableFuture<String> err) {
        static final String FIRST_LINE =
                "Flag --list-targets has been deprecated, list-targets is deprecated, use list=targets instead";

        static Waiting start(List<String> command, Path workDir, Map<String, String> env) throws IOException {
            // SIGHUP at its default, as a terminal starts a client, even when the tests run under nohup (which
            // a client keeps: a hang-up it ignored is not an interrupt)
            List<String> withHangUp = new ArrayList<>(List.of("env", "--default-signal=HUP"));
            withHangUp.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(withHangUp).directory(workDir.toFile());
            builder.environment().keySet().retainAll(List.of("PATH", "HOME"));
            builder.environment().putAll(env);
            Process client = builder.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(client.getErrorStream()));
            String first = new java.io.BufferedReader(
                            new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertEquals(FIRST_LINE, first, () -> "stderr: " + err.join());
            return new Waiting(client, err);
        }

        static List<String> args() {
            return List.of("--list-targets", "-f", "-");
        }

        /** The last line the client wrote to stderr, once it ended (within a generous bound). */
        String lastErrorLine() throws InterruptedException {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client did not end");
            List<String> lines = err.join().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        assertEquals(
                0,
                new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                        .start()
                        .waitFor());
    }

    /**
     * Ctrl-C, SIGTERM and SIGHUP of a client (Java or C) are passed on: the server cancels the command, which
     * waits for its stdin here, and the client ends at once with exit 130 and buildx's words for a cancelled
     * context; the server serves on.
     */
    @ParameterizedTest
    @CsvSource({
        "THROUGH_SERVER,INT",
        "THROUGH_SERVER,TERM",
        "THROUGH_SERVER,HUP",
        "THROUGH_NATIVE_CLIENT,INT",
        "THROUGH_NATIVE_CLIENT,TERM",
        "THROUGH_NATIVE_CLIENT,HUP"
    })
    void anInterruptOfTheClientCancelsTheCommand(JbakeProcess how, String signal) throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        JbakeProcess.startServer(socket());
        List<ProcessHandle> server = JbakeProcess.servers(socket());
        Waiting waiting = Waiting.start(how.command(socket(), Waiting.args().toArray(String[]::new)), dir, Map.of());

        long interrupted = System.nanoTime();
        signal(signal, waiting.client().pid());

        assertEquals(BakeApplication.CANCELLED_MESSAGE, waiting.lastErrorLine());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted);
        assertEquals(Interrupts.INTERRUPTED_EXIT, waiting.client().exitValue());
        // the clients' own give-up comes after 15 s: this is the server's answer
        assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms");
        assertSameOutput(CommandRun.of(dir, Map.of(), "--print", "app"), client(dir, Map.of(), "", "--print", "app"));
        assertEquals(server, JbakeProcess.servers(socket()), "the same server serves on");
    }

    /**
     * Asserts that {@code run} printed what {@code expected} printed, with its exit code; stderr is not compared:
     * the step's time is shown when reading took 10 ms or more, which a busy machine decides.
     */
    private static void assertSameOutput(CommandRun expected, CommandRun run) {
        assertEquals(expected.code(), run.code(), run.err());
        assertEquals(expected.out(), run.out());
    }

    /** CPU time the process used so far. */
    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow();
    }

    /** Waits until {@code process} has used {@code amount} more CPU time (it computes), within a generous bound. */
    private static void awaitComputing(ProcessHandle process, Duration amount) throws InterruptedException {
        Duration start = cpu(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cpu(process).minus(start).compareTo(amount) < 0) {
            assertTrue(System.nanoTime() < deadline, "the server did not compute");
            Thread.sleep(50);
        }
    }

    /** Waits until {@code process} uses next to no CPU for a second; the time it took, in milliseconds. */
    private static long awaitIdle(ProcessHandle process, Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Duration before = cpu(process);
            Thread.sleep(1000);
            if (cpu(process).minus(before).compareTo(Duration.ofMillis(100)) < 0) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - 1000;
            }
            assertTrue(System.nanoTime() - start < bound.toNanos(), "the server still computes after " + bound);
        }
    }

    /**
     * A definition whose evaluation computes for hours within every limit of io.jbake.hcl.limits.Limits: bcrypt of
     * cost 31 (2^31 rounds of key expansion), which buildx would compute too.
     */
    private static String neverEndingEvaluation() {
        return "variable \"h\" {\n  default = bcrypt(\"jbake\", 31)\n}\ntarget \"m\" {\n  args = { H = h }\n}\n";
    }

    /**
     * The client of a never-ending evaluation is killed while the server evaluates it: the server stops computing
     * and serves on. Stopping it needs the evaluator's checkpoints (io.jbake.hcl.limits.Cancellation), here in bcrypt's
     * rounds.
     */
    @Test
    void theEvaluationOfAKilledClientIsCancelled() throws Exception {
        Files.writeString(dir.resolve("runaway.hcl"), neverEndingEvaluation());
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        JbakeProcess.startServer(socket());
        ProcessHandle server = JbakeProcess.servers(socket()).get(0);
        Process runaway = new ProcessBuilder(
                        JbakeProcess.THROUGH_SERVER.command(socket(), "-f", "runaway.hcl", "--print"))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitComputing(server, Duration.ofMillis(500));

        runaway.destroyForcibly().waitFor();
        long idleAfterMillis = awaitIdle(server, Duration.ofSeconds(10));

        System.out.println("theEvaluationOfAKilledClientIsCancelled: idle " + idleAfterMillis + " ms after the kill");
        assertSameOutput(CommandRun.of(dir, Map.of(), "--print", "app"), client(dir, Map.of(), "", "--print", "app"));
        assertEquals(List.of(server), JbakeProcess.servers(socket()), "the same server serves on");
    }

    /** A definition whose evaluation keeps 100 strings of 1 MiB each: legal, and too much for a 64 MiB heap. */
    private static String largeStrings() {
        StringBuilder definition = new StringBuilder("variable \"v0\" {\n  default = \"abcdefgh\"\n}\n");
        for (int i = 1; i <= 17; i++) {
            definition
                    .append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = \"${v")
                    .append(i - 1)
                    .append("}${v")
                    .append(i - 1)
                    .append("}\"\n}\n");
        }
        definition.append("target \"large\" {\n  args = {\n");
        for (int i = 0; i < 100; i++) {
            definition.append("    a").append(i).append(" = \"").append(i).append("${v17}\"\n");
        }
        return definition.append("  }\n}\n").toString();
    }

    /**
     * A command that exhausts the server's heap fails alone, with an error naming memory and the limit; a command
     * of another client, running meanwhile, ends as it would have; the next command runs normally.
     */
    @Test
    void aCommandThatExhaustsTheHeapFailsAlone() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        Files.writeString(dir.resolve("large.hcl"), largeStrings());
        Map<String, String> smallHeap = Map.of("JBAKE_SERVER_JAVA_OPTS", "-Xmx64m");
        Waiting other = Waiting.start(
                JbakeProcess.THROUGH_SERVER.command(socket(), Waiting.args().toArray(String[]::new)), dir, smallHeap);

        CommandRun large = client(dir, smallHeap, "", "-f", "large.hcl", "--print");

        assertEquals(
                new CommandRun(
                        1,
                        "",
                        "ERROR: out of memory: jbake's Java heap limit is -Xmx64m"
                                + " (JBAKE_SERVER_JAVA_OPTS sets it)\n"),
                large);
        try (var stdin = other.client().getOutputStream()) {
            stdin.write(DEFINITION.getBytes(StandardCharsets.UTF_8));
        }
        String otherOut = read(other.client().getInputStream());
        assertTrue(other.client().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.client().exitValue(), other.err().join());
        CommandRun listed = CommandRun.of(dir, Map.of(), "--list-targets");
        assertEquals(listed.out().substring(Waiting.FIRST_LINE.length() + 1), otherOut);
        assertSameOutput(CommandRun.of(dir, Map.of(), "--print", "app"), client(dir, smallHeap, "", "--print", "app"));
    }

    /**
     * A command that computes without end does not hold up a small command of another client on the same server
     * (one that allocates without end fails at the heap limit: aCommandThatExhaustsTheHeapFailsAlone).
     */
    @Test
    void aRunawayCommandDoesNotHoldUpASmallOne() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        JbakeProcess.startServer(socket());
        ProcessHandle server = JbakeProcess.servers(socket()).get(0);
        CommandRun expected = CommandRun.of(dir, Map.of(), "--print", "app");
        long alone = timed(() -> assertSameOutput(expected, client(dir, Map.of(), "", "--print", "app")));
        Files.writeString(dir.resolve("runaway.hcl"), neverEndingEvaluation());
        Process runaway = new ProcessBuilder(
                        JbakeProcess.THROUGH_SERVER.command(socket(), "-f", "runaway.hcl", "--print"))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitComputing(server, Duration.ofMillis(500));

            long during = timed(() -> assertSameOutput(expected, client(dir, Map.of(), "", "--print", "app")));

            System.out.println("aRunawayCommandDoesNotHoldUpASmallOne: alone " + alone + " ms, beside the runaway "
                    + during + " ms");
            assertTrue(during < alone + 10_000, "beside the runaway " + during + " ms, alone " + alone + " ms");
        } finally {
            runaway.destroyForcibly().waitFor();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * SIGTERM ends the server within a generous bound whatever it runs (a command waiting for its stdin, one
     * computing without end); their clients are told and exit 1, and the server's files are removed.
     */
    @Test
    void sigtermEndsTheServerWhateverItRuns() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        Files.writeString(dir.resolve("runaway.hcl"), neverEndingEvaluation());
        JbakeProcess.startServer(socket());
        ProcessHandle server = JbakeProcess.servers(socket()).get(0);
        Waiting waiting = Waiting.start(
                JbakeProcess.THROUGH_SERVER.command(socket(), Waiting.args().toArray(String[]::new)), dir, Map.of());
        Process runaway = new ProcessBuilder(
                        JbakeProcess.THROUGH_SERVER.command(socket(), "-f", "runaway.hcl", "--print"))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitComputing(server, Duration.ofMillis(500));

        long terminated = System.nanoTime();
        signal("TERM", server.pid());

        assertTrue(
                server.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join() != null || !server.isAlive(),
                "the server still runs 20 s after SIGTERM");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminated);
        System.out.println("sigtermEndsTheServerWhateverItRuns: the server ended " + tookMillis + " ms after SIGTERM");
        assertEquals("ERROR: the jbake server was stopped (SIGTERM) during the command", waiting.lastErrorLine());
        assertEquals(1, waiting.client().exitValue());
        assertTrue(runaway.waitFor(60, TimeUnit.SECONDS));
        assertTrue(runaway.exitValue() != 0, "exit " + runaway.exitValue());
        for (Path file : ServerAddress.at(socket()).files()) {
            assertFalse(Files.exists(file), file + " is removed");
        }
    }

    @Test
    void commandsOfSeveralClientsRunAtOnce() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        // the first command waits for its stdin, which this test holds open while a second command runs
        ProcessBuilder waiting = new ProcessBuilder(
                        JbakeProcess.THROUGH_SERVER.command(socket(), "-f", "-", "--print", "app"))
                .directory(dir.toFile());
        waiting.environment().put("TAG", "first");
        Process first = waiting.start();
        try (var stdin = first.getOutputStream()) {
            CommandRun second = client(dir, Map.of("TAG", "second"), "", "--print", "app");

            assertEquals(
                    CommandRun.of(dir, Map.of("TAG", "second"), "--print", "app")
                            .withoutStepTimes(),
                    second.withoutStepTimes());
            assertTrue(first.isAlive(), "the first command still waits for its stdin");
            stdin.write(DEFINITION.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(first.getErrorStream()));
        String out = read(first.getInputStream());
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), err.join());
        assertTrue(out.contains("\"app:first\""), out);
        assertEquals(1, JbakeProcess.servers(socket()).size());
    }

    @Test
    void errorsAndExitCodesAreTheCommands() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), "target \"app\" {\n  tags = [nope]\n}\n");

        CommandRun definitionError = client(dir, Map.of(), "", "--print");
        CommandRun usageError = client(dir, Map.of(), "", "--no-such-flag");

        assertEquals(CommandRun.of(dir, Map.of(), "--print").withoutStepTimes(), definitionError.withoutStepTimes());
        assertEquals(1, definitionError.code());
        assertEquals(new CommandRun(125, "", """
        Unknown option: '--no-such-flag'

        Usage:  docker buildx bake [OPTIONS] [TARGET...]

        Run 'docker buildx bake --help' for more information
        """), usageError);
    }

    /**
     * A server that is stopping as a client connects (idle, its jar changed, killed) closes the connection before
     * it takes the command: both clients then try again, and in the end run the command all the same.
     */
    @Test
    void aCommandTheServerDidNotTakeRunsAllTheSame() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        CommandRun expected = CommandRun.of(dir, Map.of("TAG", "again"), "--print", "app");
        try (ServerSocketChannel stopping = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stopping.bind(UnixDomainSocketAddress.of(socket()));
            Thread closer = new Thread(() -> {
                while (true) {
                    try (SocketChannel connection = stopping.accept()) {
                        connection.read(java.nio.ByteBuffer.allocate(1)); // the RUN frame's first byte, then gone
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            ServerAddress.at(socket()).describeForNativeClient(Map.of());

            CommandRun java = client(dir, Map.of("TAG", "again"), "", "--print", "app");
            CommandRun c = run(
                    JbakeProcess.THROUGH_NATIVE_CLIENT.command(socket(), "--print", "app"),
                    dir,
                    Map.of("TAG", "again"),
                    "");

            assertEquals(expected.withoutStepTimes(), java.withoutStepTimes());
            assertEquals(expected.withoutStepTimes(), c.withoutStepTimes());
        }
    }

    @Test
    void aStartingServerRemovesWhatKilledServersLeft() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        // a server killed as it served: its socket, lock, pid and log stay, the lock held by nobody
        List<Path> leftovers = List.of("old.sock", "old.sock.lock", "old.sock.pid", "old.sock.log").stream()
                .map(dir::resolve)
                .toList();
        for (Path file : leftovers) {
            Files.writeString(file, "");
        }

        client(dir, Map.of(), "", "--print", "app");

        for (Path file : leftovers) {
            assertFalse(Files.exists(file), file + " is removed");
        }
        assertTrue(Files.exists(Path.of(socket() + ".lock")), "the new server's own lock stays");
    }

    @Test
    void theServerEndsWhenItsCodeChanges() throws Exception {
        Files.writeString(dir.resolve("docker-bake.hcl"), DEFINITION);
        client(dir, Map.of(), "", "--print");
        ProcessHandle server = JbakeProcess.servers(socket()).get(0);
        // the server's "jar" here is the classes directory; a new file in it is what a rebuild looks like
        Path codeSource = Path.of(
                Server.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path marker = codeSource.resolve(
                "jbake-server-test-" + ProcessHandle.current().pid());
        Files.writeString(marker, "rebuilt");
        try {
            assertTrue(
                    server.onExit()
                                            .completeOnTimeout(null, 20, TimeUnit.SECONDS)
                                            .join()
                                    != null
                            || !server.isAlive(),
                    "the server still runs 20 s after its code changed");
            assertFalse(Files.exists(socket()), "its socket is removed");
        } finally {
            Files.deleteIfExists(marker);
        }
    }
}
