package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.fuzz.BakeFuzzer;
import io.jbake.fuzz.FuzzInput;
import io.jbake.fuzz.FuzzRunner;
import io.jbake.server.Client;
import io.jbake.server.ServerProtocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing at scale: 50,000 generated bake definitions and mutated spec cases ({@link BakeFuzzer}, a fixed seed)
 * run through the whole command as the CLI runs it ({@code --print}, {@code --list}): reading, parsing,
 * evaluating, resolving, printing. Each must end in a result or a one-line error, exit 0 or 1, no Java
 * exception, within 10 s ({@link FuzzRunner}; they take milliseconds). Another 2,000 run through one real
 * jbake server, as {@code ./jbake} runs them, with the same answers as in-process, and leave its heap as they
 * found it. {@code -Dfuzz.count=N} runs another number of inputs; {@code bench/FuzzBench.java} runs more.
 */
class BakeFuzzTest {
    private static final long SEED = 20261206L;
    private static final int INPUTS = Integer.getInteger("fuzz.count", 50_000);
    private static final int SERVER_INPUTS = 2_000;
    /** Commands the server runs before its heap is measured: its classes, caches and compiled code settle. */
    private static final int SERVER_WARM_UP = 300;
    /**
     * How much more heap the server may hold after {@link #SERVER_INPUTS} commands than before them, both after
     * a full collection: 2 MiB, so a leak of 1 KiB a command (a retained source text, a display, a session)
     * fails, while the odd object a JDK or library cache keeps once it is first used does not.
     */
    private static final long HEAP_TOLERANCE = 2L << 20;

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Path CASES = Path.of("spec-tests", "cases");
    private static final int REPORTED = 5;
    /** Commands run at once, as a server runs its clients': one per core of a CI machine. */
    private static final int LANES = 2;

    @TempDir
    Path dir;

    @Test
    void everyCommandEndsInAResultOrAOneLineError() throws Exception {
        BakeFuzzer fuzzer = new BakeFuzzer(CASES, SEED);
        List<String> problems = new ArrayList<>();
        int[] problemCount = {0};
        long start = System.nanoTime();
        FuzzRunner all =
                FuzzRunner.runAll(dir, LIMIT, LANES, fuzzer::input, 0, INPUTS, FuzzRunner.IN_PROCESS, outcome -> {
                    if (outcome.problem() != null && problemCount[0]++ < REPORTED) {
                        problems.add(outcome.report());
                    }
                });
        String summary = all.summary();
        System.out.printf(
                "%s%d inputs on %d threads in %.1f s%n", summary, INPUTS, LANES, (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), problems, problemCount[0] + " of " + INPUTS + " inputs ended badly\n" + summary);
        // the generator makes definitions that evaluate, not only errors: each kind has results
        all.successes().forEach((kind, n) -> assertTrue(n > 0, kind + " never succeeded\n" + summary));
    }

    @Test
    void commandsThroughOneServerAnswerAsInProcessAndLeaveItsHeapAsItWas() throws Exception {
        Path socket = dir.resolve("s.sock");
        JbakeProcess.startServer(socket);
        try {
            long pid = JbakeProcess.servers(socket).get(0).pid();
            FuzzRunner.Command throughServer = (workDir, args, env, stdin) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    int code = Client.run(
                            channel,
                            new ServerProtocol.Run(workDir, args, env, ""),
                            Path.of(socket + ".log"),
                            new ByteArrayInputStream(stdin),
                            out,
                            err);
                    return new CommandRun(
                            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
                }
            };
            // inputs of their own: those after the in-process test's
            BakeFuzzer fuzzer = new BakeFuzzer(CASES, SEED);
            int first = 1_000_000;
            List<String> problems = new ArrayList<>();
            int problemCount = 0;
            long baseline;
            long after;
            String summary;
            Path served = dir.resolve("served");
            Path local = dir.resolve("local"); // the same inputs in the same order: the same directories under it
            try (FuzzRunner runner = new FuzzRunner(served, LIMIT);
                    FuzzRunner inProcess = new FuzzRunner(local, LIMIT)) {
                for (int i = 0; i < SERVER_WARM_UP; i++) {
                    runner.run(fuzzer.input(first + i), throughServer);
                }
                baseline = usedHeapAfterFullGc(pid);
                for (int i = SERVER_WARM_UP; i < SERVER_WARM_UP + SERVER_INPUTS; i++) {
                    FuzzInput input = fuzzer.input(first + i);
                    FuzzRunner.Outcome outcome = runner.run(input, throughServer);
                    String problem = outcome.problem();
                    if (problem == null) {
                        CommandRun run =
                                inProcess.run(input, FuzzRunner.IN_PROCESS).run();
                        CommandRun expected = new CommandRun(
                                run.code(),
                                run.out().replace(local.toString(), served.toString()),
                                run.err().replace(local.toString(), served.toString()));
                        if (expected.code() != outcome.run().code()
                                || !expected.out().equals(outcome.run().out())
                                || !lastLine(expected.err())
                                        .equals(lastLine(outcome.run().err()))) {
                            problem = "not as in-process: exit " + expected.code() + ", stdout\n" + expected.out()
                                    + "stderr\n" + expected.err();
                        }
                    }
                    if (problem != null && problemCount++ < REPORTED) {
                        problems.add(new FuzzRunner.Outcome(input, outcome.run(), outcome.nanos(), problem).report());
                    }
                }
                after = usedHeapAfterFullGc(pid);
                summary = runner.summary();
            }
            System.out.printf(
                    "through the server: %sserver heap after a full GC: %d KiB after %d warm-up commands, "
                            + "%d KiB after %d more%n",
                    summary, baseline >> 10, SERVER_WARM_UP, after >> 10, SERVER_INPUTS);
            assertEquals(
                    List.of(), problems, problemCount + " of " + SERVER_INPUTS + " inputs ended badly\n" + summary);
            assertTrue(
                    after - baseline < HEAP_TOLERANCE,
                    "the server's heap grew from " + (baseline >> 10) + " KiB to " + (after >> 10) + " KiB over "
                            + SERVER_INPUTS + " commands");
        } finally {
            JbakeProcess.stopServer(socket);
        }
    }

    /** The last line of a command's stderr: its error, if it failed. */
    /** A rawjson step's digest ({@code sha256:} of the clock) and times differ from run to run. */
    private static final Pattern RAWJSON_RUN_VALUES =
            Pattern.compile("sha256:[0-9a-f]{64}|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    /** The last line of {@code text}, a rawjson line without what differs from run to run. */
    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return RAWJSON_RUN_VALUES.matcher(lines[lines.length - 1]).replaceAll("X");
    }

    private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    /**
     * The heap the server at {@code pid} uses after a full collection: {@code jcmd GC.run}, then the used sizes of
     * the young and old generations in {@code jcmd GC.heap_info} (the server runs the serial collector).
     */
    private static long usedHeapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        long bytes = 0;
        int generations = 0;
        while (used.find()) {
            bytes += Long.parseLong(used.group(1)) << 10;
            generations++;
        }
        assertEquals(2, generations, "young and old generation in:\n" + info);
        return bytes;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(pid),
                        command)
                .redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jcmd.waitFor(), "jcmd " + command + ":\n" + output);
        return output;
    }
}
