import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The context-upload benchmark of issue 4: a 1 GiB context of 20,000 files sent by jbake's FileSync
 * service (run this JVM with {@code -Xmx256m}) and by {@code docker buildx build}, on the same daemon.
 *
 * <p>For each tool: the builder cache is pruned, a cold build uploads the whole context, then one file
 * is touched and a second build must send only that file. The Dockerfile bind-mounts the context in a RUN
 * step and exports nothing (cacheonly), so the time is dominated by the upload. Reported per build: wall
 * time of the build, BuildKit's own duration of the {@code [internal] load build context} step (the same
 * measure for both tools), the client's CPU time (this JVM / the docker CLI and buildx plugin; a fairer
 * measure than wall time on a loaded machine), and for jbake the files the daemon requested and the
 * content bytes sent.
 *
 * <pre>
 *   eval "$(scripts/test-daemon.sh start)"
 *   mvn -q -o -DskipTests package
 *   java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Xmn16m \
 *       -cp target/jbake.jar bench/ContextUploadBench.java [--dir /tmp/jbake-upload-bench]
 *       [--buildx PATH] [--tools jbake,buildx]
 * </pre>
 *
 * The JVM options are the {@code jbake} launcher's (plus the heap cap), so the CPU time is what a jbake
 * run spends: with the JVM's defaults (C2, G1) the JIT compilers alone take about as much CPU as the
 * upload. Each tool's numbers come from one run; on a loaded machine run it several times with
 * {@code --tools jbake} and {@code --tools buildx} alternating, and compare medians. Never run two at
 * once: they share the context directory and the daemon's cache of it.
 *
 * {@code --buildx} is the docker-buildx plugin binary to compare with (default: the reference buildx
 * 0.29.1 under /root/.cache/jbake-reference); it runs against the same {@code DOCKER_HOST}.
 */
