package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon that {@code scripts/test-daemon.sh start} gives @Tag("daemon") tests: Docker Engine at
 * {@code DOCKER_HOST}, the {@code docker} CLI on {@code PATH}, a registry at {@code JBAKE_TEST_REGISTRY}.
 */
public final class TestDaemon {

  private TestDaemon() {
  }

  /** The Docker Engine endpoint from {@code DOCKER_HOST}; the test fails when it is not set. */
  public static Endpoint endpoint() {
    String host = System.getenv("DOCKER_HOST");
    if (host == null || host.isEmpty()) {
      throw new IllegalStateException("DOCKER_HOST is not set: run eval \"$(scripts/test-daemon.sh start)\" first");
    }
    return Endpoint.docker(host, null);
  }

  /** Runs the docker CLI against the test daemon and returns its stdout; fails the test on a non-zero exit. */
  public static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 60 s");
    }
    assertEquals(0, p.exitValue(), "docker " + String.join(" ", args));
    return out;
  }

  /**
   * Copies the machine's ssh-add with its shared libraries into the context, so a busybox build step can
   * run a real agent client through the dynamic loader: {@link #SSH_ADD} in the step.
   */
  public static void copySshAdd(Path context) throws IOException, InterruptedException {
    Path tools = Files.createDirectories(context.resolve("tools"));
    Files.copy(Path.of("/usr/bin/ssh-add"), tools.resolve("ssh-add"));
    Process ldd = new ProcessBuilder("ldd", "/usr/bin/ssh-add").redirectErrorStream(true).start();
    String libraries = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ldd.waitFor(), libraries);
    for (String line : libraries.lines().toList()) {
      String[] parts = line.trim().split("\\s+");
      String library = parts.length >= 3 && parts[1].equals("=>") ? parts[2] : parts[0];
      if (library.startsWith("/")) {
        Path source = Path.of(library).toRealPath();
        Files.copy(source, tools.resolve(Path.of(library).getFileName()));
      }
    }
  }

  /** The command that runs the ssh-add {@link #copySshAdd} put into a context copied to {@code /tools}. */
  public static final String SSH_ADD = "/tools/ld-linux-x86-64.so.2 --library-path /tools /tools/ssh-add";

  /**
   * Starts {@code ssh-agent} on {@code socket} and waits (up to 10 s) until it answers: its socket file exists
   * from its bind, before it listens, so a client that only waited for the file could be refused.
   */
  public static Process startSshAgent(Path socket) throws IOException, InterruptedException {
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 200; i++) {
      ProcessBuilder list = new ProcessBuilder("ssh-add", "-l").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      list.environment().put("SSH_AUTH_SOCK", socket.toString());
      if (list.start().waitFor() != 2) { // 2: no agent to talk to
        return agent;
      }
      Thread.sleep(50);
    }
    agent.destroyForcibly();
    throw new AssertionError("ssh-agent did not answer on " + socket + " within 10 s");
  }
}
