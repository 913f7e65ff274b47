package io.jbake.cli;

import io.jbake.server.Server;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The jbake server's entry point ({@code ServerMain SOCKET}, started by a {@link ClientMain}): serves the jbake
 * command ({@link BakeCommand}) on SOCKET until idle; exits at once when another server holds it.
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        Server.run(Path.of(args[0]), BakeCommand::execute);
    }
}
