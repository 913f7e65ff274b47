import io.jbake.fuzz.BakeFuzzer;
import io.jbake.fuzz.FuzzRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The fuzz run of {@code BakeFuzzTest} at any size: {@code --count} inputs of {@code --seed} (mutated spec cases
 * and generated HCL, JSON and compose definitions, {@code io.jbake.fuzz.BakeFuzzer}), from input {@code --from}
 * on, each run in-process as the CLI runs it, {@code --threads} at once ({@code --print} or {@code --list}) and judged as the test judges it
 * (a result or a one-line error, exit 0 or 1, no Java exception, within {@code --limit} seconds). Prints every
 * problem with the input that shows it (its files, arguments and environment, verbatim), then the timings
 * (median, 99th percentile, longest; wall and CPU) and the exit codes per kind of input; exits 1 if any input
 * ended badly. Input {@code i} of a seed depends on nothing else, so {@code --from i --count 1 --show} makes one
 * input again and shows what it printed.
 *
 * <pre>
 *   mvn -q -o -DskipTests package        # target/jbake.jar and the test classes (io.jbake.fuzz)
 *   java -Xss8m -cp target/jbake.jar:target/test-classes bench/FuzzBench.java [--count 500000]
 *       [--seed 20261206] [--from 0] [--limit 10] [--threads 2] [--show]
 * </pre>
 *
 * {@code BakeFuzzTest} runs inputs 0 to 49,999 of seed 20261206 (and 1,000,000 on through a server); run it
 * from the repository root (the seeds are {@code spec-tests/cases}).
 */
public final class FuzzBench {
    public static void main(String[] args) throws Exception {
        long seed = 20261206L;
        int count = 500_000;
        int from = 0;
        int limit = 10;
        boolean show = false;
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--from" -> from = Integer.parseInt(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--show" -> show = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        BakeFuzzer fuzzer = new BakeFuzzer(Path.of("spec-tests", "cases"), seed);
        System.out.printf(
                "seed %d, inputs %d to %d, %d spec cases as seeds, %d s per input%n",
                seed, from, from + count - 1, fuzzer.seedCases(), limit);
        int[] done = {0, 0}; // inputs, problems
        long start = System.nanoTime();
        boolean showAll = show;
        FuzzRunner all = FuzzRunner.runAll(
                Files.createTempDirectory("jbake-fuzzbench-"),
                Duration.ofSeconds(limit),
                threads,
                fuzzer::input,
                from,
                count,
                FuzzRunner.IN_PROCESS,
                outcome -> {
                    if (outcome.problem() != null) {
                        done[1]++;
                        System.out.println(outcome.report());
                    } else if (showAll) {
                        System.out.println(outcome.report());
                    }
                    if (++done[0] % 50_000 == 0) {
                        System.out.printf(
                                "%d inputs, %d problems, %.0f s%n",
                                done[0], done[1], (System.nanoTime() - start) / 1e9);
                    }
                });
        System.out.print(all.summary());
        System.out.printf(
                "%d problems in %d inputs, %.1f s on %d threads%n",
                done[1], count, (System.nanoTime() - start) / 1e9, threads);
        System.exit(done[1] == 0 ? 0 : 1);
    }
}
