import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of issue 5: jbake against {@code docker buildx bake} on the same daemon, on a generated
 * monorepo (a base target and 12 services of 200 files each; every service starts FROM base through a
 * {@code target:} context, mounts a secret, and has a cacheonly output).
 *
 * <p>Each round runs, for each tool in turn (the order alternates between rounds): builder cache pruned
 * then a cold build, a warm build (nothing changed), and a build after changing one file of one service.
 * Times are wall-clock times of the whole command, JVM start-up included. Prints the medians.
 *
 * <p>Tools: {@code jbake} (the launcher, as users run it: through the jbake server, started by its first
 * command if none runs), {@code jbake-in-process} (the launcher with {@code JBAKE_SERVER=0}: one JVM per
 * command), {@code jbake@DIR} (the launcher of another checkout, e.g. the one before a change) and {@code buildx}.
 * Default: {@code jbake,buildx}.
 *
 * <p>Scenarios ({@code --scenarios}, default {@code cold,warm,one-change}): {@code oneshot} is two more, as a CI
 * job's first command meets jbake: with no jbake server up (the benchmark's servers are stopped before each),
 * {@code oneshot-warm}, a warm build, and {@code oneshot-print}, a {@code --print}; each runs with a runtime directory
 * of its own, and the server a jbake run starts after its command is stopped once it is up.
 *
 * <pre>
 *   eval "$(scripts/test-daemon.sh start)"       # or any DOCKER_HOST both tools reach
 *   mvn -q -DskipTests package                     # ./jbake uses target/jbake.jar
 *   java bench/BakeBench.java [--rounds 3] [--tools jbake,jbake-in-process,buildx] [--dir /tmp/jbake-bench]
 *       [--scenarios cold,warm,one-change,oneshot]
 * </pre>
 *
 * {@code docker buildx} is the docker CLI with the buildx plugin found on PATH / DOCKER_CONFIG (the
 * reference one: {@code eval "$(cat /tmp/refenv.sh)"} puts buildx 0.29.1 there, then set DOCKER_HOST
 * back to the daemon under test).
 */
