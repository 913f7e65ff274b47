package io.jbake.bake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One bake target: every attribute of a {@code target} block (bake-reference §6.1) as a typed
 * field. {@code null} means "not set", which matters for merging (§7.3) and for {@code --print},
 * where unset fields are omitted. Map values may be {@code null} too: {@code args = {A = null}}
 * keeps the key without a value, so a parent's value is not replaced and nothing is sent.
 *
 * <p>A target is mutable while definitions are merged, inherited and overridden; a resolved target
 * (from {@link Definition#resolve}) is complete: {@code context} and {@code dockerfile} are set,
 * {@code inherits} is empty, and lists are normalised. Accessors return the live collections;
 * callers must not change them.
 */
public final class Target implements GoJson.JsonWritable {
  final String name;
  String description = "";
  List<String> inherits;
  List<String> annotations;
  List<Attest> attest;
  String context;
  SortedMap<String, String> contexts;
  String dockerfile;
  String dockerfileInline;
  SortedMap<String, String> args;
  SortedMap<String, String> labels;
  List<String> tags;
  List<CacheEntry> cacheFrom;
  List<CacheEntry> cacheTo;
  String target;
  List<SecretEntry> secrets;
  List<SshEntry> ssh;
  List<String> platforms;
  List<ExportEntry> outputs;
  Boolean pull;
  Boolean noCache;
  String network;
  List<String> noCacheFilter;
  String shmSize;
  List<String> ulimits;
  Resources resources;
  String call;
  List<String> entitlements;
  SortedMap<String, String> extraHosts;
  /** Set on targets pulled in only through another target's {@code target:} context. */
  boolean linked;
  /** What the target reads and writes here, set once it is resolved ({@link BuildInputs}); never printed. */
  LocalInputs inputs;

  public Target(String name) {
    this.name = name;
  }

  /** A deep-enough copy: collections are copied, entries are immutable. */
  Target copy(String newName) {
    Target t = new Target(newName);
    t.merge(this);
    t.linked = linked;
    return t;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public List<String> inherits() {
    return inherits;
  }

  public List<String> annotations() {
    return annotations;
  }

  public List<Attest> attest() {
    return attest;
  }

  public String context() {
    return context;
  }

  public SortedMap<String, String> contexts() {
    return contexts;
  }

  public String dockerfile() {
    return dockerfile;
  }

  public String dockerfileInline() {
    return dockerfileInline;
  }

  public SortedMap<String, String> args() {
    return args;
  }

  public SortedMap<String, String> labels() {
    return labels;
  }

  public List<String> tags() {
    return tags;
  }

  public List<CacheEntry> cacheFrom() {
    return cacheFrom;
  }

  public List<CacheEntry> cacheTo() {
    return cacheTo;
  }

  /** The Dockerfile stage to build ({@code target} attribute). */
  public String target() {
    return target;
  }

  public List<SecretEntry> secrets() {
    return secrets;
  }

  public List<SshEntry> ssh() {
    return ssh;
  }

  public List<String> platforms() {
    return platforms;
  }

  public List<ExportEntry> outputs() {
    return outputs;
  }

  public Boolean pull() {
    return pull;
  }

  public Boolean noCache() {
    return noCache;
  }

  public String network() {
    return network;
  }

  public List<String> noCacheFilter() {
    return noCacheFilter;
  }

  public String shmSize() {
    return shmSize;
  }

  public List<String> ulimits() {
    return ulimits;
  }

  public Resources resources() {
    return resources;
  }

  public String call() {
    return call;
  }

  public List<String> entitlements() {
    return entitlements;
  }

  public SortedMap<String, String> extraHosts() {
    return extraHosts;
  }

  /** Whether this target is only built because another one links to it ({@code target:x}). */
  /**
   * What a resolved target reads and writes on this machine, against the command's working directory and
   * environment; {@code null} before {@link Bake#resolve()}.
   */
  public LocalInputs inputs() {
    return inputs;
  }

  public boolean linked() {
    return linked;
  }

  /**
   * Merges {@code other} on top of this target with buildx's rules (§7.3): scalars override when
   * set, {@code tags}/{@code platforms}/{@code cache-to}/{@code output} are replaced, append-lists
   * grow, deduplicated lists are merged, maps merge per key skipping {@code null} values (except
   * {@code contexts}, whose empty values survive until {@link #normalize}).
   */
  void merge(Target other) {
    if (other.context != null) {
      context = other.context;
    }
    if (other.dockerfile != null) {
      dockerfile = other.dockerfile;
    }
    if (other.dockerfileInline != null) {
      dockerfileInline = other.dockerfileInline;
    }
    args = mergeNonNullValues(args, other.args);
    if (other.contexts != null) {
      if (contexts == null) {
        contexts = new TreeMap<>();
      }
      contexts.putAll(other.contexts);
    }
    labels = mergeNonNullValues(labels, other.labels);
    if (other.tags != null) {
      tags = new ArrayList<>(other.tags);
    }
    if (other.target != null) {
      target = other.target;
    }
    if (other.call != null) {
      call = other.call;
    }
    annotations = append(annotations, other.annotations);
    if (other.attest != null) {
      attest = dedupeByKey(concat(attest, other.attest), Attest::type);
    }
    if (other.secrets != null) {
      secrets = dedupeByKey(concat(secrets, other.secrets), SecretEntry::id);
    }
    if (other.ssh != null) {
      ssh = dedupeByKey(concat(ssh, other.ssh), SshEntry::id);
    }
    if (other.platforms != null) {
      platforms = new ArrayList<>(other.platforms);
    }
    if (other.cacheFrom != null) {
      cacheFrom = removeDupes(concat(cacheFrom, other.cacheFrom));
    }
    if (other.cacheTo != null) {
      cacheTo = new ArrayList<>(other.cacheTo);
    }
    if (other.outputs != null) {
      outputs = new ArrayList<>(other.outputs);
    }
    if (other.pull != null) {
      pull = other.pull;
    }
    if (other.noCache != null) {
      noCache = other.noCache;
    }
    if (other.network != null) {
      network = other.network;
    }
    noCacheFilter = append(noCacheFilter, other.noCacheFilter);
    if (other.shmSize != null) {
      shmSize = other.shmSize;
    }
    ulimits = append(ulimits, other.ulimits);
    if (other.resources != null) {
      resources = (resources == null ? Resources.EMPTY : resources).merge(other.resources);
    }
    if (!other.description.isEmpty()) {
      description = other.description;
    }
    entitlements = append(entitlements, other.entitlements);
    extraHosts = mergeNonNullValues(extraHosts, other.extraHosts);
    inherits = append(inherits, other.inherits);
  }

  /**
   * The clean-up buildx applies after overrides: stable dedupe of string lists (dropping empty
   * strings), dedupe of composite lists, {@code network.host} for host networking, and removal of
   * empty {@code contexts} values.
   */
  void normalize() {
    annotations = dedupeStrings(annotations);
    attest = attest == null || attest.isEmpty() ? null : dedupeByKey(attest, Attest::type);
    tags = dedupeStrings(tags);
    secrets = secrets == null || secrets.isEmpty() ? null : dedupeByKey(secrets, SecretEntry::id);
    ssh = ssh == null || ssh.isEmpty() ? null : dedupeByKey(ssh, SshEntry::id);
    platforms = dedupeStrings(platforms);
    cacheFrom = cacheFrom == null || cacheFrom.isEmpty() ? null : removeDupes(cacheFrom);
    cacheTo = cacheTo == null || cacheTo.isEmpty() ? null : removeDupes(cacheTo);
    outputs = outputs == null || outputs.isEmpty() ? null : removeDupes(outputs);
    noCacheFilter = dedupeStrings(noCacheFilter);
    ulimits = dedupeStrings(ulimits);
    if ("host".equals(network)) {
      entitlements = append(entitlements, List.of("network.host"));
    }
    entitlements = dedupeStrings(entitlements);
    if (contexts != null) {
      contexts.values().removeIf(String::isEmpty);
      if (contexts.isEmpty()) {
        contexts = null;
      }
    }
  }

  private static SortedMap<String, String> mergeNonNullValues(SortedMap<String, String> into,
      SortedMap<String, String> from) {
    if (from == null) {
      return into;
    }
    for (Map.Entry<String, String> e : from.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (into == null) {
        into = new TreeMap<>();
      }
      into.put(e.getKey(), e.getValue());
    }
    return into;
  }

  private static <T> List<T> append(List<T> list, List<T> more) {
    if (more == null) {
      return list;
    }
    List<T> result = list == null ? new ArrayList<>(more.size()) : list;
    result.addAll(more);
    return result;
  }

  /** A new list of {@code a}'s elements then {@code b}'s; either may be null (an unset attribute). */
  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> result = new ArrayList<>((a == null ? 0 : a.size()) + (b == null ? 0 : b.size()));
    if (a != null) {
      result.addAll(a);
    }
    if (b != null) {
      result.addAll(b);
    }
    return result;
  }

  /** Keeps the first position of each key and the last value given for it. */
  static <T> List<T> dedupeByKey(List<T> list, Function<T, String> key) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<T> result = new ArrayList<>(list.size());
    for (T item : list) {
      Integer at = index.get(key.apply(item));
      if (at != null) {
        result.set(at, item);
      } else {
        index.put(key.apply(item), result.size());
        result.add(item);
      }
    }
    return result;
  }

  /**
   * buildx's {@code removeDupes}: walks backwards and removes a later duplicate by swapping it with
   * the last element, so the order can change; reproduced because {@code --print} shows the order.
   */
  static <T> List<T> removeDupes(List<T> input) {
    List<T> s = new ArrayList<>(input);
    int len = s.size();
    for (int i = len - 2; i >= 0; i--) {
      T elem = s.get(i);
      for (int j = i + 1; j < len; j++) {
        if (elem.equals(s.get(j))) {
          s.set(j, s.get(len - 1));
          len--;
          break;
        }
      }
    }
    return new ArrayList<>(s.subList(0, len));
  }

  /** Stable dedupe that also drops empty strings; keeps {@code null} and an emptied list as is. */
  static List<String> dedupeStrings(List<String> list) {
    if (list == null) {
      return null;
    }
    Set<String> seen = new HashSet<>();
    List<String> result = new ArrayList<>(list.size());
    for (String s : list) {
      if (!s.isEmpty() && seen.add(s)) {
        result.add(s);
      }
    }
    return result;
  }

  /**
   * Writes the {@code --print} form: fields in buildx's order, unset or empty ones omitted, and
   * {@code ${}}/{@code %{} re-escaped in args, labels, extra-hosts, annotations and
   * dockerfile-inline so that the output can be read back as a bake file.
   */
  @Override
  public void writeJson(GoJson json) {
    json.beginObject();
    if (!description.isEmpty()) {
      json.field("description", description);
    }
    listField(json, "annotations", escapeAll(annotations));
    listField(json, "attest", attest);
    if (context != null) {
      json.field("context", context);
    }
    mapField(json, "contexts", contexts, false);
    if (dockerfile != null) {
      json.field("dockerfile", dockerfile);
    }
    if (dockerfileInline != null) {
      json.field("dockerfile-inline", escapeTemplate(dockerfileInline));
    }
    mapField(json, "args", args, true);
    mapField(json, "labels", labels, true);
    listField(json, "tags", tags);
    listField(json, "cache-from", cacheFrom);
    listField(json, "cache-to", cacheTo);
    if (target != null) {
      json.field("target", target);
    }
    listField(json, "secret", secrets);
    listField(json, "ssh", ssh);
    listField(json, "platforms", platforms);
    listField(json, "output", outputs);
    if (pull != null) {
      json.field("pull", pull);
    }
    if (noCache != null) {
      json.field("no-cache", noCache);
    }
    if (network != null) {
      json.field("network", network);
    }
    listField(json, "no-cache-filter", noCacheFilter);
    if (shmSize != null) {
      json.field("shm-size", shmSize);
    }
    listField(json, "ulimits", ulimits);
    if (resources != null) {
      json.field("resources", resources);
    }
    if (call != null) {
      json.field("call", call);
    }
    listField(json, "entitlements", entitlements);
    mapField(json, "extra-hosts", extraHosts, true);
    json.endObject();
  }

  private static void listField(GoJson json, String name, List<?> list) {
    if (list != null && !list.isEmpty()) {
      json.field(name, list);
    }
  }

  /** Go drops nil-pointer map values only through omitempty of the whole map; we drop them here. */
  private static void mapField(GoJson json, String name, SortedMap<String, String> map,
      boolean escape) {
    if (map == null || map.isEmpty()) {
      return;
    }
    SortedMap<String, String> printed = new TreeMap<>();
    map.forEach((k, v) -> {
      if (v != null) {
        printed.put(k, escape ? escapeTemplate(v) : v);
      }
    });
    if (!printed.isEmpty()) {
      json.field(name, printed);
    }
  }

  private static List<String> escapeAll(List<String> values) {
    if (values == null) {
      return null;
    }
    List<String> escaped = new ArrayList<>(values.size());
    values.forEach(v -> escaped.add(escapeTemplate(v)));
    return escaped;
  }

  /** {@code ${} becomes {@code $${} and {@code %{} becomes {@code %%{}. */
  static String escapeTemplate(String s) {
    if (s.indexOf('{') < 0) {
      return s;
    }
    return s.replace("${", "$${").replace("%{", "%%{");
  }
}
