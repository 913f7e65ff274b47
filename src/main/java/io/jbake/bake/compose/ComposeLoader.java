package io.jbake.bake.compose;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.ComposeService;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.DefinitionFile;
import io.jbake.bake.model.Group;
import io.jbake.bake.model.Target;
import io.jbake.go.GoLib;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ScannerException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Compose files as bake reads them (bake-reference §2): every service with a {@code build} section
 * becomes a target of the same name ({@code .} replaced by {@code _}), and all of them form the
 * group {@code default}. Only {@code services} (their {@code image}, {@code build},
 * {@code environment} and {@code env_file}) and top-level {@code secrets} are read; other keys are
 * ignored, unknown keys inside {@code build} are errors.
 */
public final class ComposeLoader {
    /** The {@code build} keys the compose schema allows: those the attributes read, and these. */
    private static final Set<String> IGNORED_BUILD_KEYS = Set.of("entitlements", "isolation", "privileged");

    private static final Set<String> BUILD_KEYS = buildKeys();
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-zA-Z0-9._-]+$");

    private static Set<String> buildKeys() {
        Set<String> keys = new java.util.HashSet<>(IGNORED_BUILD_KEYS);
        keys.addAll(ComposeService.attributeKeys());
        return keys;
    }

    private final Map<String, String> env;
    private final Path workDir;
    private final ComposeInterpolation interpolation;

    /**
     * @param env the interpolation environment (process env, {@code .env}, {@code --var})
     * @param workDir base of {@code env_file} paths
     */
    public ComposeLoader(Map<String, String> env, Path workDir) {
        Map<String, String> withProject = new java.util.HashMap<>(env);
        String project = withProject.getOrDefault("COMPOSE_PROJECT_NAME", "");
        withProject.put("COMPOSE_PROJECT_NAME", project.isEmpty() ? "bake" : project);
        this.env = withProject;
        this.workDir = workDir;
        this.interpolation = new ComposeInterpolation(withProject);
    }

    /** Whether a file without a telling extension is a valid compose file. */
    boolean isCompose(DefinitionFile f) {
        try {
            validate(f);
            return true;
        } catch (BakeException e) {
            return false;
        }
    }

    /** Loads and checks one file on its own, as buildx does before merging. */
    public void validate(DefinitionFile f) {
        Map<String, Object> model = filtered(parse(f));
        checkSchema(model);
    }

    /** Loads all compose files as one project. */
    public Definition load(List<DefinitionFile> files) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (DefinitionFile f : files) {
            mergeInto(merged, filtered(parse(f)));
        }
        try {
            checkSchema(merged);
            return toDefinition(merged);
        } catch (EnvFileException e) {
            throw e; // compose-go reads env files while loading the project: buildx does not say it was parsing
        } catch (BakeException e) {
            throw BakeException.wrap("failed to parse compose file", e);
        }
    }

    /** A service's {@code env_file} could not be read: {@code failed to read <path>: <why>}. */
    private static final class EnvFileException extends BakeException {
        EnvFileException(String path, String why) {
            super("failed to read " + path + ": " + why);
        }
    }

    /**
     * Fails as go-yaml does on collections nested deeper than {@link #YAML_MAX_DEPTH}, before snakeyaml's
     * recursive composer sees them: {@code while increasing flow level at line L, column C: exceeded max depth
     * of 10000}, at the collection that starts one level too deep.
     */
    private static void checkDepth(Iterable<Event> events) {
        int flow = 0;
        int block = 0;
        for (Event event : events) {
            boolean start = event instanceof CollectionStartEvent;
            if (start || event instanceof CollectionEndEvent) {
                boolean isFlow = start
                        ? ((CollectionStartEvent) event).isFlow()
                        : flow > 0; // a collection inside a flow one is a flow one
                int depth = isFlow ? (flow += start ? 1 : -1) : (block += start ? 1 : -1);
                if (depth > YAML_MAX_DEPTH) {
                    int line = event.getStartMark().map(Mark::getLine).orElse(0) + 1;
                    int column = event.getStartMark().map(Mark::getColumn).orElse(0);
                    throw new BakeException("failed to parse : yaml: while increasing "
                            + (isFlow ? "flow" : "indent") + " level at " + goYamlMark(line, column)
                            + ": exceeded max depth of " + YAML_MAX_DEPTH);
                }
            }
        }
    }

    /**
     * The message Go's yaml package (go.yaml.in/yaml/v4, compose-go's since v2.10) gives for the problem
     * snakeyaml found: libyaml's wording for the problems both parsers name, after the problem's position,
     * and after {@code <context> at <position>: } when there is a context; the problem's position is left
     * out when it is the context's. A position is {@code line L, column C} (see {@link #goYamlMark}).
     */
    private static String goYamlMessage(YamlEngineException e) {
        if (!(e instanceof MarkedYamlEngineException marked)) {
            return e.getMessage().lines().findFirst().orElse("");
        }
        String problem = marked.getProblem();
        if (problem.startsWith("mapping values are not allowed")) {
            problem = "mapping values are not allowed in this context";
        } else if (problem.startsWith("expected <block end>")) {
            problem = "did not find expected key";
        } else if (problem.matches("found character '.*' that cannot start any token(?s).*")) {
            problem = "found character that cannot start any token";
        } else if (problem.startsWith("unexpected character found")
                && String.valueOf(marked.getContext()).matches("while scanning an? (anchor|alias)")) {
            problem = "did not find expected alphabetic or numeric character"; // snakeyaml's names the character
        }
        if (problem.startsWith("expected alphabetic or numeric character")
                && "while scanning a directive".equals(marked.getContext())) {
            boolean noName = marked.getProblemMark().map(Mark::getIndex).orElse(0)
                    == marked.getContextMark().map(Mark::getIndex).orElse(0) + 1; // right after the '%'
            problem = noName ? "could not find expected directive name" : "found unexpected non-alphabetical character";
        }
        problem = problem.replace("\n", "\\n"); // snakeyaml names a line break it found as itself
        Optional<Mark> problemMark = marked.getProblemMark();
        if (problem.startsWith("found undefined alias ")) {
            // go-yaml's composer gives the alias node's 1-based line and column, which its mark prints as
            // a 0-based one: the column is one too many
            int line = problemMark.map(Mark::getLine).orElse(0) + 1;
            int column = problemMark.map(Mark::getColumn).orElse(0) + 1;
            return goYamlMark(line, column) + ": unknown anchor '"
                    + problem.substring("found undefined alias ".length()) + "' referenced";
        }
        int lineShift = e instanceof ScannerException ? 1 : 0; // go-yaml's scanner counts lines from 1
        String problemAt = goYamlMark(
                problemMark.map(Mark::getLine).orElse(-lineShift) + lineShift,
                problemMark.map(Mark::getColumn).orElse(0));
        String context = marked.getContext();
        if (context == null || context.isEmpty()) {
            return problemAt + ": " + problem;
        }
        // snakeyaml gives no mark for a context that is where the problem is, as "for the next token" is
        Optional<Mark> contextMark = marked.getContextMark().or(() -> problemMark);
        String contextAt = goYamlMark(
                contextMark.map(Mark::getLine).orElse(-lineShift) + lineShift,
                contextMark.map(Mark::getColumn).orElse(0));
        boolean samePlace = contextMark.map(Mark::getIndex).equals(problemMark.map(Mark::getIndex));
        return context + " at " + contextAt + ": " + (samePlace ? "" : problemAt + ": ") + problem;
    }

    /**
     * A position as go-yaml's {@code Mark} prints it: {@code line L, column C+1}, without the column when C
     * is 0, and {@code <unknown position>} when L is 0 (its parser's lines count from 0).
     */
    private static String goYamlMark(int line, int column) {
        if (line == 0) {
            return "<unknown position>";
        }
        return column == 0 ? "line " + line : "line " + line + ", column " + (column + 1);
    }

    /**
     * go-yaml's limit of nested flow collections, and separately of nested block collections (its
     * {@code max_flow_level} and {@code max_indents}), which compose files have in buildx.
     */
    static final int YAML_MAX_DEPTH = 10_000;

    private Map<String, Object> parse(DefinitionFile f) {
        Object doc;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(f.name()).build();
            String text = new String(f.data(), StandardCharsets.UTF_8);
            checkDepth(new Parse(settings).parseString(text));
            doc = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            // compose-go parses the bytes under an empty name, hence "failed to parse : ..."
            throw new BakeException("failed to parse : yaml: " + goYamlMessage(e));
        }
        if (doc == null) {
            throw new BakeException("empty compose file");
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new BakeException("Top-level object must be a mapping");
        }
        if (map.get("name") instanceof String projectName && !projectName.isEmpty()) {
            // the file's project name wins over COMPOSE_PROJECT_NAME (not set "imperatively" by bake)
            env.put("COMPOSE_PROJECT_NAME", interpolation.interpolate(projectName));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) interpolateAll(map);
        checkJsonNumbers(top);
        return top;
    }

    /**
     * compose-go (v2.13 in buildx 0.36.1) turns the document into JSON, which has no infinities and no NaN:
     * the first one in JSON's order (map keys sorted) fails the load as Go's encoder does.
     */
    private static void checkJsonNumbers(Object node) {
        if (node instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new BakeException("json: unsupported value: " + (d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf"));
        }
        if (node instanceof Map<?, ?> map) {
            new TreeMap<>(map).values().forEach(ComposeLoader::checkJsonNumbers);
        } else if (node instanceof List<?> list) {
            list.forEach(ComposeLoader::checkJsonNumbers);
        }
    }

    private Object interpolateAll(Object node) {
        if (node instanceof String s) {
            return interpolation.interpolate(s);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolateAll(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(interpolateAll(v)));
            return out;
        }
        return node;
    }

    /** Keeps only what bake reads: services' image/build/environment/env_file, and secrets. */
    private static Map<String, Object> filtered(Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw.get("services") instanceof Map<?, ?> services) {
            Map<String, Object> kept = new LinkedHashMap<>();
            services.forEach((name, svc) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                if (svc instanceof Map<?, ?> svcMap) {
                    for (String key : List.of("image", "build", "environment", "env_file")) {
                        if (svcMap.containsKey(key)) {
                            s.put(key, svcMap.get(key));
                        }
                    }
                }
                if (svc == null || svc instanceof Map<?, ?>) {
                    kept.put(String.valueOf(name), s);
                }
            });
            out.put("services", kept);
        }
        if (raw.containsKey("secrets")) {
            out.put("secrets", raw.get("secrets"));
        }
        if (out.isEmpty()) {
            throw new BakeException("empty compose file");
        }
        return out;
    }

    /** The parts of the compose schema that the filtered model can violate. */
    private static void checkSchema(Map<String, Object> model) {
        if (!(model.get("services") instanceof Map<?, ?> services)) {
            return;
        }
        for (Map.Entry<?, ?> e : services.entrySet()) {
            String name = (String) e.getKey();
            if (!SERVICE_NAME.matcher(name).matches()) {
                throw new BakeException("services additional properties '" + name + "' not allowed");
            }
            Object build = ((Map<?, ?>) e.getValue()).get("build");
            if (build instanceof Map<?, ?> b) {
                for (Object key : b.keySet()) {
                    String k = (String) key;
                    if (!BUILD_KEYS.contains(k) && !k.startsWith("x-")) {
                        throw new BakeException(
                                "services." + name + ".build additional properties '" + k + "' not allowed");
                    }
                }
                if (b.get("ulimits") instanceof Map<?, ?> ulimits) {
                    ulimits.forEach((limit, value) -> {
                        String path = "services." + name + ".build.ulimits." + limit;
                        if (value instanceof Map<?, ?> pair) {
                            checkUlimitValue(pair.get("soft"), path + ".soft");
                            checkUlimitValue(pair.get("hard"), path + ".hard");
                        } else {
                            checkUlimitValue(value, path);
                        }
                    });
                }
            }
        }
    }

    /** The schema's type of a ulimit: an integer (a YAML number Go reads as one) or a string. */
    private static void checkUlimitValue(Object value, String path) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
            throw new BakeException(path + " must be a integer or string");
        }
    }

    /** Compose's multi-file merge: mappings merge recursively, sequences are appended, scalars replaced. */
    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object old = into.get(e.getKey());
            Object value = e.getValue();
            if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) oldMap);
                mergeInto(copy, (Map<String, Object>) newMap);
                into.put(e.getKey(), copy);
            } else if (isKeyValueSection(e.getKey()) && old != null && value != null) {
                Map<String, Object> copy = new LinkedHashMap<>(ComposeService.keyValues(old, "="));
                copy.putAll(ComposeService.keyValues(value, "="));
                into.put(e.getKey(), copy);
            } else if (old instanceof List<?> oldList && value instanceof List<?> newList) {
                LinkedHashSet<Object> union = new LinkedHashSet<>(oldList);
                union.addAll(newList);
                into.put(e.getKey(), new ArrayList<>(union));
            } else if (e.getKey().equals("build")
                    && old instanceof Map<?, ?> oldBuild
                    && value instanceof String context) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) oldBuild);
                copy.put("context", context);
                into.put("build", copy);
            } else {
                into.put(e.getKey(), value);
            }
        }
    }

    private static boolean isKeyValueSection(String key) {
        return key.equals("args")
                || key.equals("labels")
                || key.equals("environment")
                || key.equals("additional_contexts");
    }

    private Definition toDefinition(Map<String, Object> model) {
        Definition def = new Definition();
        if (!(model.get("services") instanceof Map<?, ?> services) || services.isEmpty()) {
            return def;
        }
        Map<?, ?> secretDefs = model.get("secrets") instanceof Map<?, ?> m ? m : Map.of();
        List<String> members = new ArrayList<>();
        for (Map.Entry<?, ?> e : services.entrySet()) {
            String serviceName = (String) e.getKey();
            Map<?, ?> service = (Map<?, ?>) e.getValue();
            Object buildNode = service.get("build");
            if (buildNode == null) {
                if (service.get("image") == null) {
                    throw new BakeException("service " + GoLib.quote(serviceName)
                            + " has neither an image nor a build context specified: invalid compose project");
                }
                continue;
            }
            Map<?, ?> build = buildNode instanceof Map<?, ?> b ? b : Map.of("context", buildNode);
            String name = serviceName.replace('.', '_');
            try {
                Definition.validateName(name);
            } catch (BakeException ex) {
                throw BakeException.wrap("invalid service name " + GoLib.quote(name), ex);
            }
            Target t = toTarget(name, service, build, secretDefs);
            members.add(name);
            def.addTarget(t);
        }
        def.putGroup(new Group("default", "", members));
        return def;
    }

    private Target toTarget(String name, Map<?, ?> service, Map<?, ?> build, Map<?, ?> secretDefs) {
        return new ComposeService(service, build, secretDefs, env, () -> serviceEnvironment(service)).toTarget(name);
    }

    private Map<String, String> serviceEnvironment(Map<?, ?> service) {
        Map<String, String> result = new LinkedHashMap<>();
        Object envFiles = service.get("env_file");
        List<Object> files =
                envFiles instanceof List<?> l ? new ArrayList<>(l) : envFiles == null ? List.of() : List.of(envFiles);
        for (Object f : files) {
            String path = f instanceof Map<?, ?> m ? ComposeService.str(m.get("path")) : ComposeService.str(f);
            Path p = workDir.resolve(path);
            if (Files.isRegularFile(p)) {
                try {
                    result.putAll(DotEnv.parse(Files.readString(p), env));
                } catch (java.io.IOException e) {
                    throw new EnvFileException(path, e.getMessage());
                } catch (BakeException e) {
                    throw new EnvFileException(path, e.getMessage());
                }
            }
        }
        ComposeService.keyValues(service.get("environment"), "=").forEach((k, v) -> {
            if (v != null) {
                result.put(k, v);
            } else {
                result.remove(k);
            }
        });
        return result;
    }
}
