package io.jbake.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jbake [OPTIONS] [TARGET...]}: the flags of {@code docker buildx bake}. */
@Command(name = "jbake", mixinStandardHelpOptions = true, version = "jbake 0.1.0",
    description = "Build from a file (docker buildx bake, in Java)")
final class BakeCommand {

  static int execute(String[] args, Map<String, String> env, Path workDir, InputStream stdin,
      PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new BakeCommand());
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    return cl.execute(args);
  }
}
