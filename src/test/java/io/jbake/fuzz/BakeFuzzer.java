package io.jbake.fuzz;

import io.jbake.bake.model.DefinitionFile;
import io.jbake.spec.SpecCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The fuzz inputs of a seed, each a jbake command that does not build ({@code --print}, or {@code --list} of
 * targets or variables): about half are spec cases (spec-tests/cases) with one or two of their definition
 * files (or their stdin) mutated by {@link Mutator}, the rest definitions of {@link BakeGenerator} (HCL, JSON,
 * compose, or two of them together), a quarter of those mutated too, with random targets, {@code --set},
 * {@code --var} and variables in the environment. Input {@code i} depends only on the seed and {@code i}, so
 * any one of them can be made again alone.
 */
public final class BakeFuzzer {
    private static final Map<String, String> BASE_ENV = Map.of("HOME", "/home/fuzz", "PATH", "/usr/bin:/bin");
    private static final List<String> LIST_MODES = List.of(
            "--list=targets",
            "--list=variables",
            "--list=type=targets,format=json",
            "--list=type=variables,format=json");
    private static final List<String> OVERRIDES = List.of(
            "t0.tags=x:1",
            "*.platform=linux/arm64",
            "t1.args.A=b",
            "*.output=type=local,dest=o",
            "t0.no-cache=maybe",
            "nomatch.tags=1",
            "t0=bad",
            "t0.context",
            "*.secret=id=a,src=b",
            "t*.labels.l=v",
            "default.target=x",
            "t0.inherits=t1",
            "*.attest=type=sbom",
            "t2.contexts.c=target:t0");
    private static final List<String> VALUES =
            List.of("x", "", "1", "true", "[1]", "{\"a\":1}", "1e3", "null", "-1", "a,b", "${V1}", "\u00e9");

    /** A spec case as a seed: its inputs, arguments, environment, and which of its files are definitions. */
    private record CaseSeed(
            SpecCase specCase,
            List<String> args,
            Map<String, String> env,
            String stdin,
            Map<String, String> definitions) {}

    private final long seed;
    private final List<CaseSeed> cases = new ArrayList<>();
    /** Every seed definition, for splices. */
    private final List<String> donors = new ArrayList<>();

    public BakeFuzzer(Path casesRoot, long seed) {
        this.seed = seed;
        for (SpecCase specCase : SpecCase.discover(casesRoot)) {
            Map<String, String> definitions = definitions(specCase);
            String stdin = new String(specCase.stdin(), StandardCharsets.UTF_8);
            donors.addAll(definitions.values());
            if (!stdin.isEmpty()) {
                donors.add(stdin);
            }
            if (!definitions.isEmpty() || !stdin.isEmpty()) {
                cases.add(new CaseSeed(specCase, specCase.args(), specCase.environment(), stdin, definitions));
            }
        }
    }

    /** The number of spec cases the inputs are drawn from (those with a definition file or stdin). */
    public int seedCases() {
        return cases.size();
    }

    /** Input {@code index} of this seed. */
    public FuzzInput input(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        int kind = random.nextInt(100);
        if (kind < 45) {
            return mutatedCase(random, index);
        }
        Map<String, String> files = new LinkedHashMap<>();
        String name;
        if (kind < 70) {
            name = "hcl";
            files.put("docker-bake.hcl", BakeGenerator.hcl(random));
        } else if (kind < 82) {
            name = "json";
            files.put("docker-bake.json", BakeGenerator.json(random));
        } else if (kind < 92) {
            name = "compose";
            files.put("compose.yaml", BakeGenerator.compose(random));
        } else {
            name = "compose+hcl";
            files.put("compose.yaml", BakeGenerator.compose(random));
            files.put(random.nextBoolean() ? "docker-bake.hcl" : "docker-bake.override.hcl", BakeGenerator.hcl(random));
            if (random.nextBoolean()) {
                name = "compose+hcl+json";
                files.put("docker-bake.json", BakeGenerator.json(random));
            }
        }
        if (random.nextInt(4) == 0) {
            String file = Mutator.pick(List.copyOf(files.keySet()), random);
            files.put(file, Mutator.mutate(files.get(file), random, donors));
            name += " mutated";
        }
        return new FuzzInput(name + " #" + index, null, files, generatedArgs(random), generatedEnv(random), "");
    }

