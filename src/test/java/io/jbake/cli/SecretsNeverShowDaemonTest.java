package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.SshAgent;
import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.proto.BuildHistoryEvent;
import io.jbake.buildkit.proto.BuildHistoryRequest;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.content.ContentGrpc;
import io.jbake.buildkit.proto.content.ReadContentRequest;
import io.jbake.buildkit.transport.DaemonConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Builds with secrets of every kind (a file, an environment variable, an id alone, resolved as buildx resolves
 * it: the variable named like the id) and SSH (an ssh-agent's key and a key file), each value a random
 * marker that the build must really read (its RUN steps compare the secrets' SHA-256 and sign with the keys),
 * then looks for every marker and the private keys' text wherever jbake writes or the daemon keeps
 * something: stdout and stderr of every progress mode and {@code --debug}, {@code --print}, the metadata file
 * with minimal and maximal provenance, the built image ({@code docker save}: every layer's files, the
 * config and its history), the daemon's build record and its blobs, the daemon's data directory, the
 * jbake server's files, and the errors for a secret file that is missing, a directory, too large or
 * unreadable. Each place is unpacked (gzip, tar, base64) before it is searched, and each search also finds
 * a text that must be there (the secrets' hash from the RUN line, the public key the image keeps), so that
 * an absence means something. In its own JVM and through a jbake server.
 */
@Tag("daemon")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SecretsNeverShowDaemonTest {
    @TempDir
    static Path root;

    private static Path project;
    private static Path socket;
    private static SshAgent agent;
    /** What must never show, by what it is. */
    private static final Map<String, String> secrets = new LinkedHashMap<>();

    private static String secretsHash;
    private static String agentPublicKey;
    private static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void project() throws Exception {
        TestDaemon.endpoint();
        project = Files.createDirectories(root.resolve("project"));
        socket = Files.createDirectories(root.resolve("server")).resolve("server.sock");
        Path ctx = Files.createDirectories(project.resolve("ctx"));
        String a = marker("a");
        String b = marker("b");
        String c = marker("c");
        secrets.put("file secret a", a);
        secrets.put("env secret b", b);
        secrets.put("id-only secret c", c);
        Files.writeString(project.resolve("a.txt"), a);
        Path agentKey = SshAgent.keygen(root.resolve("agent_key"), "ed25519", "");
        Path deployKey = SshAgent.keygen(project.resolve("deploy_key"), "ed25519", "");
        agentPublicKey = Files.readString(Path.of(agentKey + ".pub")).split(" ")[1];
        addPrivateKey("agent key", agentKey);
        addPrivateKey("deploy key", deployKey);
        agent = SshAgent.start(root.resolve("agent.sock"));
        agent.add(agentKey);

        String sshAdd = SshAgent.copySshAddInto(ctx);
        Files.copy(Path.of(agentKey + ".pub"), ctx.resolve("agent.pub"));
        Files.copy(Path.of(deployKey + ".pub"), ctx.resolve("deploy.pub"));
        secretsHash = sha256(a + b + c);
        Files.writeString(
                ctx.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM busybox:local",
                        "COPY tools /tools",
                        "COPY agent.pub deploy.pub /keys/",
                        "RUN --mount=type=secret,id=a,required=true --mount=type=secret,id=b,required=true"
                                + " --mount=type=secret,id=c,required=true"
                                + " test \"$(cat /run/secrets/a /run/secrets/b /run/secrets/c | sha256sum | cut -d ' ' -f 1)\" = "
                                + secretsHash,
                        "RUN --mount=type=ssh,required=true " + sshAdd + " -T /keys/agent.pub && " + sshAdd
                                + " -L > /agent.list",
                        "RUN --mount=type=ssh,id=deploy,required=true " + sshAdd + " -T /keys/deploy.pub",
                        ""));
        Files.writeString(project.resolve("docker-bake.hcl"), """
        variable "TAG" {}
        variable "A_SRC" {
          default = "./a.txt"
        }
        target "default" {
          context = "ctx"
          tags = [TAG]
          no-cache = true
          secret = ["id=a,src=${A_SRC}", "id=b,env=B_TOKEN", "id=c"]
          ssh = ["default", "deploy=./deploy_key"]
        }
        """);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        JbakeProcess.stopServer(socket);
        if (agent != null) {
            agent.close();
        }
        if (!images.isEmpty()) { // the tags of builds that failed, as meant, name no image
            List<String> rmi = new ArrayList<>(List.of("docker", "rmi"));
            rmi.addAll(images);
            new ProcessBuilder(rmi)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String marker(String name) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "jbake-secret-" + name + "-" + HexFormat.of().formatHex(random);
    }

    /** The key file's base64 body, whole and line by line (lines the public key also has are not secret). */
    private static void addPrivateKey(String name, Path key) throws IOException {
        String publicKey = Files.readString(Path.of(key + ".pub"));
        List<String> body = Files.readAllLines(key).stream()
                .filter(line -> !line.startsWith("-----"))
                .toList();
        secrets.put(name, String.join("", body));
        for (int i = 0; i < body.size(); i++) {
            if (!publicKey.contains(body.get(i))) {
                secrets.put(name + " line " + (i + 1), body.get(i));
            }
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private record Output(int code, String out, String err) {}

    /** The environment of every command: the secrets' sources, the agent, the image's tag. */
    private static Map<String, String> environment(String tag) {
        Map<String, String> env = new HashMap<>(System.getenv());
        List.of("BUILDKIT_PROGRESS", "NO_COLOR", "BUILDX_METADATA_PROVENANCE", "BUILDX_BAKE_FILE")
                .forEach(env::remove);
        env.put("B_TOKEN", secrets.get("env secret b"));
        env.put("c", secrets.get("id-only secret c"));
        env.put("SSH_AUTH_SOCK", agent.socket().toString());
        env.put("TAG", tag);
        return env;
    }

    private static String newImage() {
        String image = "jbake-secrets-test:" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
        images.add(image);
        return image;
    }

    /** The command line of jbake with {@code args}, granted the default agent's forwarding as buildx needs. */
    private static List<String> command(JbakeProcess how, String... args) {
        List<String> granted = new ArrayList<>(List.of("--allow=ssh"));
        granted.addAll(List.of(args));
        return how.command(socket, granted.toArray(String[]::new));
    }

    /** Runs jbake in the project directory, {@code how} says in which process. */
    private static Output jbake(JbakeProcess how, Map<String, String> env, String... args) throws Exception {
        Path outFile = Files.createTempFile(root, "out", "");
        Path errFile = Files.createTempFile(root, "err", "");
        ProcessBuilder builder = new ProcessBuilder(command(how, args))
                .directory(project.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jbake " + String.join(" ", args) + " did not end within 300 s");
        }
        return new Output(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
    }

    /** Runs jbake in a 200x50 pseudo-terminal ({@code script}); returns all it wrote there. */
    private static String jbakeInTerminal(JbakeProcess how, Map<String, String> env, String... args) throws Exception {
        StringBuilder command = new StringBuilder("stty cols 200 rows 50;");
        for (String word : command(how, args)) {
            command.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command + "; echo EXIT=$?", "/dev/null")
                .directory(project.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String written = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "script did not end");
        return written;
    }

    /**
     * Every progress mode builds with all the secrets (the build fails unless each was read and right; nothing
     * is cached) and none shows in the output, the metadata file, the image, the build record, the daemon's
     * data directory or the server's files.
     */
    @ParameterizedTest
    @EnumSource(names = {"IN_PROCESS", "THROUGH_SERVER"})
    void buildsReadEverySecretAndShowThemNowhere(JbakeProcess how) throws Exception {
        String image = newImage();
        Map<String, String> max = environment(image);
        max.put("BUILDX_METADATA_PROVENANCE", "max");
        Output plain = jbake(how, max, "--progress=plain", "--debug", "--load", "--metadata-file", "max.json");
        assertEquals(0, plain.code(), plain.err());
        // the steps that use the secrets and keys ran (not cached), so the build read them
        for (String step : List.of(
                "4/6] RUN --mount=type=secret,id=a",
                "5/6] RUN --mount=type=ssh,required",
                "6/6] RUN --mount=type=ssh,id=deploy")) {
            assertTrue(
                    Pattern.compile("(?ms)^(#\\d+) \\[stage-0 " + Pattern.quote(step) + ".*?^\\1 DONE ")
                            .matcher(plain.err())
                            .find(),
                    step + " did not run:\n" + plain.err());
        }
        assertNowhere("plain and --debug output", plain.out() + plain.err(), secretsHash);
        assertNowhere(project.resolve("max.json"), secretsHash);

        Map<String, String> min = environment(newImage());
        min.put("BUILDX_METADATA_PROVENANCE", "min");
        Output rawjson = jbake(how, min, "--progress=rawjson", "--metadata-file", "min.json");
        assertEquals(0, rawjson.code(), rawjson.err());
        assertNowhere("rawjson output", rawjson.out() + rawjson.err(), secretsHash);
        // min leaves the build's definition (where the hash is) out; the decoded provenance is there all the same
        assertNowhere(project.resolve("min.json"), "https://mobyproject.org/buildkit@v1");

        Output quiet = jbake(how, environment(newImage()), "--progress=quiet");
        assertEquals(0, quiet.code(), quiet.err());
        assertNowhere("quiet output", quiet.out() + quiet.err(), null);

        String tty = jbakeInTerminal(how, environment(newImage()), "--progress=tty");
        assertTrue(tty.contains("EXIT=0"), tty);
        assertNowhere("tty output", tty, "[+] Building");
        // read while the server is surely up: the scans below can outlast its idle time on a busy machine
        Haystack server = how == JbakeProcess.THROUGH_SERVER ? serverFiles() : null;

        assertNowhere(savedImage(image, agentPublicKey), "the image", agentPublicKey);
        assertNowhere(
                buildRecord(Files.readString(project.resolve("max.json")), secretsHash),
                "the build record",
                secretsHash);
        assertNowhere(daemonFiles(secretsHash), "the daemon's files", secretsHash);
        if (server != null) {
            assertNowhere(server, "the server's files", null);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"IN_PROCESS", "THROUGH_SERVER"})
    void printNamesTheSourcesNotTheValues(JbakeProcess how) throws Exception {
        Output print = jbake(how, environment("print-only"), "--print");
        assertEquals(0, print.code(), print.err());
        assertNowhere("--print output", print.out() + print.err(), "\"env\": \"B_TOKEN\"");
    }

    @ParameterizedTest
    @EnumSource(names = {"IN_PROCESS", "THROUGH_SERVER"})
    void secretFileErrorsShowNoSecret(JbakeProcess how) throws Exception {
        Files.createDirectories(project.resolve("a-dir"));
        StringBuilder big = new StringBuilder();
        while (big.length() <= 500 * 1024) {
            big.append(secrets.get("file secret a")).append('\n');
        }
        Files.writeString(project.resolve("big.txt"), big);

        assertFailsShowingNoSecret(how, "./missing.txt", "no such file or directory");
        assertFailsShowingNoSecret(how, "./a-dir", "is a directory");
        assertFailsShowingNoSecret(how, "./big.txt", "too big");
        if (how == JbakeProcess.THROUGH_SERVER) {
            assertNowhere(serverFiles(), "the server's files", null);
        }
    }

    @Test
    void anUnreadableSecretFileFailsShowingNoSecret() throws Exception {
        assumeFalse(
                (Integer) Files.getAttribute(root, "unix:uid") == 0,
                "runs as root, whom a file's mode does not stop reading it (the directory case covers a failing read)");
        Path locked = project.resolve("locked.txt");
        Files.writeString(locked, secrets.get("file secret a"));
        Files.setPosixFilePermissions(locked, Set.of());
        for (JbakeProcess how : List.of(JbakeProcess.IN_PROCESS, JbakeProcess.THROUGH_SERVER)) {
            assertFailsShowingNoSecret(how, "./locked.txt", "permission denied");
        }
    }

    /** A build whose secret a comes from {@code source} ends with exit code 1 and an error that says {@code why}. */
    private static void assertFailsShowingNoSecret(JbakeProcess how, String source, String why) throws Exception {
        Map<String, String> env = environment(newImage());
        env.put("A_SRC", source);
        Output run = jbake(how, env, "--progress=plain", "--debug");
        assertEquals(1, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("ERROR: ") && last.contains(why), run.err());
        assertNowhere("the error output for " + source, run.out() + run.err(), why);
    }

    /**
     * Fails naming each secret found in {@code haystack}, or when {@code mustHave} (a text that this place
     * holds when it was searched at all) is missing.
     */
    private static void assertNowhere(Haystack haystack, String place, String mustHave) {
        List<String> leaks = new ArrayList<>();
        secrets.forEach((name, value) -> haystack.whereFound(value).forEach(where -> leaks.add(name + " in " + where)));
        assertEquals(List.of(), leaks, place);
        if (mustHave != null) {
            assertTrue(!haystack.whereFound(mustHave).isEmpty(), place + " was searched without finding " + mustHave);
        }
    }

    /** A haystack that looks for the secrets and for {@code mustHave}. */
    private static Haystack haystack(String mustHave) {
        List<String> needles = new ArrayList<>(secrets.values());
        if (mustHave != null) {
            needles.add(mustHave);
        }
        return new Haystack(needles);
    }

    private static void assertNowhere(String where, String text, String mustHave) {
        Haystack haystack = haystack(mustHave);
        haystack.add(where, text.getBytes(StandardCharsets.UTF_8));
        assertNowhere(haystack, where, mustHave);
    }

    private static void assertNowhere(Path file, String mustHave) throws IOException {
        Haystack haystack = haystack(mustHave);
        haystack.add(file.toString(), Files.readAllBytes(file));
        assertNowhere(haystack, file.toString(), mustHave);
    }

    /** {@code docker save} of the image: its layers, config and history, as the tar holds them. */
    private static Haystack savedImage(String image, String mustHave) throws Exception {
        Path tar = root.resolve("image.tar");
        TestDaemon.docker("save", "-o", tar.toString(), image);
        Haystack haystack = haystack(mustHave);
        haystack.add("docker save " + image, Files.readAllBytes(tar));
        Files.delete(tar);
        return haystack;
    }

    /**
     * The daemon's history record of the build ({@code buildx.build.ref} of the metadata file) as the daemon
     * sends it, and every blob it names (logs, trace, provenance, results) from the daemon's content store.
     */
    private static Haystack buildRecord(String metadata, String mustHave) {
        Matcher ref = Pattern.compile("\"buildx\\.build\\.ref\": \"[^/\"]*/[^/\"]*/([^\"]+)\"")
                .matcher(metadata);
        assertTrue(ref.find(), metadata);
        Haystack haystack = haystack(mustHave);
        try (DaemonConnection connection = DaemonConnection.open(TestDaemon.endpoint())) {
            ManagedChannel channel = connection.channel();
            Iterator<BuildHistoryEvent> events = ControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .listenBuildHistory(BuildHistoryRequest.newBuilder()
                            .setRef(ref.group(1))
                            .setEarlyExit(true)
                            .build());
            Set<String> digests = new LinkedHashSet<>();
            while (events.hasNext()) {
                BuildHistoryEvent event = events.next();
                byte[] record = event.getRecord().toByteArray(); // the fields jbake's proto leaves out are kept
                haystack.add("build record " + ref.group(1), record);
                Matcher digest =
                        Pattern.compile("sha256:[0-9a-f]{64}").matcher(new String(record, StandardCharsets.ISO_8859_1));
                while (digest.find()) {
                    digests.add(digest.group());
                }
            }
            assertTrue(!digests.isEmpty(), "the build record names no blob");
            for (String digest : digests) {
                ByteArrayOutputStream blob = new ByteArrayOutputStream();
                try {
                    ContentGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(60, TimeUnit.SECONDS)
                            .withMaxInboundMessageSize(DaemonConnection.MAX_MESSAGE_BYTES)
                            .read(ReadContentRequest.newBuilder()
                                    .setDigest(digest)
                                    .build())
                            .forEachRemaining(
                                    chunk -> blob.writeBytes(chunk.getData().toByteArray()));
                } catch (StatusRuntimeException e) {
                    continue; // a digest the record names that is no blob (e.g. the image's config id)
                }
                haystack.add("blob " + digest + " of the build record", blob.toByteArray());
            }
        }
        return haystack;
    }

    /**
     * The test daemon's data directory and its containerd's (scripts/test-daemon.sh keeps them, and the
     * daemon's log, next to its socket): build history, content store, snapshots, image store.
     */
    private static Haystack daemonFiles(String mustHave) throws IOException {
        String host = System.getenv("DOCKER_HOST");
        assertTrue(host.startsWith("unix://"), host);
        Path run = Path.of(host.substring("unix://".length())).getParent();
        Haystack haystack = haystack(mustHave);
        for (Path place : List.of(run.resolve("root"), run.resolve("containerd-store"), run.resolve("dockerd.log"))) {
            assertTrue(Files.exists(place), place + " is not where the test daemon keeps its files");
            addTree(haystack, place);
        }
        return haystack;
    }

    /** The server's directory: its socket, lock, process id and log. */
    private static Haystack serverFiles() throws IOException {
        Haystack haystack = haystack(null);
        addTree(haystack, socket.getParent());
        assertTrue(Files.exists(Path.of(socket + ".pid")), "no server ran on " + socket);
        return haystack;
    }

    /** Adds every regular file under {@code top}; files that go away meanwhile (other builds) are passed over. */
    private static void addTree(Haystack haystack, Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    try {
                        haystack.add(file);
                    } catch (IOException e) {
                        // gone, or a file of another build being written
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Looks for its needles in what a place holds, opened up: gzip streams unpacked, tar archives split into
     * their entries, base64 runs decoded (the metadata file's provenance, JSON in blobs); searched as bytes.
     */
    static final class Haystack {
        private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{24,}={0,2}");
        private static final long LARGE = 64 << 20;
        private final Map<String, List<String>> found = new LinkedHashMap<>();

        Haystack(List<String> needles) {
            needles.forEach(needle -> found.put(needle, new ArrayList<>()));
        }

        void add(String where, byte[] bytes) {
            add(where, bytes, 0);
        }

        /** A file: opened up as {@link #add(String, byte[])} does, or, when large (other tests' files), read through. */
        void add(Path file) throws IOException {
            if (Files.size(file) <= LARGE) {
                add(file.toString(), Files.readAllBytes(file));
                return;
            }
            int overlap = found.keySet().stream().mapToInt(String::length).max().orElse(0);
            byte[] buffer = new byte[(int) LARGE];
            try (java.io.InputStream in = Files.newInputStream(file)) {
                int kept = 0;
                for (int read; (read = in.readNBytes(buffer, kept, buffer.length - kept)) > 0; ) {
                    String text = new String(buffer, 0, kept + read, StandardCharsets.ISO_8859_1);
                    found.forEach((needle, places) -> {
                        if (text.contains(needle) && !places.contains(file.toString())) {
                            places.add(file.toString());
                        }
                    });
                    kept = Math.min(overlap, kept + read);
                    System.arraycopy(buffer, text.length() - kept, buffer, 0, kept);
                }
            }
        }

        private void add(String where, byte[] bytes, int depth) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            found.forEach((needle, places) -> {
                if (text.contains(needle)) {
                    places.add(where);
                }
            });
            if (depth >= 4) {
                return;
            }
            if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    add(where + " (gunzipped)", in.readAllBytes(), depth + 1);
                } catch (IOException e) {
                    // not gzip after all
                }
            } else if (isTar(bytes)) {
                tarEntries(bytes).forEach((name, content) -> add(where + ":" + name, content, depth + 1));
            }
            Matcher run = BASE64.matcher(text);
            while (run.find()) {
                String encoded = run.group();
                try {
                    add(
                            where + " (base64 at " + run.start() + ")",
                            Base64.getDecoder().decode(encoded.substring(0, encoded.length() - encoded.length() % 4)),
                            depth + 1);
                } catch (IllegalArgumentException e) {
                    // letters that only look like base64
                }
            }
        }

        /** Where {@code needle} (one given at construction) was found. */
        List<String> whereFound(String needle) {
            return found.get(needle);
        }

        private static boolean isTar(byte[] bytes) {
            return bytes.length >= 512 && new String(bytes, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
        }

        /** A tar's regular entries (and PAX headers) by name: 512-byte headers, octal sizes, as docker save writes. */
        private static Map<String, byte[]> tarEntries(byte[] tar) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            int offset = 0;
            while (offset + 512 <= tar.length && tar[offset] != 0) {
                String name = field(tar, offset, 100);
                String prefix = field(tar, offset + 345, 155);
                long size = Long.parseLong(
                        field(tar, offset + 124, 12).trim().isEmpty()
                                ? "0"
                                : field(tar, offset + 124, 12).trim(),
                        8);
                int start = offset + 512;
                int end = (int) Math.min(tar.length, start + size);
                entries.put(
                        (prefix.isEmpty() ? "" : prefix + "/") + name + "@" + offset,
                        java.util.Arrays.copyOfRange(tar, start, end));
                offset = start + (int) ((size + 511) / 512 * 512);
            }
            return entries;
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.ISO_8859_1);
        }
    }
}
