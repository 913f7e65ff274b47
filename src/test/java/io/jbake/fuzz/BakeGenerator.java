package io.jbake.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random bake definitions, mostly valid: an HCL file of variables (typed, validated), user functions, targets
 * with every attribute, groups, inherits, matrices, {@code target:} contexts and expressions of every kind
 * (templates with directives, heredocs, for-expressions, conditionals, splats, standard library calls, nested
 * a few levels deep); the same shapes as a JSON bake file; and compose files with services, {@code build}
 * sections, {@code x-bake} and {@code ${VAR}} interpolation. Expressions are made for the type their place
 * needs (a string, a number, a list of strings, ...), so most files evaluate and reach {@code --print}; one
 * choice in {@link #MISTAKE_ODDS} is a mistake (an undeclared name, a wrong type, an unknown or cyclic
 * target, a bad entry), so the error paths are reached too.
 *
 * <p>Sizes stay small (a handful of blocks, matrices of at most 3 by 3, ranges below 5, expressions a few
 * levels deep): this generator looks for wrong behaviour, not for resource limits.
 */
public final class BakeGenerator {
    private static final int MAX_DEPTH = 4;
    private static final int MISTAKE_ODDS = 60;

    /** The types expressions are made for. */
    private enum Kind {
        STRING,
        NUMBER,
        BOOL,
        LIST,
        MAP
    }

    private static final List<String> WORDS = List.of(
            "app",
            "x y",
            "v1.2.3",
            "a,b,c",
            "\\u00e9t\\u00e9",
            "",
            "1",
            "true",
            "$${lit}",
            "%%{lit}",
            "linux/amd64",
            "a\\nb",
            "tab\\there",
            "q\\\"uote");
    private static final List<String> STRING_FUNCTIONS = List.of(
            "upper",
            "lower",
            "title",
            "trimspace",
            "chomp",
            "sanitize",
            "base64encode",
            "md5",
            "sha1",
            "urlencode",
            "basename",
            "dirname",
            "reverse",
            "trim(%s, \"a\")",
            "trimprefix(%s, \"v\")",
            "trimsuffix(%s, \"-\")",
            "indent(2, %s)",
            "replace(%s, \"a\", \"b\")",
            "regex_replace(%s, \"[0-9]+\", \"N\")",
            "substr(%s, 0, 2)",
            "format(\"<%%s>\", %s)",
            "coalesce(%s, \"fallback\")",
            "jsonencode(%s)");

    /** Valid entries per list attribute, and the attributes' kinds. */
    private static final Map<String, List<String>> ENTRIES = new LinkedHashMap<>();

    private static final Map<String, List<String>> SCALARS = new LinkedHashMap<>();

