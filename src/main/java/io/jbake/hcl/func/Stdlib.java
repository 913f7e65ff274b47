package io.jbake.hcl.func;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The 106 functions bake registers ({@code bake/hclparser/stdlib.go}), by name.
 *
 * <p>{@link #functions} holds the 103 that are ordinary functions of values. The other three,
 * {@link #EXPRESSION_FUNCTIONS} ({@code can}, {@code try}, {@code convert}), take unevaluated expressions or a type
 * expression, so the evaluator implements them itself (with {@code Convert} for {@code convert}); {@link #names()}
 * lists all 106. The environment and clock are those of the evaluation, for {@code homedir()} and
 * {@code timestamp()}; everything else is pure and shared.
 */
public final class Stdlib {

    /** Names the evaluator implements because their arguments are not plain values. */
    public static final Set<String> EXPRESSION_FUNCTIONS = Set.of("can", "convert", "try");

    private static final List<Function> PURE = pure();

    private Stdlib() {}

    private static List<Function> pure() {
        List<Function> all = new java.util.ArrayList<>();
        all.addAll(Operators.all());
        all.addAll(NumericFunctions.all());
        all.addAll(StringFunctions.all());
        all.addAll(FormatFunctions.all());
        all.addAll(RegexFunctions.all());
        all.addAll(CollectionFunctions.all());
        all.addAll(EncodingFunctions.all());
        all.addAll(CryptoFunctions.all());
        all.addAll(NetworkFunctions.all());
        return List.copyOf(all);
    }

    /**
     * The 103 value functions with the process environment and the system clock. Prefer
     * {@link #functions(Map)} with the evaluation's environment, which is what {@code homedir()} must see.
     */
    public static Map<String, Function> functions() {
        return functions(System.getenv());
    }

    /** The 103 value functions, for an evaluation with environment {@code env} and the system UTC clock. */
    public static Map<String, Function> functions(Map<String, String> env) {
        return functions(env, Clock.systemUTC());
    }

    /** The 103 value functions, for an evaluation with environment {@code env} and {@code clock}. */
    public static Map<String, Function> functions(Map<String, String> env, Clock clock) {
        Map<String, Function> byName = new TreeMap<>();
        for (Function f : PURE) {
            put(byName, f);
        }
        for (Function f : DateTimeFunctions.all(clock)) {
            put(byName, f);
        }
        for (Function f : BakeFunctions.all(Map.copyOf(env))) {
            put(byName, f);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static void put(Map<String, Function> byName, Function f) {
        if (byName.put(f.name(), f) != null) {
            throw new IllegalStateException("should never happen: two functions named " + f.name());
        }
    }

    /** All 106 names bake registers, sorted. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>(functions(Map.of()).keySet());
        names.addAll(EXPRESSION_FUNCTIONS);
        return Collections.unmodifiableSet(names);
    }
}
