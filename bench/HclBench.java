import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.BodyContent;
import io.jbake.hcl.BodySchema;
import io.jbake.hcl.BodySchema.BlockHeaderSchema;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Function.Parameter;
import io.jbake.hcl.syntax.HclSyntax;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parse + evaluate speed of jbake's HCL engine on generated bake files of 1,000 to 8,000 targets, each with
 * interpolations, function calls, a conditional and for expressions; and, when given hcl4j's classpath,
 * hcl4j 0.9.8 on the same files (its time, and whether it computes the right values).
 *
 * <pre>
 *   mvn -q -o -DskipTests package
 *   java -cp target/classes bench/HclBench.java [--hcl4j-classpath a.jar:b.jar:...]
 * </pre>
 *
 * Times are medians of repeated runs after a warm-up, in one JVM ("warm"): parse the bytes, read the
 * variable and target blocks through a schema, evaluate every target attribute. Both wall-clock and CPU
 * time of the benchmark thread are printed; on a shared machine the CPU time is the reliable one.
 */
public final class HclBench {

    private static final int[] SIZES = {1000, 2000, 4000, 8000};

    public static void main(String[] args) throws Exception {
        String hcl4jClasspath = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--hcl4j-classpath")) {
                hcl4jClasspath = args[++i];
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<Integer, byte[]> files = new LinkedHashMap<>();
        for (int n : SIZES) {
            files.put(n, generate(n).getBytes(StandardCharsets.UTF_8));
        }

        System.out.println("jbake io.jbake.hcl: parse + evaluate (median ms, warm JVM)");
        checkValues(evaluate(files.get(1000)));
        for (int i = 0; i < 10; i++) {
            evaluate(files.get(2000)); // warm-up
        }
        System.out.printf("%8s %8s %10s %10s %14s%n", "targets", "KiB", "wall ms", "cpu ms", "cpu us/target");
        for (int n : SIZES) {
            byte[] src = files.get(n);
            double[] ms = median(() -> evaluate(src), n >= 8000 ? 9 : 15);
            System.out.printf("%8d %8d %10.1f %10.1f %14.1f%n", n, src.length / 1024, ms[0], ms[1], ms[1] * 1000 / n);
        }

        if (hcl4jClasspath != null) {
            runHcl4j(hcl4jClasspath, files);
        }
    }

    /** A bake file: two variables and {@code n} targets using interpolation, calls, a conditional and fors. */
    static String generate(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("variable \"TAG\" {\n  default = \"v1\"\n}\n");
        sb.append("variable \"REGISTRY\" {\n  default = \"docker.io/acme\"\n}\n\n");
        for (int i = 0; i < n; i++) {
            String name = "svc-" + i;
            sb.append("target \"")
                    .append(name)
                    .append("\" {\n")
                    .append("  context    = \"services/")
                    .append(name)
                    .append("\"\n")
                    .append("  dockerfile = \"Dockerfile\"\n")
                    .append("  tags       = [\"${REGISTRY}/")
                    .append(name)
                    .append(":${TAG}\", \"${REGISTRY}/")
                    .append(name)
                    .append(":latest\"]\n")
                    .append("  args = {\n")
                    .append("    NAME      = upper(\"")
                    .append(name)
                    .append("\")\n")
                    .append("    INDEX     = ")
                    .append(i)
                    .append(" * 2 + 1\n")
                    .append(
                            "    PLATFORMS = join(\",\", [for p in [\"linux/amd64\", \"linux/arm64\"] : replace(p, \"/\", \"-\")])\n")
                    .append("    MODE      = TAG == \"latest\" ? \"release\" : \"dev\"\n")
                    .append("  }\n")
                    .append("  labels = { for k, v in { a = \"1\", b = \"2\" } : \"org.${k}\" => \"${v}-")
                    .append(name)
                    .append("\" }\n")
                    .append("  platforms = [\"linux/amd64\", \"linux/arm64\"]\n")
                    .append("}\n\n");
        }
        return sb.toString();
    }

    private static final BodySchema ROOT = new BodySchema(
            List.of(),
            List.of(
                    new BlockHeaderSchema("variable", List.of("name")),
                    new BlockHeaderSchema("target", List.of("name"))));
    private static final BodySchema VARIABLE =
            new BodySchema(List.of(new BodySchema.AttributeSchema("default", false)), List.of());

    /** Parses and evaluates a file: the result maps "target.attribute" to its value. */
    static Map<String, Value> evaluate(byte[] src) {
        HclFile file = HclSyntax.parseFile(src, "docker-bake.hcl");
        Diagnostics diags = file.diagnostics();
        BodyContent root = file.body().content(ROOT, diags);
        EvalContext ctx = EvalContext.of(new HashMap<>(), functions());
        List<Block> targets = new ArrayList<>();
        for (Block b : root.blocks()) {
            if (b.type().equals("variable")) {
                Attribute def = b.body().content(VARIABLE, diags).attributes().get("default");
                ctx.setVariable(b.labels().get(0), def.expr().evaluate(ctx, diags));
            } else {
                targets.add(b);
            }
        }
        Map<String, Value> out = new HashMap<>(targets.size() * 8);
        for (Block t : targets) {
            for (Attribute a : t.body().justAttributes(diags).values()) {
                out.put(t.labels().get(0) + "." + a.name(), a.expr().evaluate(ctx, diags));
            }
        }
        if (diags.hasErrors()) {
            throw new IllegalStateException(diags.toString());
        }
        return out;
    }

