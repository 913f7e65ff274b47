import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code --print} benchmark of issue 3: {@code jbake --print} against {@code docker buildx bake --print}
 * on a generated definition of N services. Each service is a 3-value matrix ({@code name = "svc-N-${v}"},
 * so 3N targets) inheriting from two shared bases, with a {@code target:} context, secrets, tags made by a
 * user {@code function} and args with interpolations of typed variables and standard library calls. Nothing is built and no daemon is
 * contacted by jbake.
 *
 * <p>For every size the two tools run alternately (the order flips between rounds); each run is timed
 * wall-clock, whole command (JVM start-up included); its CPU time (user + system, all threads) and peak
 * resident set size are read from the kernel's {@code wait4} rusage through GNU {@code /usr/bin/time}
 * (apt-get install time). CPU time is shown too because on a loaded machine wall time is mostly waiting
 * for a core. The
 * stdout of both tools must be byte-identical, or the benchmark fails. Prints the medians per size and the
 * start-up cost of jbake alone ({@code ./jbake --version}).
 *
 * <pre>
 *   eval "$(cat /tmp/refenv.sh)"                   # PATH/DOCKER_CONFIG of the reference buildx
 *   mvn -q -DskipTests package                      # ./jbake uses target/jbake.jar (+ its CDS archive)
 *   java bench/PrintBench.java [--sizes 250,500,1000,2000] [--rounds 3] [--tools jbake,buildx]
 *                              [--dir /tmp/jbake-printbench]
 * </pre>
 */
public final class PrintBench {
    private static final int MATRIX_VALUES = 3;

    /** One run of one tool: wall and CPU (user + system) seconds, peak RSS in MB, and what it printed. */
    private record Run(double seconds, double cpuSeconds, double rssMb, byte[] stdout) {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(250, 500, 1000, 2000);
        List<String> tools = List.of("jbake", "buildx");
        int rounds = 3;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jbake-printbench");
        Path repo = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" ->
                    sizes = Arrays.stream(args[++i].split(","))
                            .map(Integer::valueOf)
                            .toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tools" -> tools = List.of(args[++i].split(","));
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
            throw new IllegalStateException("GNU time is needed for peak RSS: apt-get install time");
        }
        System.out.printf("load average: %s%n", loadAverage());

        // The first call builds target/jbake.jar and its CDS archive when missing or stale: not timed.
        List<String> version = List.of(repo.resolve("jbake").toString(), "--version");
        measure(version, repo);
        List<Run> startups = new ArrayList<>();
        for (int round = 0; round < Math.max(rounds, 5); round++) {
            startups.add(measure(version, repo));
        }
        System.out.printf(
                "jbake start-up (./jbake --version): %.3f s wall, %.3f s CPU, peak RSS %.0f MB" + " (median of %d)%n%n",
                median(startups, Run::seconds),
                median(startups, Run::cpuSeconds),
                median(startups, Run::rssMb),
                startups.size());

