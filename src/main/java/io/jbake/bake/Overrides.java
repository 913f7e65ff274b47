package io.jbake.bake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Parsed {@code --set <pattern>.<key>[.<subkey>][+]=<value>} overrides (bake-reference §8),
 * grouped by the target each one applies to. Values are literal strings, never evaluated.
 */
public final class Overrides {
  /** One key's accumulated override for one target. */
  private static final class Override {
    String value = "";
    List<String> values;
    boolean append;
  }

  private static final Overrides NONE = new Overrides(Map.of());

  /** target name -> override key ({@code args.FOO}) -> override, keys in first-seen order. */
  private final Map<String, LinkedHashMap<String, Override>> byTarget;

  private Overrides(Map<String, LinkedHashMap<String, Override>> byTarget) {
    this.byTarget = byTarget;
  }

  public static Overrides none() {
    return NONE;
  }

  /**
   * Parses {@code specs} against the defined target names.
   *
   * @param targetNames every target name, in definition order (pattern matches keep this order)
   * @param env consulted for {@code <t>.args.NAME} without a value; {@code null} disables the lookup
   */
  public static Overrides parse(List<String> specs, Collection<String> targetNames,
      Map<String, String> env) {
    Set<String> names = targetNames instanceof Set<String> s ? s : new java.util.HashSet<>(targetNames);
    Map<String, LinkedHashMap<String, Override>> byTarget = new HashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      boolean hasValue = eq >= 0;
      String keyPart = hasValue ? spec.substring(0, eq) : spec;
      String value = hasValue ? spec.substring(eq + 1) : null;
      boolean append = keyPart.endsWith("+");
      String skey = append ? keyPart.substring(0, keyPart.length() - 1) : keyPart;
      String[] keys = skey.split("\\.", 3);
      if (keys.length < 2) {
        throw new BakeException("invalid override key " + skey + ", expected target.name");
      }
      if (!hasValue && !keys[1].equals("args")) {
        throw new BakeException("invalid override " + spec + ", expected target.name=value");
      }
      List<String> matched = expandTargets(keys[0], names, targetNames);
      String okey = keys.length == 3 ? keys[1] + "." + keys[2] : keys[1];
      for (String name : matched) {
        Override o = byTarget.computeIfAbsent(name, k -> new LinkedHashMap<>())
            .computeIfAbsent(okey, k -> new Override());
        switch (keys[1]) {
          case "output", "cache-to", "cache-from", "tags", "platform", "secrets", "ssh", "attest",
              "entitlements", "network", "annotations" -> {
            o.append = append;
            if (o.values == null) {
              o.values = new ArrayList<>();
            }
            o.values.add(value);
          }
          case "resources", "secret" -> {
            if (keys.length != 3) {
              throw new BakeException("invalid key " + keyPart + ", " + keys[1] + " requires name");
            }
            if (append) {
              throw new BakeException(
                  "invalid key " + keyPart + ", " + keys[1] + " does not support append");
            }
            o.value = value;
          }
          case "args", "contexts" -> {
            if (keys.length != 3) {
              throw new BakeException("invalid key " + keyPart + ", " + keys[1] + " requires name");
            }
            if (!hasValue) {
              String fromEnv = env == null ? "" : env.get(keys[2]);
              if (fromEnv == null) {
                byTarget.get(name).remove(okey);
                continue;
              }
              o.value = fromEnv;
            } else {
              o.value = value;
            }
          }
          default -> o.value = value;
        }
      }
    }
    return new Overrides(byTarget);
  }

  /** An exact target name, else every target name matching the {@code path.Match} pattern. */
  private static List<String> expandTargets(String pattern, Set<String> names,
      Collection<String> ordered) {
    if (names.contains(pattern)) {
      return List.of(pattern);
    }
    List<String> matched = new ArrayList<>();
    for (String name : ordered) {
      boolean ok;
      try {
        ok = GoLib.pathMatch(pattern, name);
      } catch (IllegalArgumentException e) {
        throw new BakeException(
            "could not match targets with '" + pattern + "': syntax error in pattern");
      }
      if (ok) {
        matched.add(name);
      }
    }
    if (matched.isEmpty()) {
      throw new BakeException("could not find any target matching '" + pattern + "'");
    }
    return matched;
  }

  /**
   * Applies this target's overrides to {@code t} (buildx's {@code AddOverrides}). The reference
   * applies keys in Go map order; we apply them in the order first given, with {@code push} and
   * {@code load} last so that they see any {@code output} override.
   */
  void applyTo(Target t) {
    LinkedHashMap<String, Override> overrides = byTarget.get(t.name);
    if (overrides == null) {
      return;
    }
    Override push = null;
    Override load = null;
    for (Map.Entry<String, Override> e : overrides.entrySet()) {
      switch (e.getKey()) {
        case "push" -> push = e.getValue();
        case "load" -> load = e.getValue();
        default -> apply(t, e.getKey(), e.getValue());
      }
    }
    if (push != null) {
      apply(t, "push", push);
    }
    if (load != null) {
      apply(t, "load", load);
    }
  }

  private static void apply(Target t, String key, Override o) {
    int dot = key.indexOf('.');
    String field = dot < 0 ? key : key.substring(0, dot);
    String sub = dot < 0 ? null : key.substring(dot + 1);
    String value = o.value;
    switch (field) {
      case "context" -> t.context = value;
      case "dockerfile" -> t.dockerfile = value;
      case "args" -> t.args = put(t.args, sub, value, "args", "args.<name>=<value>");
      case "contexts" -> t.contexts = put(t.contexts, sub, value, "contexts",
          "contexts.<name>=<value>");
      case "labels" -> t.labels = put(t.labels, sub, value, "labels", "labels.<name>=<value>");
      case "extra-hosts" -> t.extraHosts = put(t.extraHosts, sub, value, "extra-hosts",
          "extra-hosts.<hostname>=<ip>");
      case "tags" -> t.tags = replaceOrAppend(t.tags, o, Function.identity());
      case "platform" -> t.platforms = replaceOrAppend(t.platforms, o, Function.identity());
      case "cache-from" -> {
        List<CacheEntry> parsed = parseCache(o.values);
        t.cacheFrom = o.append ? Target.removeDupes(Target.concat(t.cacheFrom, parsed)) : parsed;
      }
      case "cache-to" -> {
        List<CacheEntry> parsed = parseCache(o.values);
        t.cacheTo = o.append ? Target.removeDupes(Target.concat(t.cacheTo, parsed)) : parsed;
      }
      case "target" -> t.target = value;
      case "call" -> t.call = value;
      case "secrets" -> {
        List<SecretEntry> parsed = parseEach(o.values, SecretEntry::parse, "invalid value for outputs");
        t.secrets = o.append ? Target.dedupeByKey(Target.concat(t.secrets, parsed), SecretEntry::id) : parsed;
      }
      case "secret" -> overrideSecretSource(t, sub, value);
      case "ssh" -> {
        List<SshEntry> parsed = parseEach(o.values, SshEntry::parse, "invalid value for outputs");
        t.ssh = o.append ? Target.dedupeByKey(Target.concat(t.ssh, parsed), SshEntry::id) : parsed;
      }
      case "output" -> {
        List<ExportEntry> parsed = parseEach(o.values, ExportEntry::parse, "invalid value for outputs");
        t.outputs = o.append ? Target.removeDupes(Target.concat(t.outputs, parsed)) : parsed;
      }
      case "entitlements" -> t.entitlements = Target.concat(t.entitlements, o.values);
      case "annotations" -> t.annotations = Target.concat(t.annotations, o.values);
      case "attest" -> {
        List<Attest> parsed = parseEach(o.values, Attest::parse, "invalid value for attest");
        t.attest = Target.dedupeByKey(Target.concat(t.attest, parsed), Attest::type);
      }
      case "no-cache" -> t.noCache = bool(value, "no-cache");
      case "pull" -> t.pull = bool(value, "pull");
      // buildx collects these two as scalars but reads the (empty) list slot: the list is cleared.
      case "no-cache-filter" -> t.noCacheFilter = null;
      case "ulimits" -> t.ulimits = null;
      // buildx collects network as a list but reads the (empty) scalar slot: network becomes "".
      case "network" -> t.network = value;
      case "shm-size" -> t.shmSize = value;
      case "resources" -> t.resources = (t.resources == null ? Resources.EMPTY : t.resources)
          .with(sub, value);
      case "push" -> t.outputs = pushOutputs(t.outputs, bool(value, "push"));
      case "load" -> t.outputs = loadOutputs(t.outputs, bool(value, "load"));
      default -> throw new BakeException("unknown key: " + field);
    }
  }

  private static java.util.SortedMap<String, String> put(java.util.SortedMap<String, String> map,
      String key, String value, String field, String format) {
    if (key == null) {
      throw new BakeException("invalid format for " + field + ", expecting " + format);
    }
    java.util.SortedMap<String, String> result = map == null ? new TreeMap<>() : map;
    result.put(key, value);
    return result;
  }

  private static List<String> replaceOrAppend(List<String> current, Override o,
      Function<String, String> f) {
    List<String> values = o.values == null ? new ArrayList<>() : new ArrayList<>(o.values);
    values.replaceAll(f::apply);
    return o.append ? Target.concat(current, values) : values;
  }

  private static List<CacheEntry> parseCache(List<String> values) {
    List<CacheEntry> result = new ArrayList<>();
    if (values != null) {
      values.forEach(v -> result.addAll(CacheEntry.parse(v)));
    }
    return result;
  }

  private static <T> List<T> parseEach(List<String> values, Function<String, T> parser,
      String wrapMessage) {
    List<T> result = new ArrayList<>();
    if (values == null) {
      return result;
    }
    for (String v : values) {
      if (v.isEmpty()) {
        continue;
      }
      try {
        result.add(parser.apply(v));
      } catch (BakeException e) {
        throw BakeException.wrap(wrapMessage, e);
      }
    }
    return result;
  }

  private static boolean bool(String value, String key) {
    return GoLib.parseBool(value).orElseThrow(
        () -> new BakeException("invalid value " + value + " for boolean key " + key));
  }

  /** {@code --set t.secret.<id>=<source>}: replaces the source of an already declared secret. */
  private static void overrideSecretSource(Target t, String id, String value) {
    SecretEntry parsed;
    try {
      parsed = SecretEntry.parse(value);
    } catch (BakeException e) {
      throw BakeException.wrap("invalid value for secret." + id, e);
    }
    if (!parsed.id().isEmpty() && !parsed.id().equals(id)) {
      throw new BakeException("secret override id " + GoLib.quote(parsed.id())
          + " does not match declared secret " + GoLib.quote(id));
    }
    if (t.secrets != null) {
      for (int i = 0; i < t.secrets.size(); i++) {
        if (t.secrets.get(i).id().equals(id)) {
          t.secrets = new ArrayList<>(t.secrets);
          t.secrets.set(i, new SecretEntry(id, parsed.src(), parsed.env()));
          return;
        }
      }
    }
    throw new BakeException("secret " + GoLib.quote(id) + " must be declared before it can be overridden");
  }

  /**
   * {@code push=true} sets {@code push=true} on image outputs and adds an image output when every
   * output is {@code docker} (or there is none); {@code push=false} drops registry outputs (by
   * buildx's swap-with-last removal) and sets {@code push=false} on image outputs.
   */
  static List<ExportEntry> pushOutputs(List<ExportEntry> current, boolean push) {
    List<ExportEntry> outputs = current == null ? new ArrayList<>() : new ArrayList<>(current);
    if (!push) {
      for (int i = 0; i < outputs.size(); ) {
        ExportEntry out = outputs.get(i);
        if (out.type().equals("registry")) {
          outputs.set(i, outputs.get(outputs.size() - 1));
          outputs.remove(outputs.size() - 1);
          continue;
        }
        if (out.type().equals("image")) {
          outputs.set(i, out.withAttr("push", "false"));
        }
        i++;
      }
      return outputs;
    }
    boolean addImage = true;
    for (int i = 0; i < outputs.size(); i++) {
      ExportEntry out = outputs.get(i);
      if (!out.type().equals("docker")) {
        addImage = false;
      }
      if (out.type().equals("image")) {
        outputs.set(i, out.withAttr("push", "true"));
      }
    }
    if (addImage) {
      outputs.add(ExportEntry.of("image").withAttr("push", "true"));
    }
    return outputs;
  }

  /**
   * {@code load=true} adds a {@code docker} output unless a docker output without destination
   * exists or any output is of a type other than docker, image, registry or oci.
   */
  static List<ExportEntry> loadOutputs(List<ExportEntry> current, boolean load) {
    if (!load) {
      return current;
    }
    List<ExportEntry> outputs = current == null ? new ArrayList<>() : new ArrayList<>(current);
    for (ExportEntry out : outputs) {
      switch (out.type()) {
        case "docker" -> {
          if (out.dest().isEmpty()) {
            return outputs;
          }
        }
        case "image", "registry", "oci" -> { }
        default -> {
          return outputs;
        }
      }
    }
    outputs.add(ExportEntry.of("docker"));
    return outputs;
  }
}
