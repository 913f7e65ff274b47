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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jbake [OPTIONS] [TARGET...]}: every flag of {@code docker buildx bake}
 * (bake-reference §9.1), parsed by picocli into {@link BakeOptions} for {@link BakeApplication}, which does the
 * command. Flag errors print as docker's CLI prints them, with the usage, exit 125. Two commands of jbake's own,
 * each only as the whole command line: {@code jbake version} ({@link Version}) and {@code jbake completion bash}
 * (or {@code zsh}), the shell completion script; {@code jbake -- version} builds a target named version.
 */
final class BakeCommand implements Callable<Integer> {
    /** Exit code of docker CLI usage errors (unknown flag, bad flag value). */
    static final int USAGE_EXIT = 125;

    // The flags, declared through picocli's programmatic API rather than its annotations: reading annotations
    // makes the JVM generate a proxy class for each annotation type, which the class-data archive cannot hold
    // (bench/StartupBench.java measures what it cost a one-shot --print). Each value is read after parsing.
    private final OptionSpec files = repeated("FILE", "Build definition file", "-f", "--file");
    private final OptionSpec overrides =
            repeated("stringArray", "Override target value (e.g., \"targetpattern.key=value\")", "--set");
    private final OptionSpec vars = repeated("stringArray", "Set a variable value (name=value)", "--var");
    private final OptionSpec print = flag("Print the options without building", "--print");
    private final OptionSpec list = value("string", "List targets or variables", "--list");
    private final OptionSpec listTargets = hidden(flag("List available targets", "--list-targets"));
    private final OptionSpec listVariables = hidden(flag("List defined variables", "--list-variables"));
    private final OptionSpec load = flag("Shorthand for \"--set=*.output=type=docker\". Conditional.", "--load");
    private final OptionSpec push = flag("Shorthand for \"--set=*.output=type=registry\". Conditional.", "--push");
    private final OptionSpec noCache = optionalBool("Do not use cache when building the image", "--no-cache");
    private final OptionSpec pull = optionalBool("Always attempt to pull all referenced images", "--pull");
    private final OptionSpec sbom = value("string", "Shorthand for \"--set=*.attest=type=sbom\"", "--sbom");
    private final OptionSpec provenance =
            value("string", "Shorthand for \"--set=*.attest=type=provenance\"", "--provenance");
    private final OptionSpec call =
            value("string", "Set method for evaluating build (\"check\", \"outline\", \"targets\")", "--call");
    private final OptionSpec check = optionalBool("Shorthand for \"--call=check\"", "--check");
    private final OptionSpec allow = repeated("stringArray", "Allow build to access specified resources", "--allow");
    private final OptionSpec policy = repeated(
            "stringArray",
            "Global policy evaluation options (format: \"[disabled=true|false][,strict=true|false][,log-level=level]\")",
            "--policy");
    private final OptionSpec graph =
            value("format", "Print the build graph without building: dot (the default), mermaid or json", "--graph");
    private final OptionSpec parallel = number(
            "Build at most this many targets at once (default: every target that is ready); the same as -j N",
            "--parallel");
    private final OptionSpec jobs = value(
            "string",
            "Set target execution behavior (format: N or mode[,parallel=N]; modes fail-fast, defer-error,"
                    + " defer-output; default: JBAKE_JOBS)",
            "-j",
            "--jobs");
    private final OptionSpec metadataFile = value("string", "Write build result metadata to a file", "--metadata-file");
    private final OptionSpec progress = value(
            "string",
            "Set type of progress output (\"auto\", \"none\", \"plain\", \"quiet\", \"rawjson\", \"tty\")",
            "--progress");
    private final OptionSpec builder = repeated(
            "string",
            "Override the configured builder instance; several (repeated, or a comma list) build as a pool, each"
                    + " target on one node",
            "--builder");
    private final OptionSpec nodeJobs = number(
            "Build at most this many targets at once on each node of a builder pool (default: the node's cores,"
                    + " else 2)",
            "--node-jobs");
    private final OptionSpec poolRegistry = value(
            "repo",
            "In a builder pool, build linked targets on any node: a base is pushed to this repository (one tag per"
                    + " bake) and its dependents pull it (default: JBAKE_POOL_REGISTRY; without it a linked chain"
                    + " builds on one node)",
            "--pool-registry");
    private final OptionSpec resultsFile = value(
            "file", "Write every target's result (status, times, cache hits, digest) to a JSON file", "--results");
    private final OptionSpec reportFile =
            value("file", "Write a self-contained HTML page of the build's timeline and failures", "--report");
    private final OptionSpec atomic =
            flag("Push every image by digest and write the tags only once every target has succeeded", "--atomic");
    private final OptionSpec retries = number(
            "Build a target again, at most this many times, after a failure that is not the build's own (daemon"
                    + " lost or restarted, registry 5xx or timeout on push); default 0",
            "--retries");
    private final OptionSpec debug = flag("Enable debug logging", "-D", "--debug");
    private final OptionSpec affectedSince = value(
            "ref",
            "Only the requested targets whose inputs or definition changed since this git revision"
                    + " (its merge base with HEAD), working tree included",
            "--affected-since");
    private final OptionSpec affectedFiles = value(
            "file",
            "Only the requested targets that these changed paths touch (one a line, relative to the"
                    + " repository root; - for stdin)",
            "--affected-files");
    private final OptionSpec affectedForce = repeated(
            "stringArray", "Take this target (name or pattern) as affected, with its dependents", "--affected-force");

