package io.jbake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a test starts jbake as a process of its own: in its own JVM ({@link Main}, as {@code JBAKE_SERVER=0}), or
 * as the launcher does, a {@link Client} of a jbake server. The server listens on a socket the test names
 * (in its temporary directory), writes its process id next to it, and is ended by {@link #stopServer}.
 */
public enum JbakeProcess {
  IN_PROCESS,
  THROUGH_SERVER;

  /** The command line that runs jbake with {@code args}; {@code socket} is the server's, if there is one. */
  public List<String> command(Path socket, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    if (this == IN_PROCESS) {
      command.add(Main.class.getName());
    } else {
      command.addAll(List.of("-D" + ServerAddress.SOCKET_PROPERTY + "=" + socket,
          "-D" + Server.IDLE_PROPERTY + "=60", Client.class.getName()));
    }
    command.addAll(List.of(args));
    return command;
  }

  /** The server processes serving on {@code socket} (none or one). */
  public static List<ProcessHandle> servers(Path socket) {
    try {
      Path pidFile = Path.of(socket + ".pid");
      return Files.exists(pidFile)
          ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).stream().toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the server on {@code socket}, if one runs, and waits for its end. */
  public static void stopServer(Path socket) {
    for (ProcessHandle server : servers(socket)) {
      server.destroyForcibly();
      server.onExit().join();
    }
  }
}
