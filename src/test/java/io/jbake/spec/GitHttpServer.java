package io.jbake.spec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Git's smart HTTP protocol on 127.0.0.1: Debian's {@code git http-backend} run as a CGI program for each
 * request, behind a check of the {@code Authorization} header (401 without the one expected). Records every
 * {@code Authorization} header it was sent. {@code main} serves a directory for runs by hand (the reference
 * buildx against the same server).
 */
final class GitHttpServer implements AutoCloseable {
    static final String HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";

    private final HttpServer server;
    private final List<String> authorizations = new ArrayList<>();

    /**
     * @param projectRoot the directory of the bare repositories served
     * @param authorization the {@code Authorization} header a request must carry
     */
    GitHttpServer(Path projectRoot, String authorization) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String given = exchange.getRequestHeaders().getFirst("Authorization");
                synchronized (authorizations) {
                    authorizations.add(given == null ? "" : given);
                }
                // an authentication scheme's name is case-insensitive (BuildKit's git writes "basic")
                if (given == null || !authorization.equalsIgnoreCase(given)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                runBackend(exchange, projectRoot);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The {@code Authorization} headers requests came with, in order ({@code ""} for none). */
    List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    private static void runBackend(HttpExchange exchange, Path projectRoot) throws IOException {
        ProcessBuilder cgi = new ProcessBuilder(HTTP_BACKEND);
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        String query = exchange.getRequestURI().getRawQuery();
        env.put("QUERY_STRING", query == null ? "" : query);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        env.put("REMOTE_USER", "x-access-token");
        env.put("REMOTE_ADDR", "127.0.0.1");
        Process backend = cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream body = exchange.getRequestBody();
                OutputStream in = backend.getOutputStream()) {
            body.transferTo(in);
        }
        byte[] output;
        try (InputStream out = backend.getInputStream()) {
            output = out.readAllBytes();
        }
        int end = headerEnd(output);
        String headers = new String(output, 0, end, StandardCharsets.ISO_8859_1);
        int status = 200;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, end, output.length - end);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            exchange.getResponseBody().write(body.toByteArray());
        }
    }

    /** Where the CGI headers end: after the first empty line. */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 3 < output.length
                    && output[i] == '\r'
                    && output[i + 1] == '\n'
                    && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return i + 4;
            }
        }
        return output.length;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Serves {@code args[0]} requiring the header {@code args[1]} until killed; prints the port, then headers. */
    public static void main(String[] args) throws Exception {
        try (GitHttpServer server = new GitHttpServer(Path.of(args[0]), args[1])) {
            System.out.println(server.port());
            int seen = 0;
            while (true) {
                Thread.sleep(500);
                List<String> all = server.authorizations();
                for (; seen < all.size(); seen++) {
                    System.out.println("Authorization: " + all.get(seen));
                }
            }
        }
    }
}