    /**
     * For the launcher's class-data-sharing training run: resolves the definition as {@code --print} does
     * and rehearses building it without a daemon ({@link io.jbake.server.Rehearsal}), printing nothing, so the
     * archive holds the classes of both paths.
     */
    private final OptionSpec classTraining = hidden(flag("", "--class-training"));

    private final PositionalParamSpec targets = PositionalParamSpec.builder()
            .paramLabel("TARGET")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("Targets or groups to build")
            .build();

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this, ValueFactory.INSTANCE)
            .name("jbake")
            .versionProvider(new Version())
            .addPositional(targets);

    private BakeCommand() {
        spec.usageMessage().description("Build from a file (docker buildx bake, in Java)");
        for (OptionSpec option : List.of(
                files,
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
                call,
                check,
                allow,
                policy,
                graph,
                parallel,
                jobs,
                metadataFile,
                progress,
                builder,
                nodeJobs,
                poolRegistry,
                resultsFile,
                reportFile,
                atomic,
                retries,
                debug,
                affectedSince,
                affectedFiles,
                affectedForce,
                classTraining)) {
            spec.addOption(option);
        }
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .build());
    }

    /**
     * What picocli makes for the flags' values: a list for a repeated one. Not picocli's default factory, whose
     * first use looks for Groovy on the class path (a class lookup that fails, stack trace and all).
     */
    private enum ValueFactory implements CommandLine.IFactory {
        INSTANCE;

        @Override
        public <K> K create(Class<K> type) throws Exception {
            return type == List.class
                    ? type.cast(new ArrayList<String>())
                    : type.getDeclaredConstructor().newInstance();
        }
    }

    /** A flag that may be given several times, each time with one value: all of them, in order. */
    private static OptionSpec repeated(String label, String description, String... names) {
        return OptionSpec.builder(names)
                .paramLabel(label)
                .type(List.class)
                .auxiliaryTypes(String.class)
                .initialValue(new ArrayList<String>())
                .description(description)
                .build();
    }

    private static OptionSpec value(String label, String description, String... names) {
        return OptionSpec.builder(names)
                .paramLabel(label)
                .type(String.class)
                .description(description)
                .build();
    }

    /** A flag with a whole number; null when not given. */
    private static OptionSpec number(String description, String... names) {
        return OptionSpec.builder(names)
                .paramLabel("int")
                .type(Integer.class)
                .description(description)
                .build();
    }

    private static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names)
                .type(boolean.class)
                .initialValue(false)
                .description(description)
                .build();
    }

    /** {@code --flag} (true) or {@code --flag=bool}; null when not given. */
    private static OptionSpec optionalBool(String description, String... names) {
        return OptionSpec.builder(names)
                .paramLabel("bool")
                .arity("0..1")
                .type(Boolean.class)
                .description(description)
                .build();
    }

    private static OptionSpec hidden(OptionSpec option) {
        return option.toBuilder().hidden(true).build();
    }

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
        CommandLine cl = new CommandLine(command.spec, ValueFactory.INSTANCE);
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
                files.getValue(),
                targets.getValue() == null ? List.of() : targets.getValue(),
                overrides.getValue(),
                vars.getValue(),
                print.getValue(),
                orElse(list, ""),
                listTargets.getValue(),
                listVariables.getValue(),
                load.getValue(),
                push.getValue(),
                noCache.getValue(),
                pull.getValue(),
                orElse(sbom, ""),
                orElse(provenance, ""),
                policy.getValue(),
                orElse(call, "build"),
                check.getValue(),
                allow.getValue(),
                graph.getValue(),
                parallel.getValue(),
                jobs.getValue(),
                orElse(metadataFile, ""),
                orElse(progress, "auto"),
                String.join(",", builder.<List<String>>getValue()),
                classTraining.getValue(),
                affectedSince.getValue(),
                affectedFiles.getValue(),
                affectedForce.getValue(),
                nodeJobs.getValue(),
                orElse(resultsFile, ""),
                orElse(reportFile, ""),
                atomic.getValue(),
                retries.getValue(),
                poolRegistry.getValue());
        try {
            return new BakeApplication(env, workDir, console, interrupt).run(options);
        } catch (InvalidFlagException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String orElse(OptionSpec option, String ifNotGiven) {
        String value = option.getValue();
        return value == null ? ifNotGiven : value;
    }
}
