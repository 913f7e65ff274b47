package io.jbake.bake;

import io.jbake.bake.compose.ComposeLoader;
import io.jbake.bake.compose.DotEnv;
import io.jbake.bake.hcl.HclEvaluator;
import io.jbake.bake.hcl.HclFiles;
import io.jbake.bake.hcl.VariableInfo;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.go.GoLib;
import io.jbake.hcl.Body;
import io.jbake.hcl.HclFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns definition files into one {@link Definition} (bake-reference §1.4, §1.5): compose files are
 * loaded together first, then HCL and JSON files are evaluated together and merged on top, so HCL
 * always wins over compose whatever the file order.
 */
final class DefinitionLoader {
    /** The loaded definition and the {@code variable} blocks' metadata. */
    record Loaded(Definition definition, Supplier<List<VariableInfo>> variables) {}

    private final Map<String, String> env;
    private final Map<String, String> vars;
    private final Map<String, String> builtins;
    private final Path workDir;

    /**
     * @param env the process environment
     * @param vars {@code --var} values
     * @param builtins {@code BAKE_CMD_CONTEXT} and {@code BAKE_LOCAL_PLATFORM}
     * @param workDir where {@code .env} is looked up
     */
    DefinitionLoader(Map<String, String> env, Map<String, String> vars, Map<String, String> builtins, Path workDir) {
        this.env = env;
        this.vars = vars;
        this.builtins = builtins;
        this.workDir = workDir;
    }

    Loaded load(List<DefinitionFile> files) {
        List<DefinitionFile> composeFiles = new ArrayList<>();
        List<HclFile> hclFiles = new ArrayList<>();
        ComposeLoader compose = null; // made, and .env read, for the first file that may be a compose file
        for (DefinitionFile f : files) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            BakeException composeError = null;
            if (!lower.endsWith(".json") && !lower.endsWith(".hcl")) {
                try {
                    compose = compose != null ? compose : new ComposeLoader(composeEnv(), workDir);
                } catch (BakeException e) {
                    // a broken .env: like buildx, read the file as HCL, naming both failures if that fails too
                    composeError = e;
                }
                if (compose != null) {
                    try {
                        compose.validate(f);
                        composeFiles.add(f);
                        continue;
                    } catch (BakeException e) {
                        if (f.isYamlName()) {
                            throw e; // a compose file by its name: its own error, no HCL attempt
                        }
                        composeError = e;
                    }
                }
            }
            HclFile parsed = HclFiles.parse(f);
            if (parsed.diagnostics().hasErrors()) {
                if (composeError != null && !HclFiles.isHclName(f.name())) {
                    // buildx wraps the diagnostics into a plain error here, which shows no source excerpt
                    throw new BakeException(
                            "failed to parse " + f.name() + ": parsing yaml: " + composeError.getMessage()
                                    + ", parsing hcl: " + parsed.diagnostics().errorMessage());
                }
                throw BakeException.of(parsed.diagnostics(), files);
            }
            hclFiles.add(parsed);
        }
        boolean fileRelativePaths = fileRelativePaths(env);
        Definition definition = composeFiles.isEmpty() ? new Definition() : compose.load(composeFiles);
        if (!composeFiles.isEmpty()) {
            definition.composeWrittenIn(Definition.fileDir(composeFiles.get(0).name()));
        }
        Supplier<List<VariableInfo>> variables = List::of;
        if (!hclFiles.isEmpty()) {
            List<Body> bodies = new ArrayList<>();
            hclFiles.forEach(h -> bodies.add(h.body()));
            Definition hcl = new Definition();
            try {
                variables = new HclEvaluator(builtins, variableOverrides(), HclFiles.functions(env))
                        .evaluate(bodies, hcl)
                        .variables();
            } catch (HclEvaluator.DiagnosticsException e) {
                throw BakeException.of(e.diagnostics(), files);
            }
            definition.mergeOver(hcl);
        }
        if (fileRelativePaths) {
            definition.rebaseContextPaths(RemoteUrls::isRemote);
        }
        return new Loaded(definition, variables);
    }

    /** {@code BUILDX_BAKE_FILE_RELATIVE_PATHS} (buildx v0.36), read as buildx reads it: trimmed, unset when empty. */
    static boolean fileRelativePaths(Map<String, String> env) {
        String value = env.getOrDefault("BUILDX_BAKE_FILE_RELATIVE_PATHS", "").strip();
        if (value.isEmpty()) {
            return false;
        }
        return GoLib.parseBool(value)
                .orElseThrow(() -> new BakeException("failed to parse BUILDX_BAKE_FILE_RELATIVE_PATHS value "
                        + GoLib.quote(value) + ": strconv.ParseBool: parsing " + GoLib.quote(value)
                        + ": invalid syntax"));
    }

    /** Values overriding variables: the environment (unless lookup is disabled), then {@code --var}. */
    private Map<String, String> variableOverrides() {
        Map<String, String> result = new HashMap<>();
        if (!Bake.envLookupDisabled(env)) {
            result.putAll(env);
        }
        result.putAll(vars);
        return result;
    }

    /**
     * The variables compose interpolation sees: the process environment (unless env lookup is
     * disabled), then {@code .env} entries not already set, then {@code --var} values.
     */
    private Map<String, String> composeEnv() {
        Map<String, String> result = new HashMap<>();
        if (!Bake.envLookupDisabled(env)) {
            result.putAll(env);
        }
        DotEnv.loadInto(result, workDir.resolve(".env"));
        result.putAll(vars);
        return result;
    }
}
