package io.jbake.bake;

import io.jbake.go.GoLib;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
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
final class ComposeLoader {
  /** The {@code build} keys the compose schema allows: those the attributes read, and these. */
  private static final Set<String> IGNORED_BUILD_KEYS = Set.of("entitlements", "isolation",
      "privileged");
  private static final Set<String> BUILD_KEYS = buildKeys();
  private static final Pattern SERVICE_NAME = Pattern.compile("^[a-zA-Z0-9._-]+$");
  private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtTpP])?(?:[iI]?[bB])?$");
  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private static Set<String> buildKeys() {
    Set<String> keys = new java.util.HashSet<>(IGNORED_BUILD_KEYS);
    TargetAttributes.ALL.forEach(a -> keys.addAll(a.composeKeys()));
    return keys;
  }

  private final Map<String, String> env;
  private final Path workDir;
  private final ComposeInterpolation interpolation;

  /**
   * @param env the interpolation environment (process env, {@code .env}, {@code --var})
   * @param workDir base of {@code env_file} paths
   */
  ComposeLoader(Map<String, String> env, Path workDir) {
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
  void validate(DefinitionFile f) {
    Map<String, Object> model = filtered(parse(f));
    checkSchema(model);
  }

  /** Loads all compose files as one project. */
  Definition load(List<DefinitionFile> files) {
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
   * recursive composer sees them: {@code line N: exceeded max depth of 10000}, N being the line of the
   * collection that starts one level too deep.
   */
  private static void checkDepth(Iterable<Event> events) {
    int flow = 0;
    int block = 0;
    for (Event event : events) {
      boolean start = event instanceof CollectionStartEvent;
      if (start || event instanceof CollectionEndEvent) {
        boolean isFlow = start ? ((CollectionStartEvent) event).isFlow()
            : flow > 0; // a collection inside a flow one is a flow one
        int depth = isFlow ? (flow += start ? 1 : -1) : (block += start ? 1 : -1);
        if (depth > YAML_MAX_DEPTH) {
          int line = event.getStartMark().map(Mark::getLine).orElse(0) + 1;
          throw new BakeException("failed to parse : yaml: line " + line + ": exceeded max depth of "
              + YAML_MAX_DEPTH);
        }
      }
    }
  }

  /**
   * The message Go's yaml package gives for the problem snakeyaml found: libyaml's wording for the
   * problems both parsers name, prefixed with {@code line N: } where N is the 0-based line of the
   * context mark (or of the problem mark when that is 0), one more for a scanner's error, left out when N
   * is 0, as go-yaml does.
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
    if (problem.startsWith("found undefined alias ")) {
      return "unknown anchor '" + problem.substring("found undefined alias ".length()) + "' referenced";
    }
    int line = marked.getContextMark().map(Mark::getLine).orElse(0);
    if (line == 0) {
      line = marked.getProblemMark().map(Mark::getLine).orElse(0);
    }
    if (line != 0 && e instanceof ScannerException) {
      line++; // go-yaml counts from 1 for its scanner's errors
    }
    return line != 0 ? "line " + line + ": " + problem : problem;
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
    return top;
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
        Map<String, Object> copy = new LinkedHashMap<>(keyValues(old, "="));
        copy.putAll(keyValues(value, "="));
        into.put(e.getKey(), copy);
      } else if (old instanceof List<?> oldList && value instanceof List<?> newList) {
        LinkedHashSet<Object> union = new LinkedHashSet<>(oldList);
        union.addAll(newList);
        into.put(e.getKey(), new ArrayList<>(union));
      } else if (e.getKey().equals("build") && old instanceof Map<?, ?> oldBuild
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
    return key.equals("args") || key.equals("labels") || key.equals("environment")
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
    Target t = new Target(name);
    Service s = new Service(service, build, secretDefs);
    TargetAttributes.ALL.forEach(a -> a.readCompose(t, s));
    if (build.get("x-bake") instanceof Map<?, ?> xBake) {
      TargetAttributes.ALL.forEach(a -> a.readXBake(t, xBake));
    }
    String image = str(service.get("image"));
    if ((t.tags == null || t.tags.isEmpty()) && !image.isEmpty()) {
      t.tags = new ArrayList<>(List.of(image));
    }
    return t;
  }

  /**
   * One service as the compose readers of {@link TargetAttributes} see it: each reader turns the
   * value of one {@code build} key into the attribute's field ({@code null} when it sets nothing).
   */
  final class Service {
    private final Map<?, ?> service;
    private final Map<?, ?> build;
    private final Map<?, ?> secretDefs;

    Service(Map<?, ?> service, Map<?, ?> build, Map<?, ?> secretDefs) {
      this.service = service;
      this.build = build;
      this.secretDefs = secretDefs;
    }

    Object build(String key) {
      return build.get(key);
    }

    String nonEmpty(Object node) {
      String s = str(node);
      return s.isEmpty() ? null : s;
    }

    String path(Object node) {
      String s = str(node);
      return s.isEmpty() ? null : GoLib.cleanPath(s);
    }

    Boolean trueOrUnset(Object node) {
      return Boolean.TRUE.equals(bool(node)) ? Boolean.TRUE : null;
    }

    List<String> stringList(Object node) {
      List<String> list = ComposeLoader.stringList(node);
      return list.isEmpty() ? null : list;
    }

    SortedMap<String, String> labels(Object node) {
      Map<String, String> labels = stringMap(node);
      return labels.isEmpty() ? null : new TreeMap<>(labels);
    }

    SortedMap<String, String> additionalContexts(Object node) {
      if (node == null) {
        return null;
      }
      Map<String, String> additional = stringMap(node);
      // compose-go cleans relative paths of additional contexts (x-bake's are kept as written)
      additional.replaceAll((k, v) -> v.startsWith("./") || v.startsWith("../") ? GoLib.cleanPath(v) : v);
      return namedContexts(additional);
    }

    /** {@code sbom} and {@code provenance}, as buildx's {@code --sbom}/{@code --provenance} flags. */
    List<Attest> attest(Object sbom) {
      List<Attest> attest = new ArrayList<>();
      if (!str(sbom).isEmpty()) {
        attest.add(Attest.parse(Attest.canonicalFlag("sbom", str(sbom))));
      }
      Object provenance = build.get("provenance");
      if (!str(provenance).isEmpty()) {
        attest.add(Attest.parse(Attest.canonicalFlag("provenance", str(provenance))));
      }
      return attest.isEmpty() ? null : attest;
    }

    String shmSize(Object node) {
      if (node == null) {
        return null;
      }
      long bytes = ramInBytes(str(node));
      return bytes > 0 ? memBytesString(bytes) : null;
    }

    /**
     * Build args; a value-less arg is looked up in the service environment, then in the compose
     * environment, and dropped when unresolved.
     */
    TreeMap<String, String> args(Object node) {
      if (node == null) {
        return null;
      }
      Map<String, String> serviceEnv = serviceEnvironment(service);
      TreeMap<String, String> args = new TreeMap<>();
      for (Map.Entry<String, String> e : keyValues(node, "=").entrySet()) {
        String value = e.getValue();
        if (value == null) {
          value = serviceEnv.get(e.getKey());
          if (value == null) {
            value = env.get(e.getKey());
          }
        }
        if (value != null) {
          args.put(e.getKey(), value);
        }
      }
      return args.isEmpty() ? null : args;
    }

    List<CacheEntry> cacheEntries(Object node) {
      List<String> values = ComposeLoader.stringList(node);
      if (values.isEmpty()) {
        return null;
      }
      List<CacheEntry> result = new ArrayList<>();
      values.forEach(v -> result.addAll(CacheEntry.parse(v)));
      return result.isEmpty() ? null : result;
    }

    /** {@code id} or {@code id=path} entries (or a mapping id: path), sorted by id then paths. */
    List<SshEntry> sshEntries(Object node) {
      if (node == null) {
        return null;
      }
      List<SshEntry> result = new ArrayList<>();
      keyValues(node, "=").forEach((id, path) ->
          result.add(new SshEntry(id, path == null || path.isEmpty() ? List.of()
              : List.of(GoLib.cleanPath(path)))));
      result.sort(SshEntry.ORDER);
      return result.isEmpty() ? null : result;
    }

    List<SecretEntry> secrets(Object node) {
      if (!(node instanceof List<?> list) || list.isEmpty()) {
        return null;
      }
      List<SecretEntry> result = new ArrayList<>();
      for (Object item : list) {
        String source = item instanceof Map<?, ?> m ? str(m.get("source")) : str(item);
        Map<?, ?> def = secretDefs.get(source) instanceof Map<?, ?> d ? d : Map.of();
        if (Boolean.TRUE.equals(bool(def.get("external")))) {
          throw new BakeException("unsupported external secret " + str(def.get("name")));
        }
        String file = str(def.get("file"));
        result.add(new SecretEntry(source, file.isEmpty() ? "" : GoLib.cleanPath(file),
            str(def.get("environment"))));
      }
      return result;
    }

    List<String> ulimits(Object node) {
      if (!(node instanceof Map<?, ?> map) || map.isEmpty()) {
        return null;
      }
      List<String> result = new ArrayList<>();
      new TreeMap<>(map).forEach((name, limit) -> {
        long soft;
        long hard;
        if (limit instanceof Map<?, ?> l) {
          soft = ulimitValue(l.get("soft"));
          hard = ulimitValue(l.get("hard"));
        } else {
          soft = ulimitValue(limit);
          hard = soft;
        }
        result.add(name + "=" + soft + ":" + hard);
      });
      return result;
    }

    /**
     * A ulimit the schema let through ({@link #checkUlimitValue}): a string must hold an integer (buildx
     * panics on one that does not; this is Go's error for it).
     */
    private static long ulimitValue(Object value) {
      String text = str(value);
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new BakeException("strconv.ParseInt: parsing " + GoLib.quote(text) + ": invalid syntax");
      }
    }

    /** {@code host=ip}/{@code host:ip} list or mapping; several IPs for one host are comma-joined. */
    TreeMap<String, String> extraHosts(Object node) {
      TreeMap<String, String> result = new TreeMap<>();
      if (node instanceof Map<?, ?> map) {
        map.forEach((host, ips) -> result.put(String.valueOf(host), ips instanceof List<?> l
            ? String.join(",", l.stream().map(ComposeLoader::str).toList()) : str(ips)));
      } else if (node instanceof List<?> list) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (Object item : list) {
          String s = str(item);
          int i = s.indexOf('=');
          if (i < 0) {
            i = s.indexOf(':');
          }
          if (i < 0) {
            continue;
          }
          grouped.computeIfAbsent(s.substring(0, i), k -> new ArrayList<>()).add(s.substring(i + 1));
        }
        grouped.forEach((host, ips) -> result.put(host, String.join(",", ips)));
      }
      return result;
    }
  }

  private Map<String, String> serviceEnvironment(Map<?, ?> service) {
    Map<String, String> result = new LinkedHashMap<>();
    Object envFiles = service.get("env_file");
    List<Object> files = envFiles instanceof List<?> l ? new ArrayList<>(l)
        : envFiles == null ? List.of() : List.of(envFiles);
    for (Object f : files) {
      String path = f instanceof Map<?, ?> m ? str(m.get("path")) : str(f);
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
    keyValues(service.get("environment"), "=").forEach((k, v) -> {
      if (v != null) {
        result.put(k, v);
      } else {
        result.remove(k);
      }
    });
    return result;
  }

  /**
   * A compose "mapping or list" section as ordered key/value pairs: {@code {K: v}} or
   * {@code ["K=v", "K"]}; a key without value maps to {@code null}.
   */
  private static Map<String, String> keyValues(Object node, String sep) {
    Map<String, String> result = new LinkedHashMap<>();
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : scalar(v)));
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        String s = str(item);
        int i = s.indexOf(sep);
        if (i < 0) {
          result.put(s, null);
        } else {
          result.put(s.substring(0, i), s.substring(i + sep.length()));
        }
      }
    }
    return result;
  }

  private static Map<String, String> stringMap(Object node) {
    Map<String, String> result = new LinkedHashMap<>();
    keyValues(node, "=").forEach((k, v) -> result.put(k, v == null ? "" : v));
    return result;
  }

  private static TreeMap<String, String> namedContexts(Map<String, String> contexts) {
    TreeMap<String, String> result = new TreeMap<>();
    contexts.forEach((k, v) -> {
      if (v.startsWith("service:") || v.startsWith("target:")) {
        v = "target:" + v.substring(v.indexOf(':') + 1).replace('.', '_');
      }
      result.put(k, v);
    });
    return result;
  }

  /** {@code x-bake} contexts are added to compose's additional contexts, which win. */
  static SortedMap<String, String> xBakeContexts(SortedMap<String, String> current, Object node) {
    if (!(node instanceof Map<?, ?> contexts) || contexts.isEmpty()) {
      return current;
    }
    SortedMap<String, String> merged = current == null ? new TreeMap<>() : current;
    namedContexts(stringMap(contexts)).forEach(merged::putIfAbsent);
    return merged;
  }

  /** An x-bake list field: a YAML list, or one string split on whitespace. */
  static List<String> fields(Object node) {
    if (node instanceof List<?> list) {
      return list.stream().map(ComposeLoader::str).toList();
    }
    if (node == null) {
      return List.of();
    }
    String s = str(node).strip();
    return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
  }

  private static List<String> stringList(Object node) {
    if (node instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(ComposeLoader::str).toList());
    }
    return new ArrayList<>();
  }

  private static String str(Object node) {
    return node == null ? "" : scalar(node);
  }

  /** A YAML scalar as text, numbers written as Go would ({@code 1.0} stays {@code 1.0}). */
  private static String scalar(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf"; // .nan, .inf as Go formats them
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }

  static Boolean bool(Object node) {
    if (node instanceof Boolean b) {
      return b;
    }
    return node == null ? null : GoLib.parseBool(str(node)).orElse(false);
  }

  /** Docker's {@code RAMInBytes}: a number with an optional binary unit suffix. */
  static long ramInBytes(String s) {
    Matcher m = RAM.matcher(s.strip());
    if (!m.matches()) {
      throw new BakeException("invalid size: " + GoLib.quote(s));
    }
    double size = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int power = "kmgtp".indexOf(unit.isEmpty() ? 'x' : unit.charAt(0)) + 1;
    return (long) (size * Math.pow(1024, power));
  }

  /** Docker's {@code MemBytes.String()}: {@code %.4g} of the size in the largest binary unit. */
  static String memBytesString(long bytes) {
    double size = bytes;
    int unit = 0;
    while (size >= 1024 && unit < BINARY_UNITS.length - 1) {
      size /= 1024;
      unit++;
    }
    BigDecimal rounded = new BigDecimal(size).round(new java.math.MathContext(4));
    return rounded.stripTrailingZeros().toPlainString() + BINARY_UNITS[unit];
  }
}
