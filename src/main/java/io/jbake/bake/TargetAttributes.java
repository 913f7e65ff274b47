package io.jbake.bake;

import io.jbake.hcl.func.Json;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code target} block attributes as HCL sees them: decoding an evaluated attribute value into
 * the typed {@link Target} field (buildx's gohcl decoding plus the CSV-or-object parsing of
 * composite entries), and encoding a field back into the value that {@code target.x.attr}
 * references see.
 */
final class TargetAttributes {
  private TargetAttributes() {}

  static final Type STRING_LIST = Type.list(Type.STRING);
  static final Type STRING_MAP = Type.map(Type.STRING);
  private static final Type ENTRY_LIST = Type.list(STRING_MAP);
  private static final Type SECRET = Type.object(
      Map.of("id", Type.STRING, "src", Type.STRING, "env", Type.STRING), Set.of("id", "src", "env"));
  private static final Type SSH = Type.object(
      Map.of("id", Type.STRING, "paths", STRING_LIST), Set.of("id", "paths"));
  private static final Type RESOURCES = Type.object(Map.of("memory", Type.STRING,
      "memory-swap", Type.STRING, "cpu-shares", Type.NUMBER, "cpu-period", Type.NUMBER,
      "cpu-quota", Type.NUMBER, "cpuset-cpus", Type.STRING, "cpuset-mems", Type.STRING),
      Set.of("memory", "memory-swap", "cpu-shares", "cpu-period", "cpu-quota", "cpuset-cpus",
          "cpuset-mems"));

  /** Every attribute a target block may set, in buildx's struct order; others are ignored. */
  static final List<String> NAMES = List.of("description", "inherits", "annotations", "attest",
      "context", "contexts", "dockerfile", "dockerfile-inline", "args", "labels", "tags",
      "cache-from", "cache-to", "target", "secret", "ssh", "platforms", "output", "pull",
      "no-cache", "network", "no-cache-filter", "shm-size", "ulimits", "resources", "call",
      "entitlements", "extra-hosts");

  /** The type a field has when referenced while unset (a typed null). */
  private static Type typeOf(String attr) {
    return switch (attr) {
      case "inherits", "annotations", "tags", "platforms", "no-cache-filter", "ulimits",
          "entitlements" -> STRING_LIST;
      case "contexts", "args", "labels", "extra-hosts" -> STRING_MAP;
      case "attest", "cache-from", "cache-to", "output" -> ENTRY_LIST;
      case "secret" -> Type.list(SECRET);
      case "ssh" -> Type.list(SSH);
      case "pull", "no-cache" -> Type.BOOL;
      case "resources" -> RESOURCES;
      default -> Type.STRING;
    };
  }

  /**
   * Stores {@code v} (the evaluated attribute) into {@code t}.
   *
   * @throws DecodeException with gohcl's "Unsuitable value" wording, or a parse error of a
   *     composite entry
   */
  static void decode(Target t, String attr, Value v) {
    switch (attr) {
      case "description" -> t.description = v.isNull() ? "" : string(v);
      case "inherits" -> t.inherits = stringList(v);
      case "annotations" -> t.annotations = stringList(v);
      case "context" -> t.context = optString(v);
      case "dockerfile" -> t.dockerfile = optString(v);
      case "dockerfile-inline" -> t.dockerfileInline = optString(v);
      case "target" -> t.target = optString(v);
      case "network" -> t.network = optString(v);
      case "shm-size" -> t.shmSize = optString(v);
      case "call" -> t.call = optString(v);
      case "contexts" -> t.contexts = stringMap(v, false);
      case "args" -> t.args = stringMap(v, true);
      case "labels" -> t.labels = stringMap(v, true);
      case "extra-hosts" -> t.extraHosts = stringMap(v, true);
      case "tags" -> t.tags = stringList(v);
      case "platforms" -> t.platforms = stringList(v);
      case "no-cache-filter" -> t.noCacheFilter = stringList(v);
      case "ulimits" -> t.ulimits = stringList(v);
      case "entitlements" -> t.entitlements = stringList(v);
      case "pull" -> t.pull = optBool(v);
      case "no-cache" -> t.noCache = optBool(v);
      case "attest" -> t.attest = entries(v, ENTRY_LIST, e -> List.of(e.isString()
          ? Attest.parse(e.string) : Attest.fromMap(e.map())));
      case "cache-from" -> t.cacheFrom = entries(v, ENTRY_LIST, e -> e.isString()
          ? CacheEntry.parse(e.string) : List.of(CacheEntry.fromMap(e.map(), e.json())));
      case "cache-to" -> t.cacheTo = entries(v, ENTRY_LIST, e -> e.isString()
          ? CacheEntry.parse(e.string) : List.of(CacheEntry.fromMap(e.map(), e.json())));
      case "output" -> t.outputs = entries(v, ENTRY_LIST, e -> List.of(e.isString()
          ? ExportEntry.parse(e.string) : ExportEntry.fromMap(e.map())));
      case "secret" -> t.secrets = entries(v, Type.list(SECRET), e -> List.of(e.isString()
          ? SecretEntry.parse(e.string)
          : new SecretEntry(e.attr("id", SECRET), e.attr("src", SECRET), e.attr("env", SECRET))));
      case "ssh" -> t.ssh = entries(v, Type.list(SSH), e -> List.of(e.isString()
          ? SshEntry.parse(e.string) : new SshEntry(e.attr("id", SSH), e.paths())));
      case "resources" -> t.resources = resources(v);
      default -> { }
    }
  }

