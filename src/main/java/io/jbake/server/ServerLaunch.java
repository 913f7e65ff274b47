package io.jbake.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a jbake server is started: its command (the JVM, its options, the server's main class and socket), its
 * environment and the log its output goes to; it runs in {@code /} in a session of its own.
 *
 * @param command the program (an absolute path) and its arguments
 * @param environment the whole environment of the server
 * @param log the file the server's stdout and stderr are appended to
 */
record ServerLaunch(List<String> command, Map<String, String> environment, Path log) {
    /** The first field of {@link #encode()}, which the C client checks. */
    static final String MAGIC = "jbake-server-launch-1";

    /** The last field, so a request cut short (its JVM killed while writing) is told from a whole one. */
    static final String END = "end";

    /**
     * This launch as the C client's server starter reads it (src/main/c/jbake-client.c): fields ended by a NUL
     * byte, {@code MAGIC, log, count, command..., count, NAME=value..., END}.
     */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, MAGIC);
        field(out, log.toString());
        field(out, Integer.toString(command.size()));
        command.forEach(argument -> field(out, argument));
        field(out, Integer.toString(environment.size()));
        environment.forEach((name, value) -> field(out, name + "=" + value));
        field(out, END);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
