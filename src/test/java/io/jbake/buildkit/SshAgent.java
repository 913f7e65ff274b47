package io.jbake.buildkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH ssh-agent on a socket of the test's, kept in the foreground ({@code -D}) so it stays this
 * JVM's child and {@link #close()} ends it.
 */
public final class SshAgent implements AutoCloseable {
  private final Process process;
  private final Path socket;

  private SshAgent(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * Starts an agent listening on {@code socket}. Returns once it listens: {@code ssh-agent -D} prints its
   * {@code SSH_AUTH_SOCK=} line after binding the socket, so that line is the event waited for.
   */
  public static SshAgent start(Path socket) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = output.readLine()) != null; ) {
      if (line.startsWith("SSH_AUTH_SOCK=")) {
        return new SshAgent(process, socket);
      }
      seen.append(line).append('\n');
    }
    process.waitFor(10, TimeUnit.SECONDS);
    throw new AssertionError("ssh-agent did not start: " + seen);
  }

  public Path socket() {
    return socket;
  }

  /** Adds a private key with {@code ssh-add}; fails the test when ssh-add does. */
  public void add(Path key) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
    builder.environment().put("SSH_AUTH_SOCK", socket.toString());
    Process add = builder.start();
    String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!add.waitFor(30, TimeUnit.SECONDS) || add.exitValue() != 0) {
      add.destroyForcibly();
      throw new AssertionError("ssh-add " + key + " failed: " + output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