public final class BakeBench {
    private static final int SERVICES = 12;
    private static final int FILES_PER_SERVICE = 200;
    private static final List<String> SCENARIOS = List.of("cold", "warm", "one-change");
    private static final List<String> ONESHOT = List.of("oneshot-warm", "oneshot-print");

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        List<String> tools = List.of("jbake", "buildx");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jbake-bench");
        Path repo = Path.of("").toAbsolutePath();
        List<String> scenarios = SCENARIOS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tools" -> tools = List.of(args[++i].split(","));
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                case "--scenarios" ->
                    scenarios = List.of(args[++i].split(",")).stream()
                            .flatMap(s -> s.equals("oneshot") ? ONESHOT.stream() : java.util.stream.Stream.of(s))
                            .toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        generate(dir);
        // jbake's servers live in a runtime directory of the benchmark's own: stopping "every server" before a
        // one-shot run stops the benchmark's, not those of other jbake checkouts of this user
        Path runtime = Files.createDirectories(dir.resolve(".runtime"));
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        for (String tool : tools) {
            Map<String, List<Double>> byScenario = new LinkedHashMap<>();
            scenarios.forEach(s -> byScenario.put(s, new ArrayList<>()));
            times.put(tool, byScenario);
        }
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(tools);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String tool : order) {
                Map<String, String> env = Map.of(
                        "JBAKE_SERVER",
                        tool.equals("jbake-in-process") ? "0" : "1",
                        "XDG_RUNTIME_DIR",
                        runtime.toString());
                StringBuilder line = new StringBuilder(String.format("round %d %-16s", round, tool));
                for (String scenario : scenarios) {
                    List<String> command = command(tool, repo, dir);
                    Map<String, String> runEnv = env;
                    switch (scenario) {
                        case "cold" -> run(List.of("docker", "builder", "prune", "-af"), dir, false, Map.of());
                        case "one-change" ->
                            Files.writeString(
                                    dir.resolve("services/svc07/src/file-0042.txt"),
                                    "changed in round " + round + " for " + tool + " at " + System.nanoTime() + "\n");
                        case "oneshot-warm" -> {
                            Map<String, String> warmUp = withFreshRuntime(env, runtime);
                            run(command, dir, true, warmUp); // the cache is warm whatever ran before
                            stopStartedServer(warmUp, tool);
                            runEnv = withFreshRuntime(env, runtime);
                        }
                        case "oneshot-print" -> {
                            command.add("--print");
                            runEnv = withFreshRuntime(env, runtime);
                        }
                        default -> {}
                    }
                    times.get(tool).get(scenario).add(timed(command, dir, runEnv));
                    line.append(String.format(" %s %.2fs", scenario, last(times, tool, scenario)));
                    if (scenario.startsWith("oneshot")) {
                        stopStartedServer(runEnv, tool);
                    }
                }
                System.err.println(line);
            }
        }
        stopServers(runtime);
        System.out.printf("%nmedians over %d rounds (seconds, whole command)%n", rounds);
        // each jbake variant against buildx, when buildx ran
        List<String> compared = tools.contains("buildx")
                ? tools.stream().filter(t -> !t.equals("buildx")).toList()
                : List.of();
        System.out.printf("%-14s", "scenario");
        tools.forEach(t -> System.out.printf(" %19s", t));
        compared.forEach(t -> System.out.printf(" %19s", t + "/bx"));
        System.out.println();
        for (String scenario : scenarios) {
            System.out.printf("%-14s", scenario);
            for (String tool : tools) {
                System.out.printf(" %19.2f", median(times.get(tool).get(scenario)));
            }
            for (String tool : compared) {
                System.out.printf(
                        " %19.2f",
                        median(times.get(tool).get(scenario))
                                / median(times.get("buildx").get(scenario)));
            }
            System.out.println();
        }
    }

    private static double last(Map<String, Map<String, List<Double>>> times, String tool, String scenario) {
        List<Double> list = times.get(tool).get(scenario);
        return list.get(list.size() - 1);
    }

    /**
     * {@code env} with a runtime directory of its own under {@code runtime}: a one-shot run finds no jbake server
     * there, whatever earlier runs started (a first command's server starts once its command has exited).
     */
    private static Map<String, String> withFreshRuntime(Map<String, String> env, Path runtime) throws IOException {
        Path fresh = Files.createTempDirectory(runtime, "run-");
        Map<String, String> withRuntime = new java.util.HashMap<>(env);
        withRuntime.put("XDG_RUNTIME_DIR", fresh.toString());
        return withRuntime;
    }

    /**
     * Waits for the jbake server a one-shot run of {@code tool} started after its command (none for buildx and
     * in-process runs) and stops it, so it takes no CPU from the runs that follow.
     */
    private static void stopStartedServer(Map<String, String> env, String tool)
            throws IOException, InterruptedException {
        if (tool.equals("buildx") || tool.equals("jbake-in-process")) {
            return;
        }
        Path servers = Path.of(env.get("XDG_RUNTIME_DIR")).resolve("jbake");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(servers)) {
                try (var pidFiles = Files.newDirectoryStream(servers, "*.sock.pid")) {
                    if (pidFiles.iterator().hasNext()) {
                        stopServers(Path.of(env.get("XDG_RUNTIME_DIR")));
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        System.err.println("no jbake server started after a one-shot run of " + tool);
    }

    /** Stops the jbake servers of the benchmark's runtime directory and waits for their ends. */
    private static void stopServers(Path runtime) throws IOException {
        Path servers = runtime.resolve("jbake");
        if (!Files.isDirectory(servers)) {
            return;
        }
        try (var pidFiles = Files.newDirectoryStream(servers, "*.sock.pid")) {
            for (Path pidFile : pidFiles) {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                            .ifPresent(server -> {
                                server.destroy();
                                server.onExit().join();
                            });
                } catch (IOException | NumberFormatException e) {
                    // removed by its server meanwhile
                }
            }
        }
    }

    private static List<String> command(String tool, Path repo, Path dir) {
        List<String> bake = new ArrayList<>();
        if (tool.startsWith("jbake@")) {
            bake.add(Path.of(tool.substring("jbake@".length())).resolve("jbake").toString());
        } else {
            switch (tool) {
                case "jbake", "jbake-in-process" ->
                    bake.add(repo.resolve("jbake").toString());
                case "buildx" -> bake.addAll(List.of("docker", "buildx", "bake"));
                default ->
                    throw new IllegalArgumentException(
                            "unknown tool " + tool + ": jbake, jbake-in-process, jbake@DIR or buildx");
            }
        }
        bake.addAll(List.of("-f", dir.resolve("docker-bake.hcl").toString(), "--progress=quiet"));
        return bake;
    }

    private static double timed(List<String> command, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        run(command, dir, true, env);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void run(List<String> command, Path dir, boolean quiet, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(quiet ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BENCH_TOKEN", "bench-secret-value");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Writes the monorepo: deterministic contents, so every run benchmarks the same input. */
    private static void generate(Path dir) throws IOException {
        StringBuilder hcl = new StringBuilder();
        hcl.append("group \"default\" {\n  targets = [");
        for (int s = 1; s <= SERVICES; s++) {
            hcl.append(s == 1 ? "" : ", ").append('"').append(service(s)).append('"');
        }
        hcl.append("]\n}\n\n");
        hcl.append("target \"base\" {\n  context = \"base\"\n}\n\n");
        for (int s = 1; s <= SERVICES; s++) {
            hcl.append("target \"")
                    .append(service(s))
                    .append("\" {\n")
                    .append("  context  = \"services/")
                    .append(service(s))
                    .append("\"\n")
                    .append("  contexts = { base = \"target:base\" }\n")
                    .append("  secret   = [\"id=token,env=BENCH_TOKEN\"]\n")
                    .append("  output   = [\"type=cacheonly\"]\n")
                    .append("}\n\n");
        }
        write(dir.resolve("docker-bake.hcl"), hcl.toString());
        write(dir.resolve("base/Dockerfile"), """
        FROM busybox:local
        RUN mkdir -p /opt/base && echo base > /opt/base/VERSION
        """);
        for (int s = 1; s <= SERVICES; s++) {
            Path service = dir.resolve("services").resolve(service(s));
            write(service.resolve("Dockerfile"), """
          FROM base
          COPY src/ /srv/app/
          RUN --mount=type=secret,id=token,required=true test -s /run/secrets/token && ls /srv/app | wc -l > /srv/count
          """);
            for (int f = 1; f <= FILES_PER_SERVICE; f++) {
                Path file = service.resolve(String.format("src/file-%04d.txt", f));
                if (!Files.exists(file)) {
                    write(file, ("service " + s + " file " + f + "\n").repeat(20 + f % 50));
                }
            }
        }
    }

    private static String service(int s) {
        return String.format("svc%02d", s);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
