package io.jbake.cli;

import io.jbake.server.Client;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The launcher's entry point ({@code jbake}): the command runs on this jar's jbake server ({@link Client}, which
 * starts one with {@link ServerMain} when none is up), else in this JVM ({@link Main}).
 */
public final class ClientMain {
    private ClientMain() {}

    public static void main(String[] args) throws IOException {
        OptionalInt code = Client.runOnServer(args, ServerMain.class);
        if (code.isPresent()) {
            System.exit(code.getAsInt());
        }
        Main.main(args);
    }
}
