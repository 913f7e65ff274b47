package io.jbake.cli;

import io.jbake.bake.Attest;
import io.jbake.bake.BakeException;
import io.jbake.bake.Bake;
import io.jbake.bake.BakeRequest;
import io.jbake.bake.CallFunction;
import io.jbake.bake.Definition;
import io.jbake.bake.Entitlements;
import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import io.jbake.bake.ListWriter;
import io.jbake.bake.Target;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.SourceExcerpt;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.build.BakeBuild;
import io.jbake.graph.BuildGraph;
import io.jbake.build.CallResults;
import io.jbake.graph.GraphException;
import io.jbake.build.MetadataFile;
import io.jbake.graph.Scheduler;
import io.jbake.graph.GraphFormat;
import io.jbake.build.TargetGraph;
import io.jbake.server.Console;
import io.jbake.server.Interrupts;
import io.jbake.server.Rehearsal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbake [OPTIONS] [TARGET...]}: every flag of {@code docker buildx bake}
 * (bake-reference §9.1). Flags are turned into a {@link BakeRequest}; errors print as buildx
 * prints them ({@code ERROR: <message>}, exit 1; flag errors exit 125).
 */
@Command(name = "jbake", mixinStandardHelpOptions = true, version = "jbake 0.1.0",
    description = "Build from a file (docker buildx bake, in Java)")
final class BakeCommand implements Callable<Integer> {
  /** Exit code of docker CLI usage errors (unknown flag, bad flag value). */
  static final int USAGE_EXIT = 125;
  /** The error of a command interrupted before it built (Go's error of a cancelled context, as buildx's). */
  static final String CANCELLED_MESSAGE = "ERROR: context canceled";

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Build definition file")
  List<String> files = new ArrayList<>();

  @Option(names = "--set", paramLabel = "stringArray",
      description = "Override target value (e.g., \"targetpattern.key=value\")")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--var", paramLabel = "stringArray", description = "Set a variable value (name=value)")
  List<String> vars = new ArrayList<>();

  @Option(names = "--print", description = "Print the options without building")
  boolean print;

  @Option(names = "--list", paramLabel = "string", description = "List targets or variables")
  String list = "";

  @Option(names = "--list-targets", hidden = true, description = "List available targets")
  boolean listTargets;

  @Option(names = "--list-variables", hidden = true, description = "List defined variables")
  boolean listVariables;

  @Option(names = "--load", description = "Shorthand for \"--set=*.output=type=docker\". Conditional.")
  boolean load;

  @Option(names = "--push", description = "Shorthand for \"--set=*.output=type=registry\". Conditional.")
  boolean push;

  @Option(names = "--no-cache", arity = "0..1", paramLabel = "bool",
      description = "Do not use cache when building the image")
  Boolean noCache;

  @Option(names = "--pull", arity = "0..1", paramLabel = "bool",
      description = "Always attempt to pull all referenced images")
  Boolean pull;

  @Option(names = "--sbom", paramLabel = "string", description = "Shorthand for \"--set=*.attest=type=sbom\"")
  String sbom = "";

  @Option(names = "--provenance", paramLabel = "string",
      description = "Shorthand for \"--set=*.attest=type=provenance\"")
  String provenance = "";

  @Option(names = "--call", paramLabel = "string",
      description = "Set method for evaluating build (\"check\", \"outline\", \"targets\")")
  String call = "build";

  @Option(names = "--check", arity = "0..1", paramLabel = "bool",
      description = "Shorthand for \"--call=check\"")
  Boolean check;

