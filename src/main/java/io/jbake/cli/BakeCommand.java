package io.jbake.cli;

import io.jbake.app.BakeApplication;
import io.jbake.app.BakeOptions;
import io.jbake.app.CommandInterrupt;
import io.jbake.app.InvalidFlagException;
import io.jbake.server.Console;
import io.jbake.server.Interrupts;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbake [OPTIONS] [TARGET...]}: every flag of {@code docker buildx bake}
 * (bake-reference §9.1), parsed by picocli into {@link BakeOptions} for {@link BakeApplication}, which does the
 * command. Flag errors print as docker's CLI prints them, with the usage, exit 125. Two commands of jbake's own,
 * each only as the whole command line: {@code jbake version} ({@link Version}) and {@code jbake completion bash}
 * (or {@code zsh}), the shell completion script; {@code jbake -- version} builds a target named version.
 */
@Command(
        name = "jbake",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Build from a file (docker buildx bake, in Java)")
final class BakeCommand implements Callable<Integer> {
    /** Exit code of docker CLI usage errors (unknown flag, bad flag value). */
    static final int USAGE_EXIT = 125;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Build definition file")
    List<String> files = new ArrayList<>();

    @Option(
            names = "--set",
            paramLabel = "stringArray",
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

    @Option(
            names = "--no-cache",
            arity = "0..1",
            paramLabel = "bool",
            description = "Do not use cache when building the image")
    Boolean noCache;

    @Option(
            names = "--pull",
            arity = "0..1",
            paramLabel = "bool",
            description = "Always attempt to pull all referenced images")
    Boolean pull;

    @Option(names = "--sbom", paramLabel = "string", description = "Shorthand for \"--set=*.attest=type=sbom\"")
    String sbom = "";

    @Option(
            names = "--provenance",
            paramLabel = "string",
            description = "Shorthand for \"--set=*.attest=type=provenance\"")
    String provenance = "";

    @Option(
            names = "--call",
            paramLabel = "string",
            description = "Set method for evaluating build (\"check\", \"outline\", \"targets\")")
    String call = "build";

    @Option(names = "--check", arity = "0..1", paramLabel = "bool", description = "Shorthand for \"--call=check\"")
    Boolean check;

    @Option(names = "--allow", paramLabel = "stringArray", description = "Allow build to access specified resources")
    List<String> allow = new ArrayList<>();

    @Option(
            names = "--policy",
            paramLabel = "stringArray",
            description =
                    "Global policy evaluation options (format: \"[disabled=true|false][,strict=true|false][,log-level=level]\")")
    List<String> policy = new ArrayList<>();

    @Option(
            names = "--graph",
            paramLabel = "format",
            description = "Print the build graph without building: dot (the default), mermaid or json")
    String graph;

    @Option(
            names = "--parallel",
            paramLabel = "int",
            description = "Build at most this many targets at once (default: every target that is ready); the same as"
                    + " -j N")
    Integer parallel;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "string",
            description = "Set target execution behavior (format: N or mode[,parallel=N]; modes fail-fast,"
                    + " defer-error, defer-output; default: JBAKE_JOBS)")
    String jobs;

    @Option(names = "--metadata-file", paramLabel = "string", description = "Write build result metadata to a file")
    String metadataFile = "";

    @Option(
            names = "--progress",
            paramLabel = "string",
            description =
                    "Set type of progress output (\"auto\", \"none\", \"plain\", \"quiet\", \"rawjson\", \"tty\")")
    String progress = "auto";

    @Option(names = "--builder", paramLabel = "string", description = "Override the configured builder instance")
    String builder = "";

    @Option(
            names = {"-D", "--debug"},
            description = "Enable debug logging")
    boolean debug;

    /**
     * For the launcher's class-data-sharing training run: resolves the definition as {@code --print} does
     * and rehearses building it without a daemon ({@link io.jbake.server.Rehearsal}), printing nothing, so the
     * archive holds the classes of both paths.
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

    static int execute(String[] args, Map<String, String> env, Path workDir, Console console) {
        PrintStream out = console.out();
        PrintStream err = console.err();
        BakeCommand command = new BakeCommand();
        command.env = env;
        command.workDir = workDir;
        command.console = console;
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
        if (args.length == 1 && args[0].equals("version")) {
            out.println(Version.line());
            out.flush();
            return 0;
        }
        if (args.length == 2
                && args[0].equals("completion")
                && List.of("bash", "zsh").contains(args[1])) {
            // one script for both: picocli's runs in zsh through bashcompinit
            out.print(AutoComplete.bash("jbake", cl));
            out.flush();
            return 0;
        }
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

    /** The flags as given, run by the application; a flag value it cannot take is shown with the usage. */
    @Override
    public Integer call() {
        BakeOptions options = new BakeOptions(
                files,
                targets,
                overrides,
                vars,
                print,
                list,
                listTargets,
                listVariables,
                load,
                push,
                noCache,
                pull,
                sbom,
                provenance,
                policy,
                call,
                check,
                allow,
                graph,
                parallel,
                jobs,
                metadataFile,
                progress,
                builder,
                classTraining);
        try {
            return new BakeApplication(env, workDir, console, interrupt).run(options);
        } catch (InvalidFlagException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
