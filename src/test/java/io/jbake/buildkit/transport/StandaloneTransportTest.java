package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.BuildResult;
import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.progress.ProgressDisplay;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jbake's standalone-buildkitd transports (unix socket, tcp with mutual TLS, Control.Session for the
 * session) against Docker Engine's /grpc behind {@link GrpcUpgradeRelay}, and the errors for daemons
 * that cannot be reached.
 */
@Tag("daemon")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneTransportTest {

    @TempDir
    static Path certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=jbake test CA",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem");
        for (String who : List.of("server", "client")) {
            openssl(
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=" + who,
                    "-keyout",
                    who + "-key.pem",
                    "-out",
                    who + ".csr");
            Files.writeString(
                    certs.resolve(who + ".ext"),
                    who.equals("server")
                            ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                            : "extendedKeyUsage=clientAuth\n");
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    who + ".csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca-key.pem",
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    who + ".ext",
                    "-out",
                    who + ".pem");
        }
        openssl(
                "pkcs12",
                "-export",
                "-in",
                "server.pem",
                "-inkey",
                "server-key.pem",
                "-passout",
                "pass:secret",
                "-out",
                "server.p12");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(certs.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** A TLS server socket on loopback with the test's server certificate, demanding a client certificate. */
    private static ServerSocket tlsServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(certs.resolve("server.p12").toFile())) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "secret".toCharArray());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = new FileInputStream(certs.resolve("ca.pem").toFile())) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SSLParameters params = server.getSSLParameters();
        params.setNeedClientAuth(true);
        params.setApplicationProtocols(new String[] {"h2"});
        server.setSSLParameters(params);
        return server;
    }

    /** A build whose Dockerfile and context come through FileSync in a Control.Session tunnel. */
    private static void buildThrough(Endpoint endpoint, Path dir) throws IOException {
        buildThrough(endpoint, dir, "remote/remote0");
    }

    /** @param builderNode the {@code <builder>/<node>} expected in {@code buildx.build.ref} */
    private static void buildThrough(Endpoint endpoint, Path dir, String builderNode) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:local\nCOPY hello.txt /\nRUN cat /hello.txt\n");
        Files.writeString(dir.resolve("hello.txt"), "hello through " + endpoint.address() + "\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BuildResult result;
        try (BuildKitClient client = BuildKitClient.connect(endpoint);
                ProgressDisplay display =
                        ProgressDisplay.create("plain", new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            assertEquals(Endpoint.Kind.BUILDKIT, client.endpoint().kind());
            result = client.build(
                    BuildRequest.builder()
                            .context(dir)
                            .imageResolveMode("local")
                            .noCache()
                            .build(),
                    display.forBuild(null));
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(
                log.matches("(?s).*#\\d+ \\d+\\.\\d{3} hello through "
                        + java.util.regex.Pattern.quote(endpoint.address()) + "\n#\\d+ DONE.*"),
                log);
        assertEquals(builderNode + "/" + result.ref(), result.metadata().get("buildx.build.ref"));
    }

    @Test
    void unixSocketBuildkitd(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.unix(TestDaemon.endpoint(), dir.resolve("buildkitd.sock"))) {
            Path context = Files.createDirectory(dir.resolve("ctx"));
            buildThrough(Endpoint.buildkit(relay.address(), null), context);
        }
    }

    @Test
    void tcpBuildkitdWithMutualTls(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.tcp(TestDaemon.endpoint(), tlsServer())) {
            TlsOptions tls = new TlsOptions(
                    certs.resolve("ca.pem"), certs.resolve("client.pem"), certs.resolve("client-key.pem"), null, false);
            buildThrough(Endpoint.buildkit(relay.address(), tls), dir);
        }
    }

    /**
     * Docker Engine over tcp with mutual TLS: the /grpc upgrade after the TLS handshake, in gRPC's connection,
     * and the /session upgrade on a TLS socket of its own.
     */
    @Test
    void dockerEngineOverTcpWithMutualTls(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay proxy = GrpcUpgradeRelay.tcpDockerProxy(TestDaemon.endpoint(), tlsServer())) {
            TlsOptions tls = new TlsOptions(
                    certs.resolve("ca.pem"), certs.resolve("client.pem"), certs.resolve("client-key.pem"), null, false);
            Endpoint endpoint = Endpoint.docker(proxy.address(), tls);
            Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:local\nCOPY hello.txt /\nRUN cat /hello.txt\n");
            Files.writeString(dir.resolve("hello.txt"), "hello through TLS to the engine\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (BuildKitClient client = BuildKitClient.connect(endpoint);
                    ProgressDisplay display = ProgressDisplay.create(
                            "plain", new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
                client.build(
                        BuildRequest.builder()
                                .context(dir)
                                .imageResolveMode("local")
                                .noCache()
                                .build(),
                        display.forBuild(null));
            }
            String log = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(log.matches("(?s).*#\\d+ \\d+\\.\\d{3} hello through TLS to the engine\n#\\d+ DONE.*"), log);
        }
    }

    /** A builder store with one instance, as {@code docker buildx create --name <name> --driver remote} writes it. */
    private static Map<String, String> storeWithRemoteBuilder(Path dir, String name, String endpoint, String driverOpts)
            throws IOException {
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Files.createDirectories(config.resolve("buildx/instances"));
        Files.writeString(
                config.resolve("buildx/instances/" + name),
                "{\"Name\":\"" + name + "\",\"Driver\":\"remote\","
                        + "\"Nodes\":[{\"Name\":\"" + name + "0\",\"Endpoint\":\"" + endpoint + "\",\"Platforms\":null,"
                        + "\"DriverOpts\":" + driverOpts + ",\"Flags\":null,\"Files\":null}],\"Dynamic\":false}");
        return Map.of("DOCKER_CONFIG", config.toString());
    }

    @Test
    void remoteBuilderOnAUnixSocketByName(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.unix(TestDaemon.endpoint(), dir.resolve("buildkitd.sock"))) {
            Map<String, String> env = storeWithRemoteBuilder(dir, "unixremote", relay.address(), "null");
            Path context = Files.createDirectory(dir.resolve("ctx"));
            buildThrough(Endpoint.fromEnvironment("unixremote", env, dir), context, "unixremote/unixremote0");
        }
    }

    @Test
    void remoteBuilderWithTlsDriverOptionsFromBuildxBuilder(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.tcp(TestDaemon.endpoint(), tlsServer())) {
            // servername as the remote driver takes it; the server certificate names localhost, not 127.0.0.1's host
            Map<String, String> env = new java.util.HashMap<>(storeWithRemoteBuilder(
                    dir,
                    "tlsremote",
                    relay.address(),
                    "{\"cacert\":\"" + certs.resolve("ca.pem") + "\",\"cert\":\"" + certs.resolve("client.pem")
                            + "\",\"key\":\"" + certs.resolve("client-key.pem") + "\",\"servername\":\"localhost\"}"));
            env.put("BUILDX_BUILDER", "tlsremote");
            Path context = Files.createDirectory(dir.resolve("ctx"));
            buildThrough(Endpoint.fromEnvironment("", env, dir), context, "tlsremote/tlsremote0");
        }
    }

    @Test
    void remoteBuilderServerNameIsVerified(@TempDir Path dir) throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.tcp(TestDaemon.endpoint(), tlsServer())) {
            Map<String, String> env = storeWithRemoteBuilder(
                    dir,
                    "wrongname",
                    relay.address(),
                    "{\"cacert\":\"" + certs.resolve("ca.pem") + "\",\"cert\":\"" + certs.resolve("client.pem")
                            + "\",\"key\":\"" + certs.resolve("client-key.pem") + "\",\"servername\":\"bk.example\"}");
            BuildKitException e = assertThrows(
                    BuildKitException.class,
                    () -> BuildKitClient.connect(Endpoint.fromEnvironment("wrongname", env, dir)));
            assertTrue(
                    e.getMessage().startsWith("cannot connect to buildkitd at " + relay.address() + ": "),
                    e.getMessage());
        }
    }

    /**
     * buildx's docker-container driver: a container {@code buildx_buildkit_<node>} whose {@code buildctl
     * dial-stdio} is a busybox {@code nc} to a relay on the host's loopback (no moby/buildkit image here), so
     * what is real is the engine's exec API, the hijacked stream and its stdout framing.
     */
    @Test
    void dockerContainerBuilderThroughExecDialStdio(@TempDir Path dir) throws Exception {
        String container = "buildx_buildkit_jbakedc0";
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.tcp(TestDaemon.endpoint(), GrpcUpgradeRelay.loopback())) {
            String port = relay.address().substring(relay.address().lastIndexOf(':') + 1);
            TestDaemon.docker("rm", "-f", container);
            TestDaemon.docker(
                    "run",
                    "-d",
                    "--name",
                    container,
                    "--network",
                    "host",
                    "busybox:local",
                    "sh",
                    "-c",
                    "printf '#!/bin/sh\\nexec nc 127.0.0.1 " + port + "\\n' >/bin/buildctl && chmod +x /bin/buildctl"
                            + " && exec sleep 600");
            Path config = Files.createDirectories(dir.resolve("docker-config/buildx/instances"));
            Files.writeString(
                    config.resolve("jbakedc"),
                    "{\"Name\":\"jbakedc\",\"Driver\":\"docker-container\","
                            + "\"Nodes\":[{\"Name\":\"jbakedc0\",\"Endpoint\":\"default\",\"Platforms\":null,\"DriverOpts\":null,"
                            + "\"Flags\":null,\"Files\":null}],\"Dynamic\":false}");
            Map<String, String> env = Map.of(
                    "DOCKER_CONFIG",
                    dir.resolve("docker-config").toString(),
                    "DOCKER_HOST",
                    TestDaemon.endpoint().address());
            Endpoint endpoint = Endpoint.fromEnvironment("jbakedc", env, dir);
            assertEquals(
                    "buildkitd in container " + container + " of Docker Engine at "
                            + TestDaemon.endpoint().address(),
                    endpoint.toString());
            Path context = Files.createDirectory(dir.resolve("ctx"));
            buildThrough(endpoint, context, "jbakedc/jbakedc0");
        } finally {
            TestDaemon.docker("rm", "-f", container);
        }
    }

    @Test
    void dockerContainerBuilderWithoutItsContainerIsAClearError(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker-config/buildx/instances"));
        Files.writeString(
                config.resolve("gone"),
                "{\"Name\":\"gone\",\"Driver\":\"docker-container\","
                        + "\"Nodes\":[{\"Name\":\"gone0\",\"Endpoint\":\"default\"}],\"Dynamic\":false}");
        Map<String, String> env = Map.of(
                "DOCKER_CONFIG",
                dir.resolve("docker-config").toString(),
                "DOCKER_HOST",
                TestDaemon.endpoint().address());
        BuildKitException e = assertThrows(
                BuildKitException.class, () -> BuildKitClient.connect(Endpoint.fromEnvironment("gone", env, dir)));
        assertEquals(
                "cannot connect to buildkitd in container buildx_buildkit_gone0 of Docker Engine at "
                        + TestDaemon.endpoint().address() + ": No such container: buildx_buildkit_gone0",
                e.getMessage());
    }

    @Test
    void tlsServerNotSignedByTheGivenCaIsRefusedAtConnect() throws Exception {
        try (GrpcUpgradeRelay relay = GrpcUpgradeRelay.tcp(TestDaemon.endpoint(), tlsServer())) {
            // the client certificate is not a CA: the server's certificate cannot chain to it
            TlsOptions tls = new TlsOptions(certs.resolve("client.pem"), null, null, null, false);
            BuildKitException e = assertThrows(
                    BuildKitException.class, () -> BuildKitClient.connect(Endpoint.buildkit(relay.address(), tls)));
            assertTrue(
                    e.getMessage().startsWith("cannot connect to buildkitd at " + relay.address() + ": "),
                    e.getMessage());
        }
    }

    @Test
    void missingUnixSocketFailsAtOnceWithTheAddress(@TempDir Path dir) {
        String address = "unix://" + dir.resolve("nothing.sock");
        long start = System.nanoTime();
        BuildKitException docker =
                assertThrows(BuildKitException.class, () -> BuildKitClient.connect(Endpoint.docker(address, null)));
        assertEquals(
                "cannot connect to Docker Engine at " + address + ": No such file or directory", docker.getMessage());
        BuildKitException buildkit =
                assertThrows(BuildKitException.class, () -> BuildKitClient.connect(Endpoint.buildkit(address, null)));
        assertEquals(
                "cannot connect to buildkitd at " + address + ": No such file or directory", buildkit.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void closedTcpPortFailsAtOnce() throws Exception {
        int port;
        try (ServerSocket s = GrpcUpgradeRelay.loopback()) {
            port = s.getLocalPort();
        }
        String address = "tcp://127.0.0.1:" + port;
        BuildKitException e =
                assertThrows(BuildKitException.class, () -> BuildKitClient.connect(Endpoint.buildkit(address, null)));
        assertEquals("cannot connect to buildkitd at " + address + ": Connection refused", e.getMessage());
    }

    @Test
    void silentServerFailsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = GrpcUpgradeRelay.loopback()) { // accepts (backlog) and never answers
            assertSilentPeerFailsWithinTheConnectTimeout("tcp://127.0.0.1:" + silent.getLocalPort());
        }
    }

    @Test
    void silentUnixSocketServerFailsWithinTheConnectTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket)); // accepts (backlog) and never answers
            assertSilentPeerFailsWithinTheConnectTimeout("unix://" + socket);
        }
    }

    /** buildkitd at {@code address} goes through the relay, whose connection succeeds; gRPC then hears nothing. */
    private static void assertSilentPeerFailsWithinTheConnectTimeout(String address) {
        long start = System.nanoTime();
        BuildKitException e = assertThrows(
                BuildKitException.class,
                () -> BuildKitClient.connect(
                        Endpoint.buildkit(address, null).withConnectTimeout(Duration.ofSeconds(2))));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("buildkitd at " + address + " does not answer as BuildKit: no answer within 2s", e.getMessage());
        assertTrue(
                millis >= 1500 && millis < 8000,
                millis + " ms"); // 2 s given, not the default 10 s; room for a loaded machine
    }

    @Test
    void daemonLostDuringTheBuildIsAClearErrorNotAHang(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:local\nRUN echo started && sleep 60\n");
        try (GrpcUpgradeRelay proxy = GrpcUpgradeRelay.dockerProxy(TestDaemon.endpoint(), dir.resolve("docker.sock"));
                BuildKitClient client = BuildKitClient.connect(Endpoint.docker(proxy.address(), null))) {
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Void> build =
                    java.util.concurrent.CompletableFuture.runAsync(() -> client.build(
                            BuildRequest.builder().context(dir).noCache().build(),
                            status -> status.getLogsList().forEach(l -> running.countDown())));
            assertTrue(running.await(60, TimeUnit.SECONDS), "the RUN step never logged");
            long start = System.nanoTime();
            proxy.dropConnections();
            java.util.concurrent.ExecutionException e =
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> build.get(30, TimeUnit.SECONDS));
            assertEquals(BuildKitException.class, e.getCause().getClass());
            assertTrue(
                    e.getCause()
                            .getMessage()
                            .startsWith("lost the connection to Docker Engine at " + proxy.address() + ": "),
                    e.getCause().getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        }
    }
}