    static {
        ENTRIES.put("tags", List.of("app:latest", "registry.local/app:1", "x/y:z"));
        ENTRIES.put("platforms", List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/riscv64"));
        ENTRIES.put("annotations", List.of("org.opencontainers.image.title=x", "index:a=b"));
        ENTRIES.put("cache-from", List.of("type=gha", "type=registry,ref=r/app:cache", "user/app:cache"));
        ENTRIES.put("cache-to", List.of("type=inline", "type=local,dest=cache", "type=gha,mode=max"));
        ENTRIES.put("output", List.of("type=local,dest=out", "type=docker", "type=cacheonly", "type=image,push=false"));
        ENTRIES.put("secret", List.of("id=token,env=TOKEN", "id=npm,env=NPM_TOKEN"));
        ENTRIES.put("attest", List.of("type=sbom", "type=provenance,mode=min", "type=sbom,disabled=true"));
        ENTRIES.put("ulimits", List.of("nofile=1024:1024", "nproc=64"));
        ENTRIES.put("entitlements", List.of("network.host", "security.insecure"));
        ENTRIES.put("no-cache-filter", List.of("build", "deps", "x"));
        SCALARS.put("context", List.of(".", "./"));
        SCALARS.put("dockerfile", List.of("Dockerfile", "app.Dockerfile", "sub/Dockerfile"));
        SCALARS.put("dockerfile-inline", List.of("FROM scratch\\nCOPY . /", "FROM busybox:local"));
        SCALARS.put("target", List.of("build", "final", "x"));
        SCALARS.put("network", List.of("host", "none", "default"));
        SCALARS.put("call", List.of("build", "check", "outline", "targets"));
        SCALARS.put("shm-size", List.of("128m", "1g"));
        SCALARS.put("description", List.of("the app", "", "d\\u00e9j\\u00e0"));
    }

    private static final List<String> MAP_ATTRIBUTES = List.of("args", "labels", "contexts", "extra-hosts");
    private static final List<String> BOOL_ATTRIBUTES = List.of("no-cache", "pull");

    private final Random random;
    private final Map<String, Kind> variables = new LinkedHashMap<>();
    private final Map<String, Integer> functions = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    /** Names in scope besides the variables: for-expression symbols, matrix keys, function params. */
    private final Map<String, Kind> locals = new LinkedHashMap<>();
    /** How many quoted templates the expression being made is in: no heredoc (no line break) may go there. */
    private int inTemplate;

    private BakeGenerator(Random random) {
        this.random = random;
    }

    /** A {@code docker-bake.hcl}. */
    public static String hcl(Random random) {
        return new BakeGenerator(random).hclFile();
    }

    /** A {@code docker-bake.json}. */
    public static String json(Random random) {
        return new BakeGenerator(random).jsonFile();
    }

    /** A {@code compose.yaml}. */
    public static String compose(Random random) {
        return new BakeGenerator(random).composeFile();
    }

    /** The variable names of a generated file, for environment overrides: {@code V0} to {@code V5}. */
    public static String variableName(int i) {
        return "V" + i;
    }

    /** The target names of a generated file: {@code t0} to {@code t7}. */
    public static String targetName(int i) {
        return "t" + i;
    }

    private boolean mistake() {
        return random.nextInt(MISTAKE_ODDS) == 0;
    }

    private <T> T pick(List<T> list) {
        return Mutator.pick(list, random);
    }

    private void declareNames() {
        Kind[] kinds = Kind.values();
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            variables.put(variableName(i), random.nextBoolean() ? Kind.STRING : kinds[random.nextInt(kinds.length)]);
        }
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            targets.add(targetName(i));
        }
    }

    // ---------------------------------------------------------------- HCL

    private String hclFile() {
        declareNames();
        StringBuilder out = new StringBuilder();
        Map<String, Kind> declared = new LinkedHashMap<>(variables);
        variables.clear(); // a default may use the variables declared before it
        declared.forEach((name, kind) -> {
            out.append("variable \"").append(name).append("\" {\n");
            if (random.nextInt(3) == 0) {
                out.append("  type = ")
                        .append(mistake() ? "strin" : typeConstraint(kind))
                        .append('\n');
            }
            if (kind != Kind.STRING || random.nextInt(6) > 0) { // an unset variable is ""
                out.append("  default = ").append(expression(kind, 1)).append('\n');
            }
            if (random.nextInt(4) == 0) {
                out.append("  description = ").append(quoted(pick(WORDS))).append('\n');
            }
            if (random.nextInt(5) == 0) {
                variables.put(name, kind);
                out.append("  validation {\n    condition = ")
                        .append(random.nextInt(4) == 0 ? "true" : name + " == " + name)
                        .append("\n    error_message = ")
                        .append(template(2))
                        .append("\n  }\n");
            }
            out.append("}\n");
            variables.put(name, kind);
        });
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            int arity = random.nextInt(3);
            List<String> params = new ArrayList<>();
            for (int p = 0; p < arity; p++) {
                params.add("p" + p);
                locals.put("p" + p, Kind.STRING);
            }
            out.append("function \"f")
                    .append(i)
                    .append("\" {\n  params = [")
                    .append(String.join(", ", params))
                    .append("]\n");
            if (random.nextInt(4) == 0) {
                out.append("  variadic_params = rest\n");
                locals.put("rest", Kind.LIST);
            }
            out.append("  result = ").append(expression(Kind.STRING, 1)).append("\n}\n");
            locals.clear();
            functions.put("f" + i, arity);
        }
        for (int t = 0; t < targets.size(); t++) {
            target(out, t);
        }
        for (int i = 0, n = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(2); i < n; i++) {
            out.append("group \"")
                    .append(i == 0 ? "default" : "g" + i)
                    .append("\" {\n")
                    .append("  targets = [")
                    .append(targetNames(targets.size(), 1 + random.nextInt(3)))
                    .append("]\n");
            if (random.nextInt(3) == 0) {
                out.append("  description = ").append(template(2)).append('\n');
            }
            out.append("}\n");
        }
        return out.toString();
    }

    private void target(StringBuilder out, int index) {
        String name = targets.get(index);
        out.append("target \"").append(name).append("\" {\n");
        if (random.nextInt(6) == 0) {
            out.append("  matrix = {\n");
            StringBuilder generatedName = new StringBuilder(name);
            for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                String key = "m" + k;
                boolean objects = random.nextInt(4) == 0;
                locals.put(key, objects ? Kind.MAP : Kind.STRING);
                out.append("    ").append(key).append(" = [");
                for (int v = 0, values = 1 + random.nextInt(3); v < values; v++) {
                    out.append(v > 0 ? ", " : "")
                            .append(objects ? "{ id = \"o" + v + "\" }" : quoted(pick(List.of("a", "b", "v1")) + v));
                }
                out.append("]\n");
                generatedName
                        .append("-${")
                        .append(key)
                        .append(objects ? ".id" : "")
                        .append('}');
            }
            out.append("  }\n  name = \"")
                    .append(mistake() ? name : generatedName)
                    .append("\"\n");
        }
        if (index > 0 && random.nextInt(3) == 0) {
            out.append("  inherits = [")
                    .append(targetNames(mistake() ? targets.size() : index, 1 + random.nextInt(2)))
                    .append("]\n");
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int a = 0, n = random.nextInt(7); a < n; a++) {
            int choice = random.nextInt(10);
            String attribute = pick(
                    choice < 4
                            ? List.copyOf(ENTRIES.keySet())
                            : choice < 7
                                    ? List.copyOf(SCALARS.keySet())
                                    : choice < 9 ? MAP_ATTRIBUTES : BOOL_ATTRIBUTES);
            if (!used.add(attribute) && !mistake()) {
                continue; // an attribute set twice is an error
            }
            String value = choice < 4
                    ? entries(attribute)
                    : choice < 7
                            ? random.nextInt(3) == 0 ? expression(Kind.STRING, 2) : quoted(pick(SCALARS.get(attribute)))
                            : choice < 9 ? map(attribute, index) : expression(Kind.BOOL, 2);
            out.append("  ").append(attribute).append(" = ").append(value).append('\n');
        }
        if (mistake()) {
            out.append("  ")
                    .append(pick(List.of(
                            "ssh = [\"default\"]",
                            "secret = [\"id=s,src=missing.txt\"]",
                            "platforms = [\"not a platform\"]",
                            "output = [\"dest=x\"]",
                            "tags = [\"UPPER:case\"]",
                            "unknown = 1",
                            "context = null",
                            "args = { A = [1] }",
                            "no-cache = \"maybe\"")))
                    .append('\n');
        }
        locals.clear();
        out.append("}\n");
    }

    private String typeConstraint(Kind kind) {
        return switch (kind) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOL -> "bool";
            case LIST -> random.nextBoolean() ? "list(string)" : "any";
            case MAP -> random.nextBoolean() ? "map(string)" : "object({a = string, b = optional(string)})";
        };
    }

    /** A list attribute: entries its parser accepts, as literals, templates or a list expression. */
    private String entries(String attribute) {
        List<String> values = ENTRIES.get(attribute);
        if (random.nextInt(5) == 0 && !attribute.equals("platforms") && !attribute.equals("tags")) {
            return "[for e in " + quotedList(values) + " : e]";
        }
        List<String> items = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            String entry = pick(values);
            items.add(random.nextInt(4) == 0 ? "\"${" + quoted(entry) + "}\"" : quoted(entry));
        }
        if (attribute.equals("tags") && random.nextBoolean()) {
            inTemplate++;
            items.add("\"app:${" + expression(Kind.NUMBER, 3) + "}\"");
            inTemplate--;
        }
        if (attribute.equals("no-cache-filter") && random.nextBoolean()) {
            return expression(Kind.LIST, 2);
        }
        return "[" + String.join(", ", items) + "]";
    }

    private String map(String attribute, int index) {
        StringBuilder out = new StringBuilder("{\n");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            String value = switch (attribute) {
                case "contexts" ->
                    index > 0 && random.nextBoolean()
                            ? quoted("target:" + targets.get(random.nextInt(mistake() ? targets.size() : index)))
                            : quoted(pick(List.of(
                                    "docker-image://busybox:local",
                                    "https://example.invalid/x.tar.gz",
                                    "oci-layout://./oci")));
                case "extra-hosts" -> quoted(pick(List.of("10.0.0.1", "::1", "192.168.1.1")));
                default -> random.nextInt(5) == 0 ? expression(Kind.NUMBER, 2) : expression(Kind.STRING, 2);
            };
            out.append("    ")
                    .append(random.nextBoolean() ? "K" + i : quoted("k-" + i))
                    .append(" = ")
                    .append(value)
                    .append('\n');
        }
        return out.append("  }").toString();
    }

    /** An HCL expression of {@code kind}; past {@link #MAX_DEPTH} only leaves. */
    private String expression(Kind kind, int depth) {
        if (mistake()) {
            return pick(List.of(
                    "UNDECLARED",
                    "null",
                    "[1, \"a\"]",
                    "{ a = 1 }",
                    "1 + \"x\"",
                    "f9()",
                    "target.nope.tags",
                    "upper(1, 2)",
                    "element([], 0)",
                    "tonumber(\"x\")"));
        }
        if (depth >= MAX_DEPTH || random.nextInt(4) == 0) {
            return leaf(kind);
        }
        int next = depth + 1;
        if (random.nextInt(8) == 0) {
            return "(" + expression(Kind.BOOL, next) + " ? " + expression(kind, next) + " : " + expression(kind, next)
                    + ")";
        }
        return switch (kind) {
            case STRING -> stringExpression(next);
            case NUMBER ->
                pick(List.of(
                                "length(%1$s)",
                                "max(%2$s, 1)",
                                "(%2$s + %2$s)",
                                "(%2$s * 2)",
                                "min(%2$s, 3)",
                                "floor(%2$s / 3)",
                                "-%2$s",
                                "length(keys(%3$s))"))
                        .formatted(expression(Kind.LIST, next), leaf(Kind.NUMBER), expression(Kind.MAP, next));
            case BOOL ->
                pick(List.of(
                                "!%1$s",
                                "(%1$s && %2$s)",
                                "(%1$s || %2$s)",
                                "(%3$s > %4$s)",
                                "(%5$s == %6$s)",
                                "contains(%7$s, %5$s)",
                                "can(regex(\"^[0-9]+$\", %5$s))"))
                        .formatted(
                                leaf(Kind.BOOL),
                                leaf(Kind.BOOL),
                                leaf(Kind.NUMBER),
                                expression(Kind.NUMBER, next),
                                leaf(Kind.STRING),
                                expression(Kind.STRING, next),
                                expression(Kind.LIST, next));
            case LIST ->
                switch (random.nextInt(8)) {
                    case 0 -> "split(\",\", " + expression(Kind.STRING, next) + ")";
                    case 1 -> "concat(" + expression(Kind.LIST, next) + ", " + expression(Kind.LIST, next) + ")";
                    case 2 -> forList(next);
                    case 3 ->
                        pick(List.of("distinct", "sort", "compact", "reverselist")) + "(" + expression(Kind.LIST, next)
                                + ")";
                    case 4 -> "keys(" + expression(Kind.MAP, next) + ")";
                    case 5 -> "formatlist(\"%s-x\", " + expression(Kind.LIST, next) + ")";
                    case 6 -> "[for i in range(" + random.nextInt(5) + ") : \"n${i}\"]";
                    default -> "{ a = " + expression(Kind.LIST, next) + " }.a";
                };
            case MAP ->
                switch (random.nextInt(4)) {
                    case 0 -> "merge(" + expression(Kind.MAP, next) + ", " + expression(Kind.MAP, next) + ")";
                    case 1 -> "{for k, v in " + expression(Kind.MAP, next) + " : upper(k) => v}";
                    case 2 -> "{for s in " + expression(Kind.LIST, next) + " : s => \"v-${s}\"...}";
                    default ->
                        "{ a = " + expression(Kind.STRING, next) + ", \"b\" = " + expression(Kind.STRING, next) + " }";
                };
        };
    }

    private String stringExpression(int depth) {
        return switch (random.nextInt(7)) {
            case 0, 1 -> template(depth);
            case 2 -> {
                String function = pick(STRING_FUNCTIONS);
                String argument = expression(Kind.STRING, depth);
                yield function.contains("%s") ? function.formatted(argument) : function + "(" + argument + ")";
            }
            case 3 -> "join(\"-\", " + expression(Kind.LIST, depth) + ")";
            case 4 -> "lookup(" + expression(Kind.MAP, depth) + ", \"a\", \"none\")";
            case 5 -> inTemplate == 0 ? heredoc(depth) : userCall(depth);
            default -> userCall(depth);
        };
    }

    private String userCall(int depth) {
        if (functions.isEmpty()) {
            return "format(\"%s-%v\", " + expression(Kind.STRING, depth) + ", " + expression(Kind.NUMBER, depth) + ")";
        }
        String name = pick(List.copyOf(functions.keySet()));
        List<String> args = new ArrayList<>();
        for (int a = 0, n = functions.get(name); a < n; a++) {
            args.add(expression(Kind.STRING, depth));
        }
        return name + "(" + String.join(", ", args) + ")";
    }

    private String forList(int depth) {
        String symbol = "x" + depth;
        String source = expression(Kind.LIST, depth);
        locals.put(symbol, Kind.STRING);
        String body = "[for i" + depth + ", " + symbol + " in " + source + " : " + expression(Kind.STRING, depth)
                + (random.nextBoolean() ? " if " + symbol + " != \"\"" : "") + "]";
        locals.remove(symbol);
        return body;
    }

    private String leaf(Kind kind) {
        List<String> names = new ArrayList<>();
        variables.forEach((name, k) -> {
            if (k == kind) {
                names.add(name);
            }
        });
        locals.forEach((name, k) -> {
            if (k == kind) {
                names.add(name);
            } else if (k == Kind.MAP && kind == Kind.STRING && name.startsWith("m")) {
                names.add(name + ".id"); // a matrix value of objects
            }
        });
        if (!names.isEmpty() && random.nextBoolean()) {
            return pick(names);
        }
        return switch (kind) {
            case STRING -> quoted(pick(WORDS));
            case NUMBER -> pick(List.of("0", "1", "42", "-7", "1.5", "1e3", "0.001"));
            case BOOL -> pick(List.of("true", "false", "(1 < 2)", "(\"a\" == \"b\")"));
            case LIST ->
                "["
                        + (random.nextBoolean()
                                ? ""
                                : quotedList(List.of(pick(WORDS), pick(WORDS))).replaceAll("^\\[|\\]$", ""))
                        + "]";
            case MAP -> "{ a = " + quoted(pick(WORDS)) + " }";
        };
    }

    /** A quoted template with interpolations and sometimes an if or for directive. */
    private String template(int depth) {
        inTemplate++;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            switch (random.nextInt(depth >= MAX_DEPTH ? 2 : 6)) {
                case 0 -> out.append(pick(List.of("img", "-", ":", "v", "/", " ", "\\u00e9", "$${x}", "%%{y}")));
                case 1 ->
                    out.append("${")
                            .append(leaf(random.nextBoolean() ? Kind.STRING : Kind.NUMBER))
                            .append('}');
                case 2, 3 ->
                    out.append("${")
                            .append(expression(random.nextBoolean() ? Kind.STRING : Kind.NUMBER, depth + 1))
                            .append('}');
                case 4 ->
                    out.append("%{ if ")
                            .append(expression(Kind.BOOL, depth + 1))
                            .append(" }yes%{ else }no%{ endif }");
                default ->
                    out.append("%{ for i, x in ")
                            .append(expression(Kind.LIST, depth + 1))
                            .append(" }${i}=${x},%{ endfor ~}");
            }
        }
        inTemplate--;
        return out.append('"').toString();
    }

    private String heredoc(int depth) {
        String marker = random.nextBoolean() ? "EOT" : "END";
        return "<<" + (random.nextBoolean() ? "-" : "") + marker + "\n  line ${" + expression(Kind.STRING, depth)
                + "}\n  %{ if true }t%{ endif }\n" + marker + "\n";
    }

    private String targetNames(int bound, int count) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(quoted(mistake() ? "missing" : targets.get(random.nextInt(Math.max(1, bound)))));
        }
        return String.join(", ", picked);
    }

    private static String quotedList(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quoted(v)));
        return "[" + String.join(", ", quoted) + "]";
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    // ---------------------------------------------------------------- JSON

    private String jsonFile() {
        declareNames();
        List<String> sections = new ArrayList<>();
        if (!variables.isEmpty()) {
            List<String> entries = new ArrayList<>();
            Map<String, Kind> declared = new LinkedHashMap<>(variables);
            variables.clear();
            declared.forEach((name, kind) -> {
                entries.add("    " + quoted(name) + ": "
                        + (random.nextInt(5) == 0 ? "{}" : "{\"default\": " + jsonValue(kind) + "}"));
                variables.put(name, kind);
            });
            sections.add("  \"variable\": {\n" + String.join(",\n", entries) + "\n  }");
        }
        if (random.nextInt(3) == 0) {
            locals.put("p", Kind.STRING);
            sections.add("  \"function\": {\"fj\": {\"params\": [\"p\"], \"result\": \"" + jsonTemplate() + "\"}}");
            locals.clear();
            functions.put("fj", 1);
        }
        List<String> targetEntries = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            List<String> attributes = new ArrayList<>();
            if (t > 0 && random.nextInt(3) == 0) {
                attributes.add("\"inherits\": [" + targetNames(t, 1) + "]");
            }
            if (random.nextInt(6) == 0) {
                attributes.add("\"matrix\": {\"m\": [\"a\", \"b\"]}");
                attributes.add("\"name\": \"" + targets.get(t) + "-${m}\"");
                locals.put("m", Kind.STRING);
            }
            java.util.Set<String> used = new java.util.HashSet<>();
            for (int a = 0, n = random.nextInt(5); a < n; a++) {
                String attribute = jsonAttribute();
                if (used.add(attribute.substring(0, attribute.indexOf(':'))) || mistake()) {
                    attributes.add(attribute);
                }
            }
            locals.clear();
            targetEntries.add("    " + quoted(targets.get(t)) + ": {" + String.join(", ", attributes) + "}");
        }
        sections.add("  \"target\": {\n" + String.join(",\n", targetEntries) + "\n  }");
        if (random.nextInt(8) > 0) {
            sections.add("  \"group\": {\"default\": {\"targets\": ["
                    + targetNames(targets.size(), 1 + random.nextInt(2)) + "]}}");
        }
        return "{\n" + String.join(",\n", sections) + "\n}\n";
    }

    private String jsonAttribute() {
        int choice = random.nextInt(10);
        if (choice < 4) {
            String attribute = pick(List.copyOf(ENTRIES.keySet()));
            return quoted(attribute) + ": [" + quoted(pick(ENTRIES.get(attribute))) + "]";
        } else if (choice < 7) {
            String attribute = pick(List.copyOf(SCALARS.keySet()));
            return quoted(attribute) + ": "
                    + (random.nextInt(3) == 0 ? "\"" + jsonTemplate() + "\"" : quoted(pick(SCALARS.get(attribute))));
        } else if (choice < 9) {
            return quoted(pick(List.of("args", "labels"))) + ": {\"K\": " + jsonValue(Kind.STRING) + ", \"L\": \""
                    + jsonTemplate() + "\"}";
        }
        return quoted(pick(BOOL_ATTRIBUTES)) + ": " + random.nextBoolean();
    }

    private String jsonValue(Kind kind) {
        return switch (kind) {
            case STRING -> "\"" + jsonTemplate() + "\"";
            case NUMBER -> pick(List.of("0", "42", "-1", "1.5e2"));
            case BOOL -> String.valueOf(random.nextBoolean());
            case LIST -> "[\"a\", \"" + jsonTemplate() + "\"]";
            case MAP -> "{\"a\": \"" + jsonTemplate() + "\"}";
        };
    }

    /** A template inside a JSON string: an HCL string expression with its quotes escaped. */
    private String jsonTemplate() {
        inTemplate++;
        String inner = switch (random.nextInt(4)) {
            case 0 -> "plain";
            case 1 -> "x-${" + leaf(Kind.STRING) + "}";
            default -> "${" + expression(Kind.STRING, 2) + "}";
        };
        inTemplate--;
        return inner.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    // ---------------------------------------------------------------- compose

    private String composeFile() {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(4) == 0) {
            out.append("name: ")
                    .append(pick(List.of("proj", "my-project", "${V0:-p}")))
                    .append('\n');
        }
        out.append("services:\n");
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            String service = pick(List.of("web", "api", "db", "worker", "svc_x", "a.b")) + i;
            out.append("  ").append(mistake() ? "Bad Name" : service).append(":\n");
            boolean image = random.nextInt(3) > 0;
            if (image) {
                out.append("    image: ")
                        .append(pick(List.of("app", "app:latest", "r.local/x:${V1:-1}")))
                        .append('\n');
            }
            int shape = image ? random.nextInt(5) : 2 + random.nextInt(3);
            if (shape == 0) {
                out.append("    build: ")
                        .append(pick(List.of(".", "./sub", "${V0:-.}")))
                        .append('\n');
            } else if (shape > 1) {
                composeBuild(out);
            }
            if (random.nextInt(5) == 0) {
                out.append("    profiles: [")
                        .append(pick(List.of("dev", "\"\"")))
                        .append("]\n");
            }
        }
        if (random.nextInt(4) == 0) {
            out.append("x-common: &common\n  a: 1\n");
        }
        return out.toString();
    }

    private void composeBuild(StringBuilder out) {
        out.append("    build:\n      context: ")
                .append(pick(List.of(".", "./sub", "${V0:-.}")))
                .append('\n');
        if (random.nextBoolean()) {
            out.append("      dockerfile: ")
                    .append(pick(List.of("Dockerfile", "app.Dockerfile")))
                    .append('\n');
        }
        if (random.nextBoolean()) {
            out.append("      args:\n");
            boolean list = random.nextBoolean();
            for (int a = 0, n = 1 + random.nextInt(3); a < n; a++) {
                out.append(
                        list
                                ? "        - A" + a + "=" + composeScalar() + "\n"
                                : "        A" + a + ": " + composeScalar() + "\n");
            }
        }
        if (random.nextInt(3) == 0) {
            out.append("      target: ").append(pick(List.of("build", "final"))).append('\n');
        }
        if (random.nextInt(3) == 0) {
            out.append("      tags: [")
                    .append(pick(List.of("app:1", "\"r/x:${V2:-y}\"")))
                    .append("]\n");
        }
        if (random.nextInt(3) == 0) {
            out.append("      platforms:\n        - linux/amd64\n        - linux/arm64\n");
        }
        if (random.nextInt(4) == 0) {
            out.append("      labels:\n        a.b: ").append(composeScalar()).append('\n');
        }
        if (random.nextInt(4) == 0) {
            out.append("      x-bake:\n        tags: [x:1]\n        ")
                    .append(pick(List.of(
                            "no-cache: true",
                            "pull: false",
                            "platforms: linux/arm64",
                            "output: type=local,dest=out",
                            "cache-from: [type=gha]",
                            "secret: id=s,env=S")))
                    .append('\n');
        }
    }

    private String composeScalar() {
        return switch (random.nextInt(7)) {
            case 0 -> "${" + variableName(random.nextInt(3)) + ":-dflt}";
            case 1 -> "\"${" + variableName(random.nextInt(3)) + "}\"";
            case 2 -> "'single $$ quoted'";
            case 3 -> String.valueOf(random.nextInt(10));
            case 4 -> "img:${" + variableName(random.nextInt(3)) + "-x}";
            default -> pick(List.of("app", "v1.0", "true", "\"quoted value\""));
        };
    }
}