  @Option(names = "--allow", paramLabel = "stringArray",
      description = "Allow build to access specified resources")
  List<String> allow = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "stringArray", description = "Global policy options")
  List<String> policy = new ArrayList<>();

  @Option(names = "--graph", paramLabel = "format",
      description = "Print the build graph without building: dot (the default), mermaid or json")
  String graph;

  @Option(names = "--parallel", paramLabel = "int",
      description = "Build at most this many targets at once (default: every target that is ready)")
  Integer parallel;

  @Option(names = "--metadata-file", paramLabel = "string",
      description = "Write build result metadata to a file")
  String metadataFile = "";

  @Option(names = "--progress", paramLabel = "string",
      description = "Set type of progress output (\"auto\", \"none\", \"plain\", \"quiet\", \"rawjson\", \"tty\")")
  String progress = "auto";

  @Option(names = "--builder", paramLabel = "string", description = "Override the configured builder instance")
  String builder = "";

  @Option(names = {"-D", "--debug"}, description = "Enable debug logging")
  boolean debug;

  /**
   * For the launcher's class-data-sharing training run: resolves the definition as {@code --print} does
   * and rehearses building it without a daemon ({@link Rehearsal}), printing nothing, so the archive holds
   * the classes of both paths.
   */
  @Option(names = "--class-training", hidden = true)
  boolean classTraining;

  @Parameters(paramLabel = "TARGET", description = "Targets or groups to build")
  List<String> targets = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private Map<String, String> env;
  private Path workDir;
  private Console console;
  private CommandInterrupt interrupt;
  private PrintStream out;
  private PrintStream err;

  static int execute(String[] args, Map<String, String> env, Path workDir, Console console) {
    PrintStream out = console.out();
    PrintStream err = console.err();
    BakeCommand command = new BakeCommand();
    command.env = env;
    command.workDir = workDir;
    command.console = console;
    command.out = out;
    command.err = err;
    CommandInterrupt interrupt = new CommandInterrupt(console.interrupts());
    command.interrupt = interrupt;
    CommandLine cl = new CommandLine(command);
    cl.setOverwrittenOptionsAllowed(true); // as cobra: a single-value flag given twice takes the last value
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println(ex.getMessage());
      err.println();
      err.println("Usage:  docker buildx bake [OPTIONS] [TARGET...]");
      err.println();
      err.println("Run 'docker buildx bake --help' for more information");
      return USAGE_EXIT;
    });
    cl.setExecutionExceptionHandler((ex, c, p) -> {
      if (interrupt.cancelled()) {
        // whatever the interrupt made fail (the evaluation's Cancellation, a read of stdin or of a file)
        err.println(CANCELLED_MESSAGE);
        return Interrupts.INTERRUPTED_EXIT;
      }
      if (ex instanceof CommandLine.ParameterException pe) {
        return c.getParameterExceptionHandler().handleParseException(pe, args);
      }
      if (ex instanceof BakeException || ex instanceof GraphException || ex instanceof BuildKitException) {
        if (ex instanceof BakeException definitionError) {
          definitionError.source().ifPresent(s -> err.print(
              SourceExcerpt.of(s.filename(), s.content(), s.startLine(), s.endLine())));
        }
        err.println("ERROR: " + ex.getMessage());
        return 1;
      }
      throw ex;
    });
    int code;
    try (Interrupts.Registration interrupts = console.interrupts().onInterrupt(interrupt)) {
      code = cl.execute(withOptionalValues(args));
    } finally {
      Thread.interrupted(); // the thread may run more (a server's, a test's): the interrupt was this command's
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Gives a bare {@code --graph} its default value, as cobra does for flags with an optional value: only
   * {@code --graph=FORMAT} sets one, so in {@code --graph app} the target is {@code app}.
   */
  private static String[] withOptionalValues(String[] args) {
    String[] rewritten = args.clone();
    for (int i = 0; i < rewritten.length && !rewritten[i].equals("--"); i++) {
      if (rewritten[i].equals("--graph")) {
        rewritten[i] = "--graph=dot";
      }
    }
    return rewritten;
  }

  @Override
  public Integer call() {
    GraphFormat graphFormat = null;
    if (graph != null) {
      try {
        graphFormat = GraphFormat.parse(graph);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "invalid argument " + GoLib.quote(graph) + " for \"--graph\" flag: " + e.getMessage());
      }
    }
    if (Boolean.TRUE.equals(check)) {
      call = "check";
    }
    // cobra announces deprecated flags on stdout
    if (listTargets) {
      out.println("Flag --list-targets has been deprecated, list-targets is deprecated, use list=targets instead");
    }
    if (listVariables) {
      out.println("Flag --list-variables has been deprecated, list-variables is deprecated, use list=variables instead");
    }
    String listValue = list;
    if (listValue.isEmpty()) {
      if (listTargets) {
        listValue = "targets";
      } else if (listVariables) {
        listValue = "variables";
      }
    }

    List<String> allOverrides = new ArrayList<>(overrides);
    if (push) {
      allOverrides.add("*.push=true");
    }
    if (load) {
      allOverrides.add("*.load=true");
    }
    CallFunction callFunction = CallFunction.parse(call);
    if (callFunction != null) {
      allOverrides.add("*.call=" + callFunction.name());
    }
    if (noCache != null) {
      allOverrides.add("*.no-cache=" + noCache);
    }
    if (pull != null) {
      allOverrides.add("*.pull=" + pull);
    }
    if (!sbom.isEmpty()) {
      allOverrides.add("*.attest=" + Attest.canonicalFlag("sbom", sbom));
    }
    if (!provenance.isEmpty()) {
      allOverrides.add("*.attest=" + Attest.canonicalFlag("provenance", provenance));
    }

    if (print && !listValue.isEmpty()) {
      throw new BakeException("--print and --list are mutually exclusive");
    }
    Entitlements entitlements = Entitlements.parse(allow);
    boolean building = !print && listValue.isEmpty() && graphFormat == null && !classTraining;
    int limit = parallelLimit();
    // Connecting (JVM class loading included) overlaps with reading the definition files.
    CompletableFuture<BakeBuild> connecting = !building ? null : CompletableFuture.supplyAsync(() ->
        BakeBuild.connect(builder, workDir, env, out, err, progress, console.errTerminal(), limit));
    // buildx shows the reading of the definition files on stderr for --print and --list too
    ProgressDisplay listing = print || !listValue.isEmpty() ? listingDisplay() : null;
    boolean handedOver = false;
    Bake.FilesRead filesRead = null;
    try {
      BakeRequest request = new BakeRequest(files, targets, allOverrides, vars, env, workDir, console.stdin());
      filesRead = Bake.read(request);
      Bake bake = Bake.load(request, filesRead);
      if (!listValue.isEmpty()) {
        ListWriter.ListRequest lr = ListWriter.ListRequest.parse(listValue);
        String text = lr.type().equals("targets")
            ? ListWriter.targets(bake.definition(), lr.format())
            : ListWriter.variables(bake.variables(), lr.format());
        closeListing(listing, filesRead);
        out.print(text);
        return 0;
      }
      Definition.Resolution resolved = bake.resolve();
      if (classTraining) {
        GoJson.indent(resolved); // the --print path; its text is not wanted
        Rehearsal.run(resolved.targets(), env, workDir);
        return 0;
      }
      if (print) {
        String text = GoJson.indent(resolved);
        closeListing(listing, filesRead);
        out.println(text);
        return 0;
      }
      if (graphFormat != null) {
        out.print(graphFormat.render(TargetGraph.of(resolved.targets()), Target::linked));
        return 0;
      }
      BuildGraph<Target> graph = TargetGraph.of(resolved.targets());
      ByteArrayOutputStream privileges = new ByteArrayOutputStream();
      try {
        entitlements.check(resolved, workDir, env, new PrintStream(privileges, true, StandardCharsets.UTF_8));
      } finally {
        if (privileges.size() > 0) { // a report of missing grants, which buildx prints after the step
          showBeforeError(connecting, filesRead);
          handedOver = true;
          err.print(privileges.toString(StandardCharsets.UTF_8));
        }
      }
      handedOver = true;
      BakeBuild connected = connected(connecting);
      connected.definitionsRead(filesRead);
      return build(graph, connected, resolved, callFunction);
    } catch (RuntimeException e) {
      // as buildx, the step is shown before the error (not before an interrupt's: no waiting for the daemon)
      if (filesRead != null && !handedOver && !interrupt.cancelled()) {
        if (listing != null) {
          closeListing(listing, filesRead);
        } else if (connecting != null) {
          showBeforeError(connecting, filesRead);
          handedOver = true;
        }
      }
      throw e;
    } finally {
      if (listing != null) {
        listing.close();
      }
      if (connecting != null && !handedOver) {
        connecting.thenAccept(BakeBuild::close);
      }
    }
  }

  /** The progress display of a bake that does not build: no builder, so no builder line. */
  private ProgressDisplay listingDisplay() {
    try {
      return ProgressDisplay.create(progress, err, console.errTerminal(), env, "");
    } catch (IllegalArgumentException e) {
      throw new BakeException(e.getMessage()); // an unknown --progress mode
    }
  }

  /** Shows the reading of the definition files and ends the display (nothing more once it ended). */
  private static void closeListing(ProgressDisplay listing, Bake.FilesRead filesRead) {
    BakeBuild.showDefinitionsRead(listing, filesRead);
    listing.close();
  }

  /**
   * Shows the reading of the definition files on the build's display and closes it, for a bake that fails
   * before it builds; nothing when the builder could not be reached (that error is not this one).
   */
  private static void showBeforeError(CompletableFuture<BakeBuild> connecting, Bake.FilesRead filesRead) {
    BakeBuild connected;
    try {
      connected = connecting.join();
    } catch (CompletionException | CancellationException e) {
      return;
    }
    try (connected) {
      connected.definitionsRead(filesRead);
    }
  }

  /** {@code --parallel}: at least 1; unset means every ready target. */
  private int parallelLimit() {
    if (parallel == null) {
      return Scheduler.UNBOUNDED;
    }
    if (parallel < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "invalid argument \"" + parallel + "\" for \"--parallel\" flag: must be at least 1");
    }
    return parallel;
  }

  private static BakeBuild connected(CompletableFuture<BakeBuild> connecting) {
    try {
      return connecting.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw new BakeException(bad.getMessage()); // an unknown --progress mode
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Builds the graph and prints the results of targets that call a frontend method: exit 0, 1 after a
   * failure (named in the error), 130 when interrupted, or what the calls' results give ({@link CallResults}).
   */
  private int build(BuildGraph<Target> graph, BakeBuild connected, Definition.Resolution resolved,
      CallFunction callFunction) {
    BakeBuild.Report report;
    try (BakeBuild build = connected) {
      interrupt.building(build::cancel);
      report = build.run(graph, !metadataFile.isEmpty(), event -> { });
    }
    if (report.cancelled()) {
      err.println("ERROR: failed to solve: Canceled: context canceled");
      return Interrupts.INTERRUPTED_EXIT;
    }
    if (!report.succeeded()) {
      err.print(report.errorReport());
      return 1;
    }
    if (!metadataFile.isEmpty()) {
      try {
        // as buildx, no warnings with --call
        MetadataFile.write(workDir.resolve(metadataFile), report.metadata(),
            callFunction == null ? report.metadataWarnings() : Optional.empty());
      } catch (java.io.IOException e) {
        throw new BakeException("failed to write metadata file " + metadataFile + ": " + e.getMessage());
      }
    }
    return CallResults.print(out, resolved, callFunction, report.metadata());
  }
}