    static Map<String, Function> functions() {
        Map<String, Function> f = new HashMap<>();
        f.put(
                "upper",
                Function.of(
                        "upper",
                        List.of(Parameter.of("str", Type.STRING)),
                        a -> Value.string(a.get(0).asString().toUpperCase())));
        f.put(
                "replace",
                Function.of(
                        "replace",
                        List.of(
                                Parameter.of("str", Type.STRING),
                                Parameter.of("substr", Type.STRING),
                                Parameter.of("replace", Type.STRING)),
                        a -> Value.string(a.get(0)
                                .asString()
                                .replace(a.get(1).asString(), a.get(2).asString()))));
        f.put(
                "join",
                Function.of(
                        "join",
                        List.of(Parameter.of("separator", Type.STRING), Parameter.of("list", Type.list(Type.STRING))),
                        a -> Value.string(a.get(1).elements().stream()
                                .map(Value::asString)
                                .collect(Collectors.joining(a.get(0).asString())))));
        return f;
    }

    /** The values buildx computes for target svc-7 of the generated file. */
    static final Map<String, String> EXPECTED = Map.of(
            "tags", "[\"docker.io/acme/svc-7:v1\", \"docker.io/acme/svc-7:latest\"]",
            "args", "{INDEX = 15, MODE = \"dev\", NAME = \"SVC-7\", PLATFORMS = \"linux-amd64,linux-arm64\"}",
            "labels", "{org.a = \"1-svc-7\", org.b = \"2-svc-7\"}");

    private static void checkValues(Map<String, Value> values) {
        for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
            String got = String.valueOf(values.get("svc-7." + e.getKey()));
            if (!got.equals(e.getValue())) {
                throw new IllegalStateException("svc-7." + e.getKey() + " = " + got + ", want " + e.getValue());
            }
        }
        System.out.println("values of svc-7 are right: " + EXPECTED.keySet());
    }

    /**
     * Median wall-clock and median CPU time (of the calling thread; GC threads not included) in ms. The CPU
     * time is the stable figure on a loaded machine, where wall-clock time mostly measures the wait for a core.
     */
    private static double[] median(Runnable r, int runs) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            r.run();
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            wall[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[runs / 2], cpu[runs / 2]};
    }

    /** hcl4j through reflection, so that it is never on jbake's classpath. */
    private static void runHcl4j(String classpath, Map<Integer, byte[]> files) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : classpath.split(File.pathSeparator)) {
            urls.add(new File(p).toURI().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), HclBench.class.getClassLoader());
        Class<?> parserClass = loader.loadClass("com.bertramlabs.plugins.hcl4j.HCLParser");
        Method parse = parserClass.getMethod("parse", String.class);
        System.out.println();
        System.out.println("hcl4j 0.9.8: parse (median ms; it evaluates while parsing)");
        String small = new String(files.get(1000), StandardCharsets.UTF_8);
        try {
            parse.invoke(parserClass.getConstructor().newInstance(), small);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.out.println("  fails on the generated file: " + cause.getMessage());
            System.out.println("  (the for expression over an object constructor); timing it without the labels line:");
        }
        for (int n : SIZES) {
            files.put(n, generate(n).replaceAll("(?m)^  labels = .*\\n", "").getBytes(StandardCharsets.UTF_8));
        }
        small = new String(files.get(1000), StandardCharsets.UTF_8);
        Map<?, ?> result = (Map<?, ?>) parse.invoke(parserClass.getConstructor().newInstance(), small);
        Map<?, ?> svc7 = (Map<?, ?>) ((Map<?, ?>) result.get("target")).get("svc-7");
        for (String attr : List.of("tags", "args")) {
            System.out.println("  svc-7." + attr + " = " + svc7.get(attr) + "   (buildx: " + EXPECTED.get(attr) + ")");
        }
        for (int i = 0; i < 3; i++) {
            parse.invoke(parserClass.getConstructor().newInstance(), small);
        }
        System.out.printf("%8s %10s %10s %14s%n", "targets", "wall ms", "cpu ms", "cpu us/target");
        for (int n : SIZES) {
            String src = new String(files.get(n), StandardCharsets.UTF_8);
            double[] ms = median(
                    () -> {
                        try {
                            parse.invoke(parserClass.getConstructor().newInstance(), src);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    n >= 4000 ? 1 : 3);
            System.out.printf("%8d %10.1f %10.1f %14.1f%n", n, ms[0], ms[1], ms[1] * 1000 / n);
        }
    }
}
