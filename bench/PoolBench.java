import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of issue 15: a bake of eight independent targets of {@code RUN sleep 2} on a builder pool of two
 * nodes against the same bake on one node, both with {@code --node-jobs 2}, and against {@code docker buildx
 * bake} on one node (which has no per-node limit: it builds all eight at once). Every command builds anew (a
 * fresh {@code NONCE} in each step), so the times are those of the builds, not of the cache.
 *
 * <p>The nodes are the test daemon's two Docker Engines: {@code DOCKER_HOST} ({@code default}) and
 * {@code JBAKE_TEST_CONTAINERD_DOCKER_HOST} (a builder {@code second} of the docker driver, in a buildx store of
 * the benchmark's own, {@code BUILDX_CONFIG}). jbake runs in its own JVM per command ({@code JBAKE_SERVER=0}),
 * start-up included. Prints each round and the medians.
 *
 * <p>{@code --scenario linked}: a base of {@code RUN sleep 2} and six dependents ({@code FROM base} by a {@code
 * target:} context, each {@code RUN sleep 2}) on the pool with {@code --node-jobs 2}, without a registry (the chain
 * on one node) and with {@code --pool-registry $JBAKE_TEST_REGISTRY/pool-bench} (the dependents on both nodes, the
 * base pushed and pulled).
 *
 * <pre>
 *   eval "$(scripts/test-daemon.sh start)"
 *   mvn -q -DskipTests package                     # ./jbake uses target/jbake.jar
 *   eval "$(cat /tmp/refenv.sh)"                   # the reference buildx on PATH ...
 *   eval "$(scripts/test-daemon.sh env)"           # ... DOCKER_HOST back to the test daemon
 *   java bench/PoolBench.java [--rounds 3] [--dir /tmp/jbake-pool-bench] [--scenario independent|linked]
 * </pre>
 */
public final class PoolBench {
    private static final int TARGETS = 8;
    private static final List<String> TOOLS = List.of("jbake-pool", "jbake-one-node", "buildx-one-node");
    /** The linked scenario's dependents of its one base. */
    private static final int DEPENDENTS = 6;

    private static final List<String> LINKED_TOOLS = List.of("jbake-pool", "jbake-pool-registry");

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jbake-pool-bench");
        boolean linked = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" ->
                    linked = switch (args[++i]) {
                        case "independent" -> false;
                        case "linked" -> true;
                        default -> throw new IllegalArgumentException("unknown scenario " + args[i]);
                    };
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String second = System.getenv("JBAKE_TEST_CONTAINERD_DOCKER_HOST");
        if (second == null || second.isEmpty()) {
            throw new IllegalStateException(
                    "JBAKE_TEST_CONTAINERD_DOCKER_HOST is not set: eval scripts/test-daemon.sh env");
        }
        String registry = System.getenv("JBAKE_TEST_REGISTRY");
        if (linked && (registry == null || registry.isEmpty())) {
            throw new IllegalStateException("JBAKE_TEST_REGISTRY is not set: eval scripts/test-daemon.sh env");
        }
        Path repo = Path.of("").toAbsolutePath();
        generate(dir, second, linked);
        List<String> tools = linked ? LINKED_TOOLS : TOOLS;
        Map<String, List<Double>> times = new LinkedHashMap<>();
        tools.forEach(t -> times.put(t, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(tools);
            java.util.Collections.rotate(order, round - 1);
            StringBuilder line = new StringBuilder(String.format("round %d", round));
            for (String tool : order) {
                double seconds = timed(command(tool, repo, dir, registry), dir);
                times.get(tool).add(seconds);
                line.append(String.format("  %s %.2fs", tool, seconds));
            }
            System.err.println(line);
        }
        System.out.printf(
                "%nmedians over %d rounds: %s, --node-jobs 2 (seconds, whole command)%n",
                rounds,
                linked
                        ? "a base and " + DEPENDENTS + " dependents, each RUN sleep 2"
                        : TARGETS + " targets of RUN sleep 2");
        double pool = median(times.get("jbake-pool"));
        System.out.printf("%-20s %8s %12s%n", "tool", "seconds", "pool/this");
        for (String tool : tools) {
            double median = median(times.get(tool));
            System.out.printf("%-20s %8.2f %12.2f%n", tool, median, pool / median);
        }
    }

    private static List<String> command(String tool, Path repo, Path dir, String registry) {
        String file = dir.resolve("docker-bake.hcl").toString();
        return switch (tool) {
            case "jbake-pool" ->
                List.of(
                        repo.resolve("jbake").toString(),
                        "-f",
                        file,
                        "--progress=quiet",
                        "--builder",
                        "default,second",
                        "--node-jobs",
                        "2");
            case "jbake-one-node" ->
                List.of(
                        repo.resolve("jbake").toString(),
                        "-f",
                        file,
                        "--progress=quiet",
                        "--builder",
                        "default",
                        "--node-jobs",
                        "2");
            case "jbake-pool-registry" ->
                List.of(
                        repo.resolve("jbake").toString(),
                        "-f",
                        file,
                        "--progress=quiet",
                        "--builder",
                        "default,second",
                        "--node-jobs",
                        "2",
                        "--pool-registry",
                        registry + "/pool-bench");
            case "buildx-one-node" -> List.of("docker", "buildx", "bake", "-f", file, "--progress=quiet");
            default -> throw new IllegalArgumentException(tool);
        };
    }

    private static double timed(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("NONCE", UUID.randomUUID().toString());
        builder.environment().put("JBAKE_SERVER", "0");
        if (command.get(0).endsWith("jbake")) {
            // the pool's second node is a builder of the benchmark's store; buildx keeps its own store
            builder.environment().put("BUILDX_CONFIG", dir.resolve("buildx").toString());
        }
        builder.environment().remove("BUILDX_BUILDER");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void generate(Path dir, String secondHost, boolean linked) throws IOException {
        Files.createDirectories(dir.resolve("buildx/instances"));
        Files.writeString(dir.resolve("docker-bake.hcl"), linked ? linkedBake() : independentBake());
        Files.writeString(
                dir.resolve("buildx/instances/second"),
                "{\"Name\":\"second\",\"Driver\":\"docker\",\"Nodes\":[{\"Name\":\"second0\",\"Endpoint\":\""
                        + secondHost + "\"}]}");
    }

    private static String linkedBake() {
        StringBuilder hcl = new StringBuilder("variable \"NONCE\" {}\ngroup \"default\" {\n  targets = [");
        for (int i = 1; i <= DEPENDENTS; i++) {
            hcl.append(i > 1 ? ", " : "").append("\"d").append(i).append('"');
        }
        hcl.append("]\n}\n");
        hcl.append(
                "target \"base\" {\n  dockerfile-inline = \"FROM busybox:local\\nRUN echo ${NONCE} > /base && sleep 2\\n\"\n}\n");
        for (int i = 1; i <= DEPENDENTS; i++) {
            hcl.append("target \"d")
                    .append(i)
                    .append("\" {\n  contexts = { base = \"target:base\" }\n")
                    .append("  dockerfile-inline = \"FROM base\\nRUN cat /base && echo d")
                    .append(i)
                    .append(" && sleep 2\\n\"\n}\n");
        }
        return hcl.toString();
    }

    private static String independentBake() {
        StringBuilder hcl = new StringBuilder("variable \"NONCE\" {}\ngroup \"default\" {\n  targets = [");
        for (int i = 1; i <= TARGETS; i++) {
            hcl.append(i > 1 ? ", " : "").append("\"t").append(i).append('"');
        }
        hcl.append("]\n}\n");
        for (int i = 1; i <= TARGETS; i++) {
            hcl.append("target \"t")
                    .append(i)
                    .append("\" {\n")
                    .append("  dockerfile-inline = \"FROM busybox:local\\nRUN echo ${NONCE} t")
                    .append(i)
                    .append(" && sleep 2\\n\"\n}\n");
        }
        return hcl.toString();
    }
}