  /** The value {@code target.<name>.<attr>} has, given what has been decoded into {@code t}. */
  static Value encode(Target t, String attr) {
    Type type = typeOf(attr);
    Object field = switch (attr) {
      case "description" -> t.description;
      case "inherits" -> t.inherits;
      case "annotations" -> t.annotations;
      case "context" -> t.context;
      case "dockerfile" -> t.dockerfile;
      case "dockerfile-inline" -> t.dockerfileInline;
      case "target" -> t.target;
      case "network" -> t.network;
      case "shm-size" -> t.shmSize;
      case "call" -> t.call;
      case "contexts" -> t.contexts;
      case "args" -> t.args;
      case "labels" -> t.labels;
      case "extra-hosts" -> t.extraHosts;
      case "tags" -> t.tags;
      case "platforms" -> t.platforms;
      case "no-cache-filter" -> t.noCacheFilter;
      case "ulimits" -> t.ulimits;
      case "entitlements" -> t.entitlements;
      case "pull" -> t.pull;
      case "no-cache" -> t.noCache;
      case "attest" -> mapList(t.attest, Attest::asMap);
      case "cache-from" -> mapList(t.cacheFrom, CacheEntry::asMap);
      case "cache-to" -> mapList(t.cacheTo, CacheEntry::asMap);
      case "output" -> mapList(t.outputs, ExportEntry::asMap);
      case "secret" -> t.secrets;
      case "ssh" -> t.ssh;
      case "resources" -> t.resources;
      default -> null;
    };
    return toValue(field, type);
  }

