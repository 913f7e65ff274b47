package io.jbake.fuzz;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Runs fuzz inputs as jbake commands, one at a time, each in a working directory holding its files (a spec
 * case's inputs are copied once and the mutated files written over them, then put back), on a thread with
 * the stack jbake's JVMs give their commands, within a time limit; and judges each result: an exit code of 0
 * or 1, no Java exception or stack trace in the output, and after a failure exactly one {@code ERROR:} line,
 * the last one. Keeps the time each input took and a tally per kind of input and exit code.
 */
public final class FuzzRunner implements AutoCloseable {
    /** The stack of the threads jbake runs commands on ({@code -Xss8m} of the launcher and the server). */
    private static final long COMMAND_STACK = 8L << 20;

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** How a command runs: in this JVM, or through a jbake server. */
    @FunctionalInterface
    public interface Command {
        CommandRun run(Path workDir, List<String> args, Map<String, String> env, byte[] stdin) throws Exception;
    }

    /** The command run in this JVM through {@link io.jbake.cli.Main#run}, as {@code JBAKE_SERVER=0} runs it. */
    public static final Command IN_PROCESS =
            (workDir, args, env, stdin) -> CommandRun.of(workDir, env, stdin, args.toArray(String[]::new));

    /**
     * One input's result.
     *
     * @param problem what is wrong with the result, or null
     */
    public record Outcome(FuzzInput input, CommandRun run, long nanos, String problem) {

        /** The problem (if any), the input that shows it and what the command printed. */
        public String report() {
            return (problem == null ? "" : "PROBLEM: " + problem + "\n")
                    + input.describe()
                    + (run == null
                            ? ""
                            : "--- exit " + run.code() + ", stdout ---\n" + run.out() + "--- stderr ---\n" + run.err());
        }
    }

    private final Path root;
    private final Duration limit;
    private final Map<Path, Path> copies = new HashMap<>();
    private ExecutorService thread = newThread();
    private long[] nanos = new long[1024];
    /** The CPU time of the command's thread per input: on a busy machine wall time is mostly waiting. */
    private long[] cpuNanos = new long[1024];

    private int count;
    private final Map<String, int[]> tally = new TreeMap<>();
    /** The multi-line errors accepted ({@link #mayGoOn}), by their first line. */
    private final Map<String, Integer> multiLineErrors = new TreeMap<>();
    /** How often each error (its message without positions) ended a generated input. */
    private final Map<String, Integer> generatedErrors = new HashMap<>();

    /** Runs commands under {@code root} (a directory of its own), each within {@code limit}. */
    public FuzzRunner(Path root, Duration limit) {
        this.root = root;
        this.limit = limit;
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-command", COMMAND_STACK);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs inputs {@code from} to {@code from + count - 1} on {@code lanes} runners at once, each under a directory
     * of its own in {@code root} (input {@code i} on lane {@code i % lanes}, so which inputs share a working
     * directory does not depend on timing), and hands each outcome to {@code each} (one at a time).
     *
     * @return the first lane's runner, closed, holding the statistics of all of them
     */
    public static FuzzRunner runAll(
            Path root,
            Duration limit,
            int lanes,
            IntFunction<FuzzInput> inputs,
            int from,
            int count,
            Command command,
            Consumer<Outcome> each)
            throws Exception {
        List<FuzzRunner> runners = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            for (int lane = 0; lane < lanes; lane++) {
                FuzzRunner runner = new FuzzRunner(root.resolve("lane-" + lane), limit);
                runners.add(runner);
                int first = lane;
                running.add(pool.submit(() -> {
                    for (int i = from + first; i < from + count; i += lanes) {
                        Outcome outcome = runner.run(inputs.apply(i), command);
                        synchronized (each) {
                            each.accept(outcome);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> lane : running) {
                lane.get();
            }
        } finally {
            pool.shutdownNow();
            runners.forEach(FuzzRunner::close);
        }
        FuzzRunner all = runners.get(0);
        runners.subList(1, runners.size()).forEach(all::absorb);
        return all;
    }

    /** Adds the statistics of {@code other} to this runner's. */
    private void absorb(FuzzRunner other) {
        for (int i = 0; i < other.count; i++) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
                cpuNanos = Arrays.copyOf(cpuNanos, count * 2);
            }
            cpuNanos[count] = other.cpuNanos[i];
            nanos[count++] = other.nanos[i];
        }
        other.tally.forEach((kind, byExit) -> {
            int[] mine = tally.computeIfAbsent(kind, k -> new int[3]);
            for (int i = 0; i < mine.length; i++) {
                mine[i] += byExit[i];
            }
        });
        other.multiLineErrors.forEach((line, n) -> multiLineErrors.merge(line, n, Integer::sum));
        other.generatedErrors.forEach((line, n) -> generatedErrors.merge(line, n, Integer::sum));
    }

    /** Runs one input with {@code command} and judges its result. */
    public Outcome run(FuzzInput input, Command command) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Path workDir = workDirOf(input);
        Map<Path, byte[]> originals = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : input.files().entrySet()) {
            Path path = workDir.resolve(file.getKey());
            originals.put(path, Files.exists(path) ? Files.readAllBytes(path) : null);
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue().getBytes(StandardCharsets.UTF_8)); // a split surrogate pair becomes '?'
        }
        byte[] stdin = input.stdin().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        long[] cpu = new long[1];
        Future<CommandRun> running = thread.submit(() -> {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            try {
                return command.run(workDir, input.args(), input.env(), stdin);
            } finally {
                cpu[0] = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        });
        CommandRun run = null;
        String problem;
        try {
            run = running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            problem = problem(input, run);
        } catch (TimeoutException e) {
            running.cancel(true);
            thread.shutdownNow(); // the command may never end: later ones get a thread of their own
            thread = newThread();
            problem = "no result within " + limit.toSeconds() + " s";
        } catch (ExecutionException e) {
            StringWriter trace = new StringWriter();
            e.getCause().printStackTrace(new PrintWriter(trace));
            problem = "threw " + trace;
        }
        long took = System.nanoTime() - start;
        for (Map.Entry<Path, byte[]> original : originals.entrySet()) {
            if (original.getValue() == null) {
                Files.delete(original.getKey());
            } else {
                Files.write(original.getKey(), original.getValue());
            }
        }
        record(input, run, took, cpu[0]);
        return new Outcome(input, run, took, problem);
    }

    /** What is wrong with a command's result as a person sees it, or null when nothing is. */
    public static String problem(FuzzInput input, CommandRun run) {
        if (run.code() != 0 && run.code() != 1) {
            return "exit code " + run.code();
        }
        for (String text : List.of(run.out(), run.err())) {
            if (text.contains("java.lang.") || text.contains("Exception") || text.contains("\tat ")) {
                return "a Java exception in the output";
            }
        }
        List<String> errorLines =
                run.err().lines().filter(l -> l.startsWith("ERROR:")).toList();
        if (run.code() == 0) {
            return errorLines.isEmpty() ? null : "exit 0 after " + errorLines.get(0);
        }
        if (errorLines.size() != 1) {
            return errorLines.size() + " ERROR: lines";
        }
        String message = errorLines.get(0).substring("ERROR:".length()).strip();
        if (message.isEmpty() || message.equals("null")) {
            return "an empty error message";
        }
        String after = run.err()
                .substring(
                        run.err().indexOf(errorLines.get(0)) + errorLines.get(0).length());
        if (!after.equals("\n") && !(after.endsWith("\n") && mayGoOn(input, message))) {
            return "the error is not one line, the last";
        }
        return null;
    }

    /**
     * Whether an error message may go on after its first line, as buildx's does: hcl's own detail of an
     * interpolation that does not end (two paragraphs), or a message that quotes a value of the input which may
     * hold line breaks (a heredoc, a {@code \n} escape, a validation's error_message), which buildx prints as it is.
     */
    private static boolean mayGoOn(FuzzInput input, String firstLine) {
        if (firstLine.contains(": Extra characters after interpolation expression; ")
                || firstLine.contains(": Validation failed; ")) {
            return true;
        }
        List<String> texts = new ArrayList<>(input.files().values());
        texts.add(input.stdin());
        return texts.stream().anyMatch(t -> t.contains("<<") || t.contains("\\n"));
    }

    private Path workDirOf(FuzzInput input) throws IOException {
        if (input.template() == null) {
            Path scratch = root.resolve("generated");
            Files.createDirectories(scratch);
            return scratch;
        }
        Path copy = copies.get(input.template());
        if (copy == null) {
            copy = root.resolve("case-" + copies.size());
            copyTree(input.template(), copy);
            copies.put(input.template(), copy);
        }
        return copy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private void record(FuzzInput input, CommandRun run, long took, long cpu) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
            cpuNanos = Arrays.copyOf(cpuNanos, count * 2);
        }
        cpuNanos[count] = cpu;
        nanos[count++] = took;
        String kind = input.name().replaceAll(" #\\d+$", "").replaceAll("^spec:.*", "spec case mutated");
        int[] byExit = tally.computeIfAbsent(kind, k -> new int[3]);
        byExit[run == null ? 2 : Math.min(run.code(), 2)]++;
        if (run != null && run.code() == 1) {
            String err = run.err();
            int error = err.lastIndexOf("\nERROR: ");
            int end = error < 0 ? -1 : err.indexOf('\n', error + 1);
            if (end >= 0 && end < err.length() - 1) {
                multiLineErrors.merge(err.substring(error + 1, end).replaceAll("\\d+", "N"), 1, Integer::sum);
            }
        }
        if (run != null && run.code() == 1 && input.template() == null) {
            run.err()
                    .lines()
                    .filter(l -> l.startsWith("ERROR: "))
                    .findFirst()
                    .ifPresent(line -> generatedErrors.merge(
                            line.replaceAll("[\\w.-]+:\\d+,\\d+-(\\d+,)?\\d+: ", "")
                                    .replaceAll("\\d+", "N"),
                            1,
                            Integer::sum));
        }
    }

    /**
     * What ran: the number of inputs, the median, 99th percentile and longest time of one, and per kind of
     * input how many ended with exit 0, exit 1 and otherwise.
     */
    public String summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        long[] cpu = Arrays.copyOf(cpuNanos, count);
        Arrays.sort(cpu);
        StringBuilder out = new StringBuilder(String.format(
                "%d inputs, per input: median %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms (wall); CPU of the command's thread median %.2f ms, p99 %.2f ms, max %.2f ms, all %.1f s%n",
                count,
                millis(sorted, 0.5),
                millis(sorted, 0.99),
                millis(sorted, 1.0),
                millis(cpu, 0.5),
                millis(cpu, 0.99),
                millis(cpu, 1.0),
                Arrays.stream(cpu).sum() / 1e9));
        tally.forEach((kind, byExit) -> out.append(
                String.format("  %-28s exit 0: %6d  exit 1: %6d  other: %d%n", kind, byExit[0], byExit[1], byExit[2])));
        out.append("errors of more than one line (first lines):\n");
        multiLineErrors.forEach((line, n) -> out.append(
                String.format("  %6d  %s%n", n, line.length() > 150 ? line.substring(0, 150) + "..." : line)));
        out.append("the commonest errors of generated inputs:\n");
        generatedErrors.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> out.append(String.format("  %6d  %s%n", e.getValue(), e.getKey())));
        return out.toString();
    }

    /** The inputs that ended with exit 0, per kind of input. */
    public Map<String, Integer> successes() {
        Map<String, Integer> successes = new TreeMap<>();
        tally.forEach((kind, byExit) -> successes.put(kind, byExit[0]));
        return successes;
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
