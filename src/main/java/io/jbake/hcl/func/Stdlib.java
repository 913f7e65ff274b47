package io.jbake.hcl.func;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The standard library functions implemented so far (operators included, as buildx registers them), by name. */
public final class Stdlib {
    private Stdlib() {
    }

    /** Every function of the domain classes, keyed by its name. */
    public static Map<String, Function> functions() {
        Map<String, Function> all = new HashMap<>();
        for (List<Function> group : List.of(CollectionFunctions.all(), EncodingFunctions.all(),
                FormatFunctions.all(), StringFunctions.all(),
                NumericFunctions.all(), RegexFunctions.all(), Operators.all())) {
            group.forEach(f -> all.put(f.name(), f));
        }
        return all;
    }
}
