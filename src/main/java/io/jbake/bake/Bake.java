package io.jbake.bake;

import io.jbake.bake.hcl.VariableInfo;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.bake.model.Target;
import io.jbake.bake.overrides.Overrides;
import io.jbake.go.GoLib;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bake front end: reads the definition files of a {@link BakeRequest}, loads them into a
 * {@link Definition} and resolves the requested targets. Never contacts a daemon.
 *
 * <p>Typical use: {@code Bake.load(request).resolve()} gives the targets to build (or to print).
 */
public final class Bake {
    private final BakeRequest request;
    private final List<String> requestedTargets;
    private final Definition definition;
    private final Supplier<List<VariableInfo>> variables;
    private final FilesRead filesRead;

    /**
     * The reading of the definition files, which buildx shows as the first step of its progress display
     * whether or not the bake goes on from there.
     *
     * @param files the files read, in the order read
     * @param fromEnv whether {@code BUILDX_BAKE_FILE} named them
     * @param unreadable the name of the file whose reading failed (buildx shows it read, without a size), or null
     * @param failure why that file could not be read, or null
     * @param shown whether buildx shows the step: always for a local definition, for a remote one only when
     *     {@code cwd://} names local files besides it
     */
    public record FilesRead(
            List<DefinitionFile> files,
            Instant started,
            Instant completed,
            boolean fromEnv,
            String unreadable,
            BakeException failure,
            boolean shown) {}

    private Bake(
            BakeRequest request,
            List<String> requestedTargets,
            Definition definition,
            Supplier<List<VariableInfo>> variables,
            FilesRead filesRead) {
        this.request = request;
        this.filesRead = filesRead;
        this.requestedTargets = requestedTargets;
        this.definition = definition;
        this.variables = variables;
    }

    /** Reads and loads the definition files: {@code load(request, read(request))}. */
    public static Bake load(BakeRequest request) {
        return load(request, read(request));
    }

    /**
     * Reads the definition files the request names ({@code -f}, else {@code BUILDX_BAKE_FILE}, else every
     * default name that exists), up to the first that cannot be read.
     *
     * @throws BakeException for a file {@code BUILDX_BAKE_FILE} names that does not exist
     */
    public static FilesRead read(BakeRequest request) {
        List<String> names = request.files();
        boolean fromEnv = false;
        if (names.isEmpty()) {
            names = DefinitionFile.namesFromEnv(request.env(), request.workDir());
            fromEnv = !names.isEmpty();
        }
        if (request.remote() != null) {
            // the remote source had the other names; only cwd:// ones are read here, and no default ones
            names = names.stream().filter(n -> n.startsWith("cwd://")).toList();
            if (names.isEmpty()) {
                return new FilesRead(List.of(), Instant.now(), Instant.now(), fromEnv, null, null, false);
            }
        }
        boolean defaults = names.isEmpty();
        Instant started = Instant.now();
        List<DefinitionFile> files = new ArrayList<>();
        for (String given : defaults ? DefinitionFile.DEFAULT_NAMES : names) {
            try {
                DefinitionFile.read(given, request.workDir(), request.stdin(), defaults)
                        .ifPresent(files::add);
            } catch (BakeException e) {
                return new FilesRead(
                        List.copyOf(files), started, Instant.now(), fromEnv, DefinitionFile.nameOf(given), e, true);
            }
        }
        return new FilesRead(List.copyOf(files), started, Instant.now(), fromEnv, null, null, true);
    }

    /**
     * Loads the definition files {@link #read} read.
     *
     * @throws BakeException with buildx's message when a file could not be read, there is none, or one is invalid
     */
    public static Bake load(BakeRequest request, FilesRead filesRead) {
        if (filesRead.failure() != null) {
            throw filesRead.failure();
        }
        List<DefinitionFile> files = filesRead.files();
        if (request.remote() != null) {
            // remote files first, as buildx reads them
            files = new ArrayList<>(request.remote().files());
            files.addAll(filesRead.files());
        }
        if (files.isEmpty()) {
            throw new BakeException("couldn't find a bake definition");
        }
        List<String> args = request.targets();
        List<String> targets = args.isEmpty() ? List.of("default") : args;
        Map<String, String> vars = parseVars(request.vars());
        Map<String, String> builtins =
                Map.of("BAKE_CMD_CONTEXT", request.cmdContext(), "BAKE_LOCAL_PLATFORM", localPlatform());
        DefinitionLoader loader = new DefinitionLoader(request.env(), vars, builtins, request.workDir());
        DefinitionLoader.Loaded loaded = loader.load(files);
        return new Bake(request, targets, loaded.definition(), loaded.variables(), filesRead);
    }

    /** The host platform as containerd formats it ({@code linux/amd64}, {@code linux/arm64/v8}). */
    static String localPlatform() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64/v8";
            case "x86", "i386", "i686" -> "386";
            default -> System.getProperty("os.arch");
        };
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        return (os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux") + "/" + arch;
    }

    /** {@code --var NAME=VALUE} values; empty entries are skipped. */
    private static Map<String, String> parseVars(List<String> specs) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String spec : specs) {
            if (spec.isEmpty()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new BakeException("invalid variable " + GoLib.quote(spec) + ", expected key=value");
            }
            if (eq == 0) {
                throw new BakeException("invalid variable " + GoLib.quote(spec) + ", key is empty");
            }
            vars.put(spec.substring(0, eq), spec.substring(eq + 1));
        }
        return vars;
    }

    /** The definition files read (the progress display lists them). */
    public FilesRead filesRead() {
        return filesRead;
    }

    /** The loaded definition (for {@code --list=targets}). */
    public Definition definition() {
        return definition;
    }

    /** The {@code variable} blocks with their resolved values (for {@code --list=variables}). */
    public List<VariableInfo> variables() {
        return variables.get();
    }

    /**
     * Resolves the requested targets with every override applied and checks them as buildx does
     * before printing or building. The returned targets carry the context the build uses.
     */
    public Definition.Resolution resolve() {
        return resolve(requestedTargets);
    }

    /**
     * Resolves {@code targets} (names, groups or patterns as on the command line; none gives an empty
     * resolution) as {@link #resolve()} resolves the requested ones: what {@code --affected-since} selects.
     */
    public Definition.Resolution resolve(List<String> targets) {
        Map<String, String> env = request.env();
        Overrides overrides = Overrides.parse(
                request.overrides(),
                new ArrayList<>(definition.targets().keySet()),
                envLookupDisabled(env) ? null : env);
        Definition.Resolution resolution = definition.resolve(targets, overrides::applyTo);
        String epoch = env.getOrDefault("SOURCE_DATE_EPOCH", "");
        BuildInputs inputs = new BuildInputs(env, request.workDir(), request.remote());
        for (Target t : resolution.targets().values()) {
            if (!epoch.isEmpty()) {
                t.defaultArg("SOURCE_DATE_EPOCH", epoch);
            }
            inputs.prepare(t);
        }
        return resolution;
    }

    /** {@code BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP} parses as true. */
    static boolean envLookupDisabled(Map<String, String> env) {
        return GoLib.parseBool(env.getOrDefault("BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP", "")
                        .strip())
                .orElse(false);
    }
}