        Map<Integer, Map<String, List<Run>>> results = new LinkedHashMap<>();
        for (int n : sizes) {
            Path work = dir.resolve("n" + n);
            generate(work, n);
            Map<String, List<Run>> byTool = new LinkedHashMap<>();
            tools.forEach(t -> byTool.put(t, new ArrayList<>()));
            results.put(n, byTool);
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(tools);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (String tool : order) {
                    Run run = measure(command(tool, repo), work);
                    byTool.get(tool).add(run);
                    System.err.printf(
                            "N=%d round %d %-6s %.2fs wall %.2fs CPU %.0f MB%n",
                            n, round, tool, run.seconds(), run.cpuSeconds(), run.rssMb());
                }
                if (tools.size() == 2) {
                    compare(
                            byTool.get(tools.get(0)).get(round - 1),
                            byTool.get(tools.get(1)).get(round - 1),
                            n,
                            work);
                }
            }
        }

        System.out.printf(
                "medians over %d rounds (wall and CPU seconds of the whole command, peak RSS in MB)%n", rounds);
        System.out.printf("%6s %7s", "N", "targets");
        tools.forEach(t -> System.out.printf(" %9s", t + " s"));
        if (tools.size() == 2) {
            System.out.printf(" %7s", "ratio");
        }
        tools.forEach(t -> System.out.printf(" %10s", t + " MB"));
        tools.forEach(t -> System.out.printf(" %11s", t + " CPU"));
        System.out.println();
        for (var entry : results.entrySet()) {
            System.out.printf("%6d %7d", entry.getKey(), entry.getKey() * MATRIX_VALUES);
            List<Double> seconds = new ArrayList<>();
            for (String tool : tools) {
                seconds.add(median(entry.getValue().get(tool), Run::seconds));
                System.out.printf(" %9.3f", seconds.get(seconds.size() - 1));
            }
            if (tools.size() == 2) {
                System.out.printf(" %7.3f", seconds.get(0) / seconds.get(1));
            }
            for (String tool : tools) {
                System.out.printf(" %10.0f", median(entry.getValue().get(tool), Run::rssMb));
            }
            for (String tool : tools) {
                System.out.printf(" %11.3f", median(entry.getValue().get(tool), Run::cpuSeconds));
            }
            System.out.println();
        }
        System.out.printf("load average: %s%n", loadAverage());
    }

    private static List<String> command(String tool, Path repo) {
        return switch (tool) {
            case "jbake" -> List.of(repo.resolve("jbake").toString(), "--print");
            case "buildx" -> List.of("docker", "buildx", "bake", "--print");
            default -> throw new IllegalArgumentException("unknown tool " + tool + ": jbake or buildx");
        };
    }

    /** Runs {@code command} in {@code dir} under GNU time; fails on a non-zero exit, showing its stderr. */
    private static Run measure(List<String> command, Path dir) throws IOException, InterruptedException {
        Path usage = Files.createTempFile("printbench-usage", ".txt");
        Path out = Files.createTempFile("printbench-out", ".json");
        Path err = Files.createTempFile("printbench-err", ".txt");
        try {
            List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", usage.toString()));
            timed.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(timed)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("BENCH_TOKEN", "bench-secret-value");
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n"
                        + Files.readString(err));
            }
            List<String> usageLines = Files.readAllLines(usage);
            String[] fields = usageLines.get(usageLines.size() - 1).trim().split(" ");
            double rssMb = Long.parseLong(fields[0]) / 1024.0;
            double cpuSeconds = Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]);
            return new Run(seconds, cpuSeconds, rssMb, Files.readAllBytes(out));
        } finally {
            Files.deleteIfExists(usage);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Both tools must print the same bytes; on a difference both outputs are kept for diffing. */
    private static void compare(Run jbake, Run buildx, int n, Path work) throws IOException {
        if (!Arrays.equals(jbake.stdout(), buildx.stdout())) {
            Files.write(work.resolve("jbake.json"), jbake.stdout());
            Files.write(work.resolve("buildx.json"), buildx.stdout());
            throw new IllegalStateException("N=" + n + ": outputs differ, see " + work.resolve("jbake.json") + " and "
                    + work.resolve("buildx.json"));
        }
    }

    /**
     * Writes the definition of {@code n} services (deterministic, so every run measures the same input) and
     * the secret file it names (buildx checks that it exists before printing).
     */
    static void generate(Path dir, int n) throws IOException {
        StringBuilder hcl = new StringBuilder();
        hcl.append("""
        variable "REGISTRY" {
          default = "registry.example.com/acme"
        }

        variable "VERSION" {
          default = "1.4.2"
        }

        variable "DEBUG" {
          type    = bool
          default = false
        }

        variable "CHANNEL" {
          default = "stable-${VERSION}"
        }

        function "image" {
          params = [name, variant]
          result = "${REGISTRY}/${name}:${VERSION}-v${variant}"
        }

        target "base-a" {
          context    = "."
          dockerfile = "Dockerfile"
          platforms  = ["linux/amd64", "linux/arm64"]
          args = {
            VERSION = VERSION
            DEBUG   = DEBUG ? "1" : "0"
            CHANNEL = CHANNEL
          }
          labels = {
            "org.opencontainers.image.version" = VERSION
            "org.opencontainers.image.vendor"  = "acme"
          }
        }

        target "base-b" {
          secret     = ["id=token,env=BENCH_TOKEN"]
          cache-from = ["type=registry,ref=${REGISTRY}/cache:main"]
          cache-to   = ["type=inline"]
          args = {
            BASE_B = "yes"
          }
        }

        """);
        hcl.append("group \"default\" {\n  targets = [");
        for (int s = 1; s <= n; s++) {
            hcl.append(s == 1 ? "" : ", ").append("\"svc-").append(s).append('"');
        }
        hcl.append("]\n}\n");
        for (int s = 1; s <= n; s++) {
            String service = "svc-" + s;
            hcl.append("\ntarget \"")
                    .append(service)
                    .append("\" {\n")
                    .append("  inherits = [\"base-a\", \"base-b\"]\n")
                    .append("  matrix = {\n    v = [\"1\", \"2\", \"3\"]\n  }\n")
                    .append("  name       = \"")
                    .append(service)
                    .append("-${v}\"\n")
                    .append("  dockerfile = \"services/")
                    .append(service)
                    .append("/Dockerfile\"\n")
                    .append("  contexts   = { base = \"target:base-a\" }\n")
                    .append("  secret     = [\"id=token,env=BENCH_TOKEN\", \"id=npmrc,src=secrets/npmrc\"]\n")
                    .append("  tags       = [image(\"")
                    .append(service)
                    .append("\", v), \"${REGISTRY}/")
                    .append(service)
                    .append(":latest-${v}\"]\n")
                    .append("  args = {\n")
                    .append("    SERVICE = \"")
                    .append(service)
                    .append("\"\n")
                    .append("    VARIANT = \"v${v}\"\n")
                    .append("    IMAGE   = image(\"")
                    .append(service)
                    .append("\", v)\n")
                    .append("    PORT    = \"")
                    .append(8000 + s % 1000)
                    .append("\"\n")
                    .append("    ID      = format(\"%s-%05d\", upper(\"svc\"), ")
                    .append(s)
                    .append(")\n")
                    .append("    TRACK   = join(\"/\", [CHANNEL, split(\".\", VERSION)[0], \"v${v}\"])\n")
                    .append("  }\n")
                    .append("}\n");
        }
        write(dir.resolve("docker-bake.hcl"), hcl.toString());
        write(dir.resolve("secrets/npmrc"), "//registry.example.com/:_authToken=bench\n");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        double[] sorted = runs.stream().mapToDouble(metric).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
