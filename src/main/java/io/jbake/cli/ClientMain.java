package io.jbake.cli;

import io.jbake.server.Client;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The launcher's entry point ({@code jbake}): the command runs on this jar's jbake server ({@link Client}), else in
 * this JVM ({@link Main}), after which a server ({@link ServerMain}) is started for the next commands.
 */
public final class ClientMain {
    private ClientMain() {}

    public static void main(String[] args) throws IOException {
        OptionalInt code = Client.runOnServer(args, ServerMain.class);
        if (code.isPresent()) {
            System.exit(code.getAsInt());
        }
        int exit = Main.runHere(args);
        Client.startServer(ServerMain.class); // for the next commands, now that this one is done
        System.exit(exit);
    }
}