  private static <T> List<SortedMap<String, String>> mapList(List<T> list,
      java.util.function.Function<T, SortedMap<String, String>> f) {
    if (list == null) {
      return null;
    }
    List<SortedMap<String, String>> out = new ArrayList<>(list.size());
    list.forEach(e -> out.add(f.apply(e)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Value toValue(Object field, Type type) {
    if (field == null) {
      return Value.nullOf(type);
    }
    if (field instanceof String s) {
      return Value.string(s);
    }
    if (field instanceof Boolean b) {
      return Value.bool(b);
    }
    if (field instanceof Map<?, ?> m) {
      Map<String, Value> values = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> values.put(k, toValue(v, type.elementType())));
      return values.isEmpty() ? Value.emptyMap(type.elementType()) : Value.map(values);
    }
    if (field instanceof List<?> list) {
      List<Value> values = new ArrayList<>(list.size());
      for (Object o : list) {
        values.add(toValue(o, type.elementType()));
      }
      return values.isEmpty() ? Value.emptyList(type.elementType()) : Value.list(values);
    }
    if (field instanceof SecretEntry s) {
      return Value.object(Map.of("id", Value.string(s.id()), "src", Value.string(s.src()),
          "env", Value.string(s.env())));
    }
    if (field instanceof SshEntry s) {
      List<Value> paths = new ArrayList<>();
      s.paths().forEach(p -> paths.add(Value.string(p)));
      return Value.object(Map.of("id", Value.string(s.id()), "paths",
          paths.isEmpty() ? Value.emptyList(Type.STRING) : Value.list(paths)));
    }
    if (field instanceof Resources r) {
      Map<String, Value> attrs = new LinkedHashMap<>();
      attrs.put("memory", r.memory() == null ? Value.nullOf(Type.STRING) : Value.string(r.memory()));
      attrs.put("memory-swap", r.memorySwap() == null ? Value.nullOf(Type.STRING) : Value.string(r.memorySwap()));
      attrs.put("cpu-shares", r.cpuShares() == null ? Value.nullOf(Type.NUMBER) : Value.number(r.cpuShares()));
      attrs.put("cpu-period", r.cpuPeriod() == null ? Value.nullOf(Type.NUMBER) : Value.number(r.cpuPeriod()));
      attrs.put("cpu-quota", r.cpuQuota() == null ? Value.nullOf(Type.NUMBER) : Value.number(r.cpuQuota()));
      attrs.put("cpuset-cpus", r.cpusetCpus() == null ? Value.nullOf(Type.STRING) : Value.string(r.cpusetCpus()));
      attrs.put("cpuset-mems", r.cpusetMems() == null ? Value.nullOf(Type.STRING) : Value.string(r.cpusetMems()));
      return Value.object(attrs);
    }
    throw new IllegalArgumentException("not a target field: " + field.getClass());
  }

  /** A decoding failure; gohcl reports it as {@code Unsuitable value: <message>}. */
  static final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message, null, false, false);
    }
  }

  private static Value convert(Value v, Type type) {
    try {
      return Convert.convert(v, type);
    } catch (ConversionException e) {
      throw new DecodeException(e.getMessage());
    }
  }

  private static String string(Value v) {
    return convert(v, Type.STRING).asString();
  }

  private static String optString(Value v) {
    return v.isNull() ? null : string(v);
  }

  private static Boolean optBool(Value v) {
    return v.isNull() ? null : convert(v, Type.BOOL).asBool();
  }

  private static List<String> stringList(Value v) {
    if (v.isNull()) {
      return null;
    }
    Value list = convert(v, STRING_LIST);
    List<String> out = new ArrayList<>(list.length());
    for (Value e : list.elements()) {
      if (e.isNull()) {
        throw new DecodeException("null value is not allowed");
      }
      out.add(e.asString());
    }
    return out;
  }

  /** A string map; {@code keepNulls} keeps {@code null} values (args, labels, extra-hosts). */
  private static TreeMap<String, String> stringMap(Value v, boolean keepNulls) {
    if (v.isNull()) {
      return null;
    }
    Value map = convert(v, STRING_MAP);
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Value> e : map.attributes().entrySet()) {
      if (e.getValue().isNull()) {
        if (!keepNulls) {
          throw new DecodeException("null value is not allowed");
        }
        out.put(e.getKey(), null);
      } else {
        out.put(e.getKey(), e.getValue().asString());
      }
    }
    return out;
  }

  private static Resources resources(Value v) {
    if (v.isNull()) {
      return null;
    }
    Value o = convert(v, RESOURCES);
    Map<String, Value> a = o.attributes();
    return new Resources(str(a.get("memory")), str(a.get("memory-swap")),
        num(a.get("cpu-shares")), num(a.get("cpu-period")), num(a.get("cpu-quota")),
        str(a.get("cpuset-cpus")), str(a.get("cpuset-mems")));
  }

  private static String str(Value v) {
    return v == null || v.isNull() ? null : v.asString();
  }

  private static Long num(Value v) {
    return v == null || v.isNull() ? null : v.asBigDecimal().longValueExact();
  }

  /** One element of a composite list: a CSV string or an object. */
  private static final class Element {
    final String string;
    final Value value;

    /** (buildx panics on a null element; jbake says what gohcl says of a null in a list of strings) */
    Element(Value value) {
      if (value.isNull()) {
        throw new DecodeException("null value is not allowed");
      }
      this.value = value;
      this.string = value.type().equals(Type.STRING) ? value.asString() : null;
    }

    /** The object form as a string map (null values dropped), for type/attrs entries. */
    Map<String, String> map() {
      Map<String, String> m = new LinkedHashMap<>();
      convert(value, STRING_MAP).attributes().forEach((k, v) -> {
        if (!v.isNull()) {
          m.put(k, v.asString());
        }
      });
      return m;
    }

    /** The object form as JSON, as buildx quotes it in "type required" errors. */
    String json() {
      return Json.encode(value, value.type());
    }

    boolean isString() {
      return string != null;
    }

    /** An attribute of the object form of a {@code secret} or {@code ssh} entry, as a string. */
    String attr(String name, Type objectType) {
      Value v = attribute(name, objectType);
      return v == null || v.isNull() ? "" : inAttribute(name, () -> convert(v, Type.STRING).asString());
    }

    List<String> paths() {
      Value v = attribute("paths", SSH);
      return v == null || v.isNull() ? List.of() : inAttribute("paths", () -> stringList(v));
    }

    /** An attribute of the object form; an element of another type is an error, as buildx's. */
    private Value attribute(String name, Type objectType) {
      if (!value.type().isObject() && !value.type().isMap()) {
        throw new DecodeException(Convert.mismatchMessage(value.type(), objectType));
      }
      return value.attributes().get(name);
    }

    /** A conversion error of one attribute names it, as cty's does. */
    private static <T> T inAttribute(String name, java.util.function.Supplier<T> conversion) {
      try {
        return conversion.get();
      } catch (DecodeException e) {
        throw new DecodeException("attribute " + GoLib.quote(name) + ": " + e.getMessage());
      }
    }
  }

  /**
   * A composite list: each element a CSV string or an object; empty strings are skipped. Parse
   * errors keep their own message (they are wrapped as one diagnostic by the caller).
   */
  private static <T> List<T> entries(Value v, Type listType,
      java.util.function.Function<Element, List<T>> parse) {
    if (v.isNull()) {
      return null;
    }
    if (!v.type().isList() && !v.type().isTuple()) {
      throw new DecodeException(Convert.mismatchMessage(v.type(), listType));
    }
    List<T> out = new ArrayList<>();
    for (Value e : v.elements()) {
      if (e.type().equals(Type.STRING) && !e.isNull() && e.asString().isEmpty()) {
        continue;
      }
      try {
        out.addAll(parse.apply(new Element(e)));
      } catch (BakeException ex) {
        throw new DecodeException(ex.getMessage());
      }
    }
    return out;
  }
}