public final class ContextUploadBench {
    private static final int FILES = 20_000;
    private static final long TOTAL_BYTES = 1L << 30;
    private static final int FILES_PER_DIR = 200;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jbake-upload-bench");
        Path buildx = Path.of("/root/.cache/jbake-reference/usr/libexec/docker/cli-plugins/docker-buildx");
        List<String> tools = List.of("jbake", "buildx");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                case "--buildx" -> buildx = Path.of(args[++i]);
                case "--tools" -> tools = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null) {
            throw new IllegalStateException("DOCKER_HOST is not set: eval \"$(scripts/test-daemon.sh start)\"");
        }
        System.out.printf(
                "JVM max heap %d MiB, options %s%n",
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        Path context = generate(dir.resolve("context"));
        Files.writeString(
                dir.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local",
                        "RUN --mount=type=bind,target=/ctx du -sk /ctx && find /ctx -type f | wc -l",
                        ""));
        Path touched = context.resolve("d0042/f0123.bin");

        List<String> rows = new ArrayList<>();
        if (tools.contains("jbake")) {
            try (BuildKitClient client = BuildKitClient.connect(
                    Endpoint.docker(dockerHost, null),
                    dirs -> ServerInterceptors.intercept(new FileSyncService(dirs).bindService(), COUNTER))) {
                prune();
                rows.add(jbake(client, context, dir.resolve("Dockerfile"), "cold"));
                touch(touched);
                rows.add(jbake(client, context, dir.resolve("Dockerfile"), "one file touched"));
            }
        }
        if (tools.contains("buildx")) {
            rows.addAll(buildxRows(buildx, dockerHost, context, dir.resolve("Dockerfile"), touched));
        }

        System.out.printf(
                "%n%-7s %-17s %9s %14s %9s %13s %15s%n",
                "tool", "build", "wall (s)", "load ctx (s)", "cpu (s)", "files sent", "content sent");
        rows.forEach(System.out::println);
        System.out.printf(
                "%npeak heap used by this JVM: %d MiB (limit %d MiB)%n",
                peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** 20,000 files of incompressible bytes in 100 directories, 1 GiB in all; reused when already there. */
    private static Path generate(Path context) throws IOException {
        Path marker = context.resolve(".complete");
        if (Files.exists(marker)) {
            return context;
        }
        Files.createDirectories(context);
        SplittableRandom random = new SplittableRandom(4);
        long perFile = TOTAL_BYTES / FILES;
        byte[] buffer = new byte[(int) perFile * 2];
        random.nextBytes(buffer);
        long written = 0;
        for (int i = 0; i < FILES; i++) {
            Path sub = Files.createDirectories(context.resolve(String.format("d%04d", i / FILES_PER_DIR)));
            long size = i == FILES - 1 ? TOTAL_BYTES - written : perFile;
            int offset = random.nextInt((int) perFile);
            try (OutputStream out = Files.newOutputStream(sub.resolve(String.format("f%04d.bin", i % FILES_PER_DIR)))) {
                out.write(buffer, offset, (int) Math.min(size, buffer.length - offset));
                for (long left = size - (buffer.length - offset); left > 0; left -= buffer.length) {
                    out.write(buffer, 0, (int) Math.min(left, buffer.length));
                }
            }
            written += size;
        }
        Files.writeString(marker, "");
        System.out.printf("generated %d files, %d MiB in %s%n", FILES, written >> 20, context);
        return context;
    }

    private static void touch(Path file) throws IOException {
        Files.write(
                file,
                ("touched " + System.nanoTime()).getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static void prune() throws Exception {
        Process p = new ProcessBuilder("docker", "builder", "prune", "-af")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker builder prune failed");
        }
    }

    // --- jbake: counts what the daemon asked for on the FileSync calls ---

    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong DATA_BYTES = new AtomicLong();

    private static final ServerInterceptor COUNTER = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            ServerCall<ReqT, RespT> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(RespT message) {
                    if (message instanceof Packet && ((Packet) message).getType() == Packet.PacketType.PACKET_DATA) {
                        DATA_BYTES.addAndGet(((Packet) message).getData().size());
                    }
                    super.sendMessage(message);
                }
            };
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(counting, headers)) {
                @Override
                public void onMessage(ReqT message) {
                    if (message instanceof Packet && ((Packet) message).getType() == Packet.PacketType.PACKET_REQ) {
                        REQUESTS.incrementAndGet();
                    }
                    super.onMessage(message);
                }
            };
        }
    };

    private static String jbake(BuildKitClient client, Path context, Path dockerfile, String label) {
        REQUESTS.set(0);
        DATA_BYTES.set(0);
        ContextTimer timer = new ContextTimer();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        client.build(
                BuildRequest.builder().context(context).dockerfile(dockerfile).build(), timer::status);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        return String.format(
                "%-7s %-17s %9.2f %14.2f %9.2f %13d %12.1f MiB",
                "jbake", label, wall, timer.seconds(), cpu, REQUESTS.get(), DATA_BYTES.get() / 1048576.0);
    }

    /** BuildKit's duration of the context-loading step, from the status stream. */
    private static final class ContextTimer {
        private double seconds = Double.NaN;

        synchronized void status(StatusResponse status) {
            for (Vertex vertex : status.getVertexesList()) {
                if (vertex.getName().equals("[internal] load build context")
                        && vertex.hasCompleted()
                        && vertex.hasStarted()) {
                    seconds = (toNanos(vertex.getCompleted()) - toNanos(vertex.getStarted())) / 1e9;
                }
            }
        }

        synchronized double seconds() {
            return seconds;
        }

        private static long toNanos(com.google.protobuf.Timestamp t) {
            return t.getSeconds() * 1_000_000_000L + t.getNanos();
        }
    }

    // --- docker buildx build with rawjson progress, for the same step's duration ---

    private static List<String> buildxRows(Path plugin, String dockerHost, Path context, Path dockerfile, Path touched)
            throws Exception {
        // one docker config for both runs: buildx keys its context cache on a node id stored there
        Path config = Files.createTempDirectory("jbake-bench-docker-config");
        Files.createDirectories(config.resolve("cli-plugins"));
        Files.createSymbolicLink(config.resolve("cli-plugins/docker-buildx"), plugin);
        List<String> rows = new ArrayList<>();
        prune();
        rows.add(buildx(config, dockerHost, context, dockerfile, "cold"));
        touch(touched);
        rows.add(buildx(config, dockerHost, context, dockerfile, "one file touched"));
        return rows;
    }

    private static String buildx(Path config, String dockerHost, Path context, Path dockerfile, String label)
            throws Exception {
        Path cpuFile = Files.createTempFile("jbake-bench-cpu", ".txt");
        ProcessBuilder builder = new ProcessBuilder(
                        "/usr/bin/time",
                        "-o",
                        cpuFile.toString(),
                        "-f",
                        "%U %S",
                        "docker",
                        "buildx",
                        "build",
                        "--progress=rawjson",
                        "--output",
                        "type=cacheonly",
                        "-f",
                        dockerfile.toString(),
                        context.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("DOCKER_HOST", dockerHost, "DOCKER_CONFIG", config.toString()));
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("docker buildx build failed:\n" + output);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String[] cpuParts = Files.readString(cpuFile).trim().split("\\s+");
        double cpu =
                Double.parseDouble(cpuParts[cpuParts.length - 2]) + Double.parseDouble(cpuParts[cpuParts.length - 1]);
        return String.format(
                "%-7s %-17s %9.2f %14.2f %9.2f %13s %15s",
                "buildx", label, wall, loadContextSeconds(output), cpu, "-", "-");
    }

    /** The load-build-context vertex's completed - started, from buildx's rawjson progress lines. */
    private static double loadContextSeconds(String rawjson) {
        double seconds = Double.NaN;
        java.util.regex.Pattern vertex =
                java.util.regex.Pattern.compile("\\{[^{}]*\"name\":\"\\[internal\\] load build context\"[^{}]*\\}");
        java.util.regex.Matcher m = vertex.matcher(rawjson);
        while (m.find()) {
            String json = m.group();
            String started = field(json, "started");
            String completed = field(json, "completed");
            if (started != null && completed != null) {
                seconds = (java.time.Instant.parse(completed).toEpochMilli()
                                - java.time.Instant.parse(started).toEpochMilli())
                        / 1000.0;
            }
        }
        return seconds;
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** CPU time of this JVM (all threads), for comparing work done when the machine is loaded. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
