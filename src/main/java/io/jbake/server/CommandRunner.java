package io.jbake.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * The jbake command, as the {@link Server} runs it for each client: this room hosts a command (its console, its
 * interrupts, its heap) and leaves what the command does to the one the process starts with ({@code
 * io.jbake.cli.ServerMain}).
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs one command with everything it reads from its surroundings given.
     *
     * @return the command's exit code
     */
    int run(String[] args, Map<String, String> env, Path workDir, Console console);
}
