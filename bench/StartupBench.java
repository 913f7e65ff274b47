import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost of one jbake command in its own JVM ({@code JBAKE_SERVER=0}, the launcher's JVM options and
 * class-data archive): CPU time (user + system, from {@code /usr/bin/time}) and wall time of {@code --version}
 * and of {@code --print} on bake-examples/monorepo. CPU time is the number to compare on a shared machine.
 *
 * <p>Give one or more checkouts of jbake (each with its jar built, e.g. a {@code git worktree} of an older
 * commit) to compare them in the same run: the runs alternate between checkouts, round by round.
 *
 * <pre>
 *   java bench/StartupBench.java [--runs 21] [CHECKOUT...]     # default CHECKOUT: this directory
 * </pre>
 */
public final class StartupBench {
    private static final Map<String, List<String>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("--version", List.of("--version"));
        COMMANDS.put("--print", List.of("-f", "bake-examples/monorepo/docker-bake.hcl", "--print"));
    }

    public static void main(String[] args) throws Exception {
        int runs = 21;
        List<Path> checkouts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                checkouts.add(Path.of(args[i]).toAbsolutePath().normalize());
            }
        }
        if (checkouts.isEmpty()) {
            checkouts.add(Path.of("").toAbsolutePath());
        }
        for (Path checkout : checkouts) {
            for (List<String> command : COMMANDS.values()) {
                run(checkout, command); // builds the jar and the class-data archive if stale
            }
        }
        double[][] samples = new double[checkouts.size() * COMMANDS.size()][runs * 2];
        for (int round = 0; round < runs; round++) {
            for (int c = 0; c < checkouts.size(); c++) {
                Path checkout = checkouts.get((c + round) % checkouts.size());
                int index = checkouts.indexOf(checkout);
                int k = 0;
                for (List<String> command : COMMANDS.values()) {
                    double[] measured = run(checkout, command);
                    samples[index * COMMANDS.size() + k][round] = measured[0];
                    samples[index * COMMANDS.size() + k][runs + round] = measured[1];
                    k++;
                }
            }
        }
        System.out.printf("%-40s %-10s %12s %12s%n", "checkout", "command", "cpu ms (med)", "wall ms (med)");
        for (int c = 0; c < checkouts.size(); c++) {
            int k = 0;
            for (String command : COMMANDS.keySet()) {
                double[] s = samples[c * COMMANDS.size() + k++];
                System.out.printf(
                        "%-40s %-10s %12.0f %12.0f%n",
                        checkouts.get(c),
                        command,
                        median(Arrays.copyOfRange(s, 0, runs)),
                        median(Arrays.copyOfRange(s, runs, 2 * runs)));
            }
        }
    }

    /** Runs one command of {@code checkout}'s launcher in-process; returns {cpu ms, wall ms}. */
    private static double[] run(Path checkout, List<String> args) throws IOException, InterruptedException {
        Path times = Files.createTempFile("jbake-startup", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(
                    "/usr/bin/time",
                    "-o",
                    times.toString(),
                    "-f",
                    "%U %S %e",
                    checkout.resolve("jbake").toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(checkout.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("JBAKE_SERVER", "0");
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(checkout + ": jbake " + args + " exited " + exit);
            }
            String[] lines = Files.readString(times).trim().split("\n");
            String[] fields = lines[lines.length - 1].trim().split("\\s+");
            return new double[] {
                (Double.parseDouble(fields[0]) + Double.parseDouble(fields[1])) * 1000,
                Double.parseDouble(fields[2]) * 1000
            };
        } finally {
            Files.deleteIfExists(times);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
