package io.jbake.buildkit.transport;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS settings for a tcp daemon, as buildctl's {@code --tlscacert/--tlscert/--tlskey/--tlsservername} or
 * Docker's {@code DOCKER_CERT_PATH} give them. Files are PEM; the key must be unencrypted PKCS#8
 * ({@code BEGIN PRIVATE KEY}, what OpenSSL 3 writes).
 *
 * @param caCert CA bundle to trust, or null for the JVM's default trust store
 * @param cert client certificate chain for mutual TLS, or null
 * @param key the client certificate's private key, or null (set both or neither)
 * @param serverName name to verify the server certificate against, or null for the host name
 * @param skipVerify trust any server certificate (Docker contexts' {@code SkipTLSVerify})
 */
public record TlsOptions(Path caCert, Path cert, Path key, String serverName, boolean skipVerify) {

    public TlsOptions {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a TLS client certificate needs its key and the other way round");
        }
    }

    /** Docker's layout: {@code ca.pem}, {@code cert.pem} and {@code key.pem} in one directory, those that exist. */
    static TlsOptions fromDockerCertDir(Path dir, boolean skipVerify) {
        Path ca = dir.resolve("ca.pem");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        boolean client = Files.isRegularFile(cert) && Files.isRegularFile(key);
        return new TlsOptions(
                Files.isRegularFile(ca) ? ca : null, client ? cert : null, client ? key : null, null, skipVerify);
    }

    /** The JDK TLS context these options describe. */
    SSLContext sslContext() throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        try {
            if (skipVerify) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (caCert != null) {
                builder.trustManager(caCert.toFile());
            }
            if (cert != null) {
                builder.keyManager(cert.toFile(), key.toFile());
            }
            return ((JdkSslContext) builder.build()).context();
        } catch (Exception e) {
            throw new IOException("cannot load the TLS files (" + describe() + "): " + e.getMessage(), e);
        }
    }

    /** Layers TLS over {@code socket} and shakes hands, with the parameters of {@link #engines}. */
    SSLSocket handshake(Socket socket, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) sslContext().getSocketFactory().createSocket(socket, serverName(host), port, true);
        ssl.setSSLParameters(parameters(ssl.getSSLParameters()));
        ssl.startHandshake();
        return ssl;
    }

    /**
     * Makes client engines for connections to {@code host:port}: ALPN {@code h2} (gRPC servers may insist on
     * it), host name verification against {@code serverName} or {@code host}. The files are read once, here.
     *
     * @throws IOException when the files cannot be loaded
     */
    Supplier<SSLEngine> engines(String host, int port) throws IOException {
        SSLContext context = sslContext();
        String name = serverName(host);
        return () -> {
            SSLEngine engine = context.createSSLEngine(name, port);
            engine.setUseClientMode(true);
            engine.setSSLParameters(parameters(engine.getSSLParameters()));
            return engine;
        };
    }

    private String serverName(String host) {
        return serverName != null ? serverName : host;
    }

    private SSLParameters parameters(SSLParameters params) {
        params.setApplicationProtocols(new String[] {"h2"});
        if (!skipVerify) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return params;
    }

    private String describe() {
        StringBuilder s = new StringBuilder();
        if (caCert != null) {
            s.append("CA ").append(caCert);
        }
        if (cert != null) {
            s.append(s.length() > 0 ? ", " : "")
                    .append("certificate ")
                    .append(cert)
                    .append(", key ")
                    .append(key);
        }
        return s.length() == 0 ? "none" : s.toString();
    }
}