    private FuzzInput mutatedCase(Random random, int index) {
        CaseSeed c = Mutator.pick(cases, random);
        Map<String, String> files = new LinkedHashMap<>();
        String stdin = c.stdin();
        for (int i = 0, n = random.nextInt(8) == 0 ? 2 : 1; i < n; i++) {
            int which = random.nextInt(c.definitions().size() + (stdin.isEmpty() ? 0 : 1));
            if (which == c.definitions().size()) {
                stdin = Mutator.mutate(stdin, random, donors);
            } else {
                String file = List.copyOf(c.definitions().keySet()).get(which);
                files.put(
                        file,
                        Mutator.mutate(files.getOrDefault(file, c.definitions().get(file)), random, donors));
            }
        }
        return new FuzzInput(
                "spec:" + c.specCase().id() + " #" + index,
                c.specCase().dir(),
                files,
                withoutBuilding(c.args(), random),
                c.env(),
                stdin);
    }

    /**
     * The case's arguments made a command that does not build: {@code --print} added when it has neither
     * {@code --print} nor {@code --list} nor {@code --graph}; one time in five {@code --print} becomes a list.
     */
    private static List<String> withoutBuilding(List<String> args, Random random) {
        List<String> result = new ArrayList<>(args);
        boolean printsOrLists =
                result.stream().anyMatch(a -> a.equals("--print") || a.startsWith("--list") || a.startsWith("--graph"));
        if (!printsOrLists) {
            result.add("--print");
        }
        int print = result.indexOf("--print");
        if (print >= 0 && random.nextInt(5) == 0) {
            result.set(print, Mutator.pick(LIST_MODES, random));
        }
        return result;
    }

    private static List<String> generatedArgs(Random random) {
        List<String> args = new ArrayList<>();
        args.add(random.nextInt(10) < 7 ? "--print" : Mutator.pick(LIST_MODES, random));
        if (random.nextInt(5) == 0) {
            args.add("--set");
            args.add(Mutator.pick(OVERRIDES, random));
        }
        if (random.nextInt(20) == 0) {
            args.add("--var");
            args.add(BakeGenerator.variableName(random.nextInt(3)) + "=" + Mutator.pick(VALUES, random));
        }
        for (int i = 0, n = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0; i < n; i++) {
            args.add(Mutator.pick(
                    List.of(
                            BakeGenerator.targetName(0),
                            BakeGenerator.targetName(0),
                            BakeGenerator.targetName(0),
                            BakeGenerator.targetName(1),
                            "default",
                            "default",
                            "missing"),
                    random));
        }
        return args;
    }

    private static Map<String, String> generatedEnv(Random random) {
        Map<String, String> env = new LinkedHashMap<>(BASE_ENV);
        for (int i = 0, n = random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0; i < n; i++) {
            env.put(BakeGenerator.variableName(random.nextInt(6)), Mutator.pick(VALUES, random));
        }
        return env;
    }

    /**
     * The case's definition files: its inputs with a bake or compose file's name or extension, {@code .env}
     * files, and those its arguments name.
     */
    private static Map<String, String> definitions(SpecCase specCase) {
        Map<String, String> definitions = new LinkedHashMap<>();
        List<String> args = specCase.args();
        try (Stream<Path> files = Files.walk(specCase.dir())) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = specCase.dir().relativize(file).toString();
                if (SpecCase.RESERVED.contains(name)) {
                    continue;
                }
                if (DefinitionFile.DEFAULT_NAMES.contains(name)
                        || name.matches(".*\\.(hcl|json|ya?ml|env)")
                        || args.contains(name)
                        || args.contains("cwd://" + name)) {
                    definitions.put(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return definitions;
    }
}
