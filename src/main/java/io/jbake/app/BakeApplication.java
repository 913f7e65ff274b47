package io.jbake.app;

import io.jbake.affected.AffectedTargets;
import io.jbake.bake.Bake;
import io.jbake.bake.BakeRequest;
import io.jbake.bake.Entitlements;
import io.jbake.bake.ListWriter;
import io.jbake.bake.RemoteDefinition;
import io.jbake.bake.RemoteUrls;
import io.jbake.bake.model.Attest;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.CallFunction;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.bake.model.PolicyEntry;
import io.jbake.bake.model.Target;
import io.jbake.build.BakeBuild;
import io.jbake.build.CallResults;
import io.jbake.build.MetadataFile;
import io.jbake.build.TargetGraph;
import io.jbake.buildkit.SourceExcerpt;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import io.jbake.graph.BuildGraph;
import io.jbake.graph.GraphException;
import io.jbake.graph.GraphFormat;
import io.jbake.graph.Scheduler;
import io.jbake.report.RunRecords;
import io.jbake.server.Console;
import io.jbake.server.Interrupts;
import io.jbake.server.Rehearsal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What one {@code jbake} command does with its flags ({@link BakeOptions}): prints the definition ({@code
 * --print}), lists its targets or variables ({@code --list}), prints its graph ({@code --graph}), rehearses it for
 * the launcher's class training, or builds it; it prints and exits as buildx does: errors as {@code ERROR:
 * <message>} (with the definition's lines for an error in it), exit 1; an interrupted command {@value
 * #CANCELLED_MESSAGE}, exit 130.
 */
public final class BakeApplication {
    /** The error of a command interrupted before it built (Go's error of a cancelled context, as buildx's). */
    public static final String CANCELLED_MESSAGE = "ERROR: context canceled";

    private final Map<String, String> env;
    private final Path workDir;
    private final Console console;
    private final CommandInterrupt interrupt;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * One command's surroundings.
     *
     * @param env the command's environment
     * @param workDir the command's working directory, which relative paths are resolved against
     * @param console its standard streams, the terminal of its stderr and its interrupts
     * @param interrupt what an interrupt does to this command, registered with the console's interrupts
     */
    public BakeApplication(Map<String, String> env, Path workDir, Console console, CommandInterrupt interrupt) {
        this.env = env;
        this.workDir = workDir;
        this.console = console;
        this.interrupt = interrupt;
        this.out = console.out();
        this.err = console.err();
    }

    /**
     * Runs the command.
     *
     * @return its exit code, as buildx's
     * @throws InvalidFlagException for a flag's value it cannot take, which the command line shows with its usage
     */
    public int run(BakeOptions options) {
        try {
            return bake(options);
        } catch (InvalidFlagException e) {
            throw e;
        } catch (RuntimeException e) {
            if (interrupt.cancelled()) {
                // whatever the interrupt made fail (the evaluation's Cancellation, a read of stdin or of a file)
                err.println(CANCELLED_MESSAGE);
                return Interrupts.INTERRUPTED_EXIT;
            }
            if (e instanceof BakeException || e instanceof GraphException || e instanceof BuildKitException) {
                if (e instanceof BakeException definitionError) {
                    definitionError
                            .source()
                            .ifPresent(s ->
                                    err.print(SourceExcerpt.of(s.filename(), s.content(), s.startLine(), s.endLine())));
                }
                err.println("ERROR: " + e.getMessage());
                return 1;
            }
            throw e;
        }
    }

    private int bake(BakeOptions options) {
        GraphFormat graphFormat = null;
        if (options.graph() != null) {
            try {
                graphFormat = GraphFormat.parse(options.graph());
            } catch (IllegalArgumentException e) {
                throw new InvalidFlagException("invalid argument " + GoLib.quote(options.graph())
                        + " for \"--graph\" flag: " + e.getMessage());
            }
        }
        String call = Boolean.TRUE.equals(options.check()) ? "check" : options.call();
        // cobra announces deprecated flags on stdout
        if (options.listTargets()) {
            out.println(
                    "Flag --list-targets has been deprecated, list-targets is deprecated, use list=targets instead");
        }
        if (options.listVariables()) {
            out.println(
                    "Flag --list-variables has been deprecated, list-variables is deprecated, use list=variables instead");
        }
        String listValue = options.list();
        if (listValue.isEmpty()) {
            if (options.listTargets()) {
                listValue = "targets";
            } else if (options.listVariables()) {
                listValue = "variables";
            }
        }

        List<String> allOverrides = new ArrayList<>(options.overrides());
        if (options.push()) {
            allOverrides.add("*.push=true");
        }
        if (options.load()) {
            allOverrides.add("*.load=true");
        }
        CallFunction callFunction = CallFunction.parse(call);
        if (callFunction != null) {
            allOverrides.add("*.call=" + callFunction.name());
        }
        if (options.noCache() != null) {
            allOverrides.add("*.no-cache=" + options.noCache());
        }
        if (options.pull() != null) {
            allOverrides.add("*.pull=" + options.pull());
        }
        if (!options.sbom().isEmpty()) {
            allOverrides.add("*.attest=" + Attest.canonicalFlag("sbom", options.sbom()));
        }
        if (!options.provenance().isEmpty()) {
            allOverrides.add("*.attest=" + Attest.canonicalFlag("provenance", options.provenance()));
        }
        boolean policyDisabled = policyOverrides(options.policy(), allOverrides);

        AffectedTargets.Request affectedRequest =
                new AffectedTargets.Request(options.affectedSince(), options.affectedFiles(), options.affectedForce());
        if (!affectedRequest.given() && !affectedRequest.force().isEmpty()) {
            throw new BakeException("--affected-force needs --affected-since or --affected-files");
        }
        boolean print = options.print();
        if (print && !listValue.isEmpty()) {
            throw new BakeException("--print and --list are mutually exclusive");
        }
        Entitlements entitlements = Entitlements.parse(options.allow());
        boolean building = !print && listValue.isEmpty() && graphFormat == null && !options.classTraining();
        Jobs jobs = jobs(options);
        int limit = jobs.parallel() == 0 ? Scheduler.UNBOUNDED : jobs.parallel();
        String progress = options.progress();
        // Connecting (JVM class loading included) overlaps with reading the definition files.
        // a remote definition is fetched by the builder, so --print and --list connect too
        boolean remote = RemoteUrls.split(options.targets()).url() != null;
        int nodeJobs = nodeJobs(options);
        int retries = retries(options);
        String poolRegistry = poolRegistry(options);
        CompletableFuture<BakeBuild> connecting = !building && !remote
                ? null
                : CompletableFuture.supplyAsync(() -> BakeBuild.connect(
                        options.builder(),
                        workDir,
                        env,
                        out,
                        err,
                        progress,
                        console.errTerminal(),
                        limit,
                        jobs.mode() != Jobs.Mode.DEFER_ERROR,
                        nodeJobs));
        // buildx shows the reading of the definition files on stderr for --print and --list too
        ProgressDisplay listing = (print || !listValue.isEmpty()) && !remote ? listingDisplay(progress) : null;
        boolean handedOver = false;
        Bake.FilesRead filesRead = null;
        try {
            RemoteDefinition remoteDefinition = null;
            if (remote) {
                String url = RemoteUrls.split(options.targets()).url();
                remoteDefinition = connected(connecting).fetchDefinition(url, remoteFileNames(options.files()));
            }
            BakeRequest request = new BakeRequest(
                    options.files(),
                    options.targets(),
                    allOverrides,
                    options.vars(),
                    env,
                    workDir,
                    console.stdin(),
                    remoteDefinition);
            filesRead = Bake.read(request);
            Bake bake = Bake.load(request, filesRead);
            // of the requested targets, those a change touches (--print, --list=targets, --graph and builds)
            AffectedTargets.Selection affected = affectedRequest.given() && !options.classTraining()
                    ? AffectedTargets.select(bake, request, affectedRequest)
                    : null;
            if (!listValue.isEmpty()) {
                ListWriter.ListRequest lr = ListWriter.ListRequest.parse(listValue);
                String text = lr.type().equals("targets")
                        ? affected != null
                                ? affected.list(bake.definition(), lr.format())
                                : ListWriter.targets(bake.definition(), lr.format())
                        : ListWriter.variables(bake.variables(), lr.format());
                if (listing != null) {
                    closeListing(listing, filesRead);
                } else {
                    handedOver = true;
                    closeRemoteListing(connecting, filesRead);
                }
                out.print(text);
                reportNoneAffected(affected);
                return 0;
            }
            Definition.Resolution resolved = affected == null ? bake.resolve() : bake.resolve(affected.selected());
            if (policyDisabled) {
                resolved.targets().values().forEach(Target::disablePolicy);
            }
            if (options.classTraining()) {
                GoJson.indent(resolved); // the --print path; its text is not wanted
                Rehearsal.run(resolved.targets(), env, workDir);
                return 0;
            }
            if (print) {
                String text = GoJson.indent(resolved);
                if (listing != null) {
                    closeListing(listing, filesRead);
                } else {
                    handedOver = true;
                    closeRemoteListing(connecting, filesRead);
                }
                out.println(text);
                reportNoneAffected(affected);
                return 0;
            }
            if (graphFormat != null) {
                if (affected != null) { // the requested targets' graph, the affected ones marked
                    out.print(graphFormat.render(
                            TargetGraph.of(affected.checked().targets()),
                            Target::linked,
                            t -> affected.isAffected(t.name())));
                    reportNoneAffected(affected);
                } else {
                    out.print(graphFormat.render(TargetGraph.of(resolved.targets()), Target::linked));
                }
                return 0;
            }
            if (affected != null && affected.selected().isEmpty()) {
                reportNoneAffected(affected); // nothing to build: not even the builder is needed
                return 0;
            }
            BuildGraph<Target> graph = TargetGraph.of(resolved.targets());
            checkDeferOutput(jobs, graph);
            if (options.atomic() && jobs.mode() == Jobs.Mode.DEFER_OUTPUT) {
                throw new BakeException("--atomic cannot be used with --jobs defer-output: --atomic already holds"
                        + " every tag back until all targets have succeeded");
            }
            ByteArrayOutputStream privileges = new ByteArrayOutputStream();
            try {
                if (rawJsonProgress(progress)) {
                    entitlements.checkForRawJson(resolved);
                } else {
                    entitlements.check(
                            resolved, workDir, env, new PrintStream(privileges, true, StandardCharsets.UTF_8), remote);
                }
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
            if (options.atomic()) {
                connected.publishAtomically();
            }
            connected.retries(retries);
            connected.poolRegistry(poolRegistry);
            RunRecords records = RunRecords.of(options.resultsFile(), options.reportFile(), progress, env, workDir);
            return build(graph, connected, resolved, callFunction, options.metadataFile(), jobs.mode(), records);
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

    /** Says on stderr that no requested target is affected, when none is. */
    private void reportNoneAffected(AffectedTargets.Selection affected) {
        if (affected != null && affected.selected().isEmpty()) {
            err.println(affected.noneMessage());
        }
    }

    /** The progress display of a bake that does not build: no builder, so no builder line. */
    private ProgressDisplay listingDisplay(String progress) {
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
     * The {@code -f} names a remote definition's source is to have: those without {@code cwd://}, which name
     * local files.
     */
    private List<String> remoteFileNames(List<String> files) {
        List<String> names = files.isEmpty() ? DefinitionFile.namesFromEnv(env, workDir) : files;
        return names.stream().filter(n -> !n.startsWith("cwd://")).toList();
    }

    /** For a remote definition's --print or --list: the reading of local files shown, then the display ended. */
    private static void closeRemoteListing(CompletableFuture<BakeBuild> connecting, Bake.FilesRead filesRead) {
        try (BakeBuild connected = connected(connecting)) {
            connected.definitionsRead(filesRead);
        }
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

    /**
     * {@code --jobs}, else {@code --parallel N} (jbake's, the same as {@code -j N}: at least 1), else the
     * {@code JBAKE_JOBS} environment variable (bake-action has no input for {@code -j}), else fail-fast without
     * a limit.
     */
    private Jobs jobs(BakeOptions options) {
        if (options.jobs() != null) {
            return Jobs.parse(options.jobs(), "--jobs");
        }
        Integer parallel = options.parallel();
        if (parallel != null) {
            if (parallel < 1) {
                throw new InvalidFlagException(
                        "invalid argument \"" + parallel + "\" for \"--parallel\" flag: must be at least 1");
            }
            return new Jobs(Jobs.Mode.FAIL_FAST, parallel);
        }
        String fromEnv = env.get("JBAKE_JOBS");
        if (fromEnv == null || fromEnv.isEmpty()) {
            return Jobs.DEFAULT;
        }
        try {
            return Jobs.parse(fromEnv, "JBAKE_JOBS");
        } catch (InvalidFlagException e) { // not a flag: no usage to show
            throw new BakeException(e.getMessage());
        }
    }

    /**
     * {@code --policy}: each value (only {@code strict} and {@code log-level}) is added to every target as
     * {@code *.policy+=<value>}; {@code disabled=true}, alone, replaces every target's policies once they are
     * resolved. Returns whether it was given.
     */
    private static boolean policyOverrides(List<String> values, List<String> overrides) {
        List<String> added = new ArrayList<>();
        for (String value : values) {
            PolicyEntry entry = PolicyEntry.parse(value);
            if (!entry.files().isEmpty()) {
                throw new BakeException(
                        "--policy does not accept filename; define policy files in the bake definition");
            }
            if (entry.reset()) {
                throw new BakeException(
                        "--policy does not accept reset; define policy composition in the bake definition");
            }
            if (entry.disabled()) {
                if (entry.strict() != null || entry.logLevel() != null || values.size() > 1) {
                    throw new BakeException("disabled policy cannot be combined with other policy flags");
                }
                return true;
            }
            added.add("*.policy+=" + value);
        }
        overrides.addAll(added);
        return false;
    }

    /**
     * {@code defer-output}: v0.38 rejects it with linked targets, and with a limit below the number of targets
     * taking part (linked ones included): every target must be able to wait at the barrier before the exports.
     */
    private static void checkDeferOutput(Jobs jobs, BuildGraph<Target> graph) {
        if (jobs.mode() != Jobs.Mode.DEFER_OUTPUT) {
            return;
        }
        if (jobs.parallel() != 0 && jobs.parallel() < graph.size()) {
            throw new BakeException("defer-output needs parallel=0 or at least " + graph.size()
                    + " (the targets taking part), not " + jobs.parallel());
        }
        if (graph.names().stream().anyMatch(n -> !graph.dependencies(n).isEmpty())) {
            throw new BakeException("defer-output cannot be used with linked targets");
        }
    }

    /** Whether the progress is {@code rawjson}, given so or by {@code BUILDKIT_PROGRESS} for {@code auto}. */
    private boolean rawJsonProgress(String progress) {
        String mode = progress.equalsIgnoreCase("auto") ? env.getOrDefault("BUILDKIT_PROGRESS", "") : progress;
        return mode.equalsIgnoreCase("rawjson");
    }

    /** {@code --node-jobs}: at least 1, or 0 when not given (each node's cores). */
    private static int nodeJobs(BakeOptions options) {
        if (options.nodeJobs() == null) {
            return 0;
        }
        if (options.nodeJobs() < 1) {
            throw new InvalidFlagException("invalid --node-jobs " + options.nodeJobs() + ": must be at least 1");
        }
        return options.nodeJobs();
    }

    /** {@code --retries}: at least 0, and 0 when not given (each target built once). */
    private static int retries(BakeOptions options) {
        if (options.retries() == null) {
            return 0;
        }
        if (options.retries() < 0) {
            throw new InvalidFlagException("invalid --retries " + options.retries() + ": must be at least 0");
        }
        return options.retries();
    }

    /**
     * {@code --pool-registry}, else {@code JBAKE_POOL_REGISTRY}: the repository a pool's linked targets cross nodes
     * through; empty for none (a linked chain then builds on one node).
     */
    private String poolRegistry(BakeOptions options) {
        String repository =
                options.poolRegistry() != null ? options.poolRegistry() : env.getOrDefault("JBAKE_POOL_REGISTRY", "");
        if (!repository.isEmpty()) {
            try {
                BakeBuild.checkPoolRegistry(repository);
            } catch (IllegalArgumentException e) {
                throw new InvalidFlagException(e.getMessage());
            }
        }
        return repository;
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
    private int build(
            BuildGraph<Target> graph,
            BakeBuild connected,
            Definition.Resolution resolved,
            CallFunction callFunction,
            String metadataFile,
            Jobs.Mode mode,
            RunRecords records) {
        BakeBuild.Report report;
        try (BakeBuild build = connected) {
            interrupt.building(build::cancel);
            report = build.run(graph, !metadataFile.isEmpty(), mode == Jobs.Mode.DEFER_OUTPUT, event -> {});
        }
        // --results and --report: written however the bake ended, that is their point
        Optional<String> recordsFailure = records.write(report.run(), err);
        if (recordsFailure.isPresent() && report.succeeded()) {
            throw new BakeException(recordsFailure.get());
        }
        recordsFailure.ifPresent(failure -> err.println("ERROR: " + failure));
        if (report.cancelled()) {
            err.println("ERROR: failed to solve: Canceled: context canceled");
            return Interrupts.INTERRUPTED_EXIT;
        }
        if (!report.succeeded()) {
            if (mode == Jobs.Mode.DEFER_ERROR) { // v0.38: the targets that succeeded under defer-error still get their
                // entries
                writeMetadata(metadataFile, report, callFunction);
            }
            err.print(report.errorReport());
            return 1;
        }
        writeMetadata(metadataFile, report, callFunction);
        return CallResults.print(out, resolved, callFunction, report.metadata());
    }

    private void writeMetadata(String metadataFile, BakeBuild.Report report, CallFunction callFunction) {
        if (metadataFile.isEmpty()) {
            return;
        }
        try {
            // as buildx, no warnings with --call
            MetadataFile.write(
                    workDir.resolve(metadataFile),
                    report.metadata(),
                    callFunction == null ? report.metadataWarnings() : Optional.empty());
        } catch (java.io.IOException e) {
            throw new BakeException("failed to write metadata file " + metadataFile + ": " + e.getMessage());
        }
    }
}
