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
 * The soak benchmark of issue 10: a thousand mixed commands through one jbake server, as the launcher runs
 * them, and what the server keeps afterwards. The commands cycle through kinds: --print, --list and --graph
 * of bake-examples/monorepo, a definition error, an unknown target, and each hostile definition the limits of
 * io.jbake.hcl.limits.Limits stop (matrix combinations, string size, collection size, nesting depth) plus a 60,000
 * variable chain that is legal. Every kind must end with its expected exit code, or the benchmark fails.
 *
 * <p>Prints, per kind, the median and the slowest wall time (whole command: the launcher, its client and the
 * server's work), then the server's resident size (VmRSS) and its heap used after a full collection
 * ({@code jcmd GC.run}, {@code GC.heap_info}) after the warm-up round and after the last command.
 *
 * <pre>
 *   mvn -q -DskipTests package                      # ./jbake uses target/jbake.jar
 *   java bench/ServerSoakBench.java [--commands 1000] [--dir /tmp/jbake-soak]
 * </pre>
 */
public final class ServerSoakBench {
    /** One kind of command: its arguments (after -f FILE when it has a file of its own) and expected exit. */
    private record Kind(String name, String file, String content, List<String> args, int exit) {}

    public static void main(String[] args) throws Exception {
        int commands = 1000;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jbake-soak");
        Path repo = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--commands" -> commands = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(dir);
        String monorepo = "bake-examples/monorepo/docker-bake.hcl";
        List<Kind> kinds = List.of(
                new Kind("print", null, null, List.of("-f", monorepo, "--print"), 0),
                new Kind("list-targets", null, null, List.of("-f", monorepo, "--list=targets"), 0),
                new Kind("list-variables", null, null, List.of("-f", monorepo, "--list=variables"), 0),
                new Kind("graph", null, null, List.of("-f", monorepo, "--graph"), 0),
                new Kind("unknown-target", null, null, List.of("-f", monorepo, "--print", "nope"), 1),
                new Kind(
                        "syntax-error", "broken.hcl", "target \"app\" {\n  tags = [\"a\",\n}\n", List.of("--print"), 1),
                new Kind("matrix-limit", "matrix.hcl", matrix(), List.of("--print"), 1),
                new Kind("string-limit", "string.hcl", doubling(40), List.of("--print"), 1),
                new Kind(
                        "collection-limit",
                        "collection.hcl",
                        "target \"app\" {\n  args = { N = length(range(1000000)) }\n}\n",
                        List.of("--print"),
                        1),
                new Kind(
                        "nesting-limit",
                        "nesting.hcl",
                        "target \"app\" {\n  args = { X = " + "(".repeat(60_000) + "1" + ")".repeat(60_000) + " }\n}\n",
                        List.of("--print"),
                        1),
                new Kind("variable-chain", "chain.hcl", chain(60_000), List.of("--print"), 0));
        for (Kind kind : kinds) {
            if (kind.file() != null) {
                Files.writeString(dir.resolve(kind.file()), kind.content());
            }
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        kinds.forEach(k -> times.put(k.name(), new ArrayList<>()));

        System.out.printf(
                "load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        for (Kind kind : kinds) { // warm-up round, also starts the server
            run(repo, dir, kind);
        }
        long pid = serverPid(repo);
        Memory warm = memory(pid);
        for (int i = 0; i < commands; i++) {
            Kind kind = kinds.get(i % kinds.size());
            times.get(kind.name()).add(run(repo, dir, kind));
        }
        if (serverPid(repo) != pid) {
            throw new IllegalStateException("the server was replaced during the run");
        }
        Memory after = memory(pid);

        System.out.printf("%d commands through server pid %d%n%n", commands, pid);
        System.out.printf("%-18s %6s %10s %10s%n", "kind", "runs", "median s", "max s");
        times.forEach((name, list) -> {
            List<Double> sorted = list.stream().sorted().toList();
            System.out.printf(
                    "%-18s %6d %10.3f %10.3f%n",
                    name, sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        });
        System.out.printf(
                "%nserver after warm-up:  RSS %6.1f MB, heap used after full GC %6.1f MB%n",
                warm.rssMb(), warm.heapMb());
        System.out.printf(
                "server after %d:     RSS %6.1f MB, heap used after full GC %6.1f MB%n",
                commands, after.rssMb(), after.heapMb());
    }

    /** Runs one command through ./jbake, its own file in {@code dir}; checks its exit code; returns its wall time in seconds. */
    private static double run(Path repo, Path dir, Kind kind) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(repo.resolve("jbake").toString()));
        if (kind.file() != null) {
            command.addAll(List.of("-f", dir.resolve(kind.file()).toString()));
        }
        command.addAll(kind.args());
        long start = System.nanoTime();
        // from the repository, whose example names its files relative to it
        Process process = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false)
                .start();
        process.getOutputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(kind.name() + " did not end within 120 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != kind.exit()) {
            throw new IllegalStateException(kind.name() + " exited " + process.exitValue() + ": " + err);
        }
        if (err.contains("\tat ") || err.contains("Exception")) {
            throw new IllegalStateException(kind.name() + " printed a stack trace: " + err);
        }
        return seconds;
    }

    /**
     * The pid of the server of this jar: its socket is the first line of target/jbake.jar.server, its pid file
     * next to the socket.
     */
    private static long serverPid(Path repo) throws IOException {
        String socket =
                Files.readAllLines(repo.resolve("target/jbake.jar.server")).get(0);
        return Long.parseLong(Files.readString(Path.of(socket + ".pid")).trim());
    }

    private record Memory(double rssMb, double heapMb) {}

    private static Memory memory(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        // serial collector: "def new generation total NK, used NK" and "tenured generation total NK, used NK"
        double usedKb = 0;
        for (String line : heap.lines().toList()) {
            int used = line.indexOf(" used ");
            if (line.contains("generation") && used >= 0) {
                String number = line.substring(used + 6).trim().split("K")[0];
                usedKb += Double.parseDouble(number);
            }
        }
        double rssKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Double.parseDouble(line.replaceAll("[^0-9]", ""));
            }
        }
        return new Memory(rssKb / 1024, usedKb / 1024);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static String matrix() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            values.append(i == 0 ? "" : ", ").append("\"v").append(i).append('"');
        }
        StringBuilder hcl = new StringBuilder(
                "target \"m\" {\n  name = \"m-${k0}-${k1}-${k2}-${k3}-${k4}-${k5}\"\n" + "  matrix = {\n");
        for (int k = 0; k < 6; k++) {
            hcl.append("    k").append(k).append(" = [").append(values).append("]\n");
        }
        return hcl.append("  }\n}\n").toString();
    }

    private static String doubling(int count) {
        StringBuilder hcl = new StringBuilder("variable \"v0\" {\n  default = \"xxxxxxxxxxxxxxxx\"\n}\n");
        for (int i = 1; i <= count; i++) {
            hcl.append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = \"${v")
                    .append(i - 1)
                    .append("}${v")
                    .append(i - 1)
                    .append("}\"\n}\n");
        }
        return hcl.append("target \"app\" {\n  args = { X = v")
                .append(count)
                .append(" }\n}\n")
                .toString();
    }

    private static String chain(int count) {
        StringBuilder hcl = new StringBuilder("variable \"v0\" {\n  default = \"x\"\n}\n");
        for (int i = 1; i < count; i++) {
            hcl.append("variable \"v")
                    .append(i)
                    .append("\" {\n  default = [v")
                    .append(i - 1)
                    .append("]\n}\n");
        }
        return hcl.append("target \"default\" {\n  args = { N = length(flatten(v")
                .append(count - 1)
                .append(")) }\n}\n")
                .toString();
    }
}
