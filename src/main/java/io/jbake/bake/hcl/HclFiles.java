package io.jbake.bake.hcl;

import io.jbake.bake.model.DefinitionFile;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Stdlib;
import io.jbake.hcl.json.HclJson;
import io.jbake.hcl.syntax.ExpressionFunctions;
import io.jbake.hcl.syntax.HclSyntax;
import java.util.HashMap;
import java.util.Map;

/** Parsing of HCL-family definition files by name, and the functions their expressions may call. */
public final class HclFiles {
    private HclFiles() {}

    public static boolean isHclName(String name) {
        return name.endsWith(".hcl") || name.endsWith(".json");
    }

    /**
     * {@code .json} as JSON syntax, {@code .hcl} as native syntax; any other name as native syntax
     * (named {@code <name>.hcl}), else JSON (named {@code <name>.json}), else the native diagnostics.
     */
    public static HclFile parse(DefinitionFile f) {
        if (f.name().endsWith(".json")) {
            return parseJson(f.data(), f.name());
        }
        if (f.name().endsWith(".hcl")) {
            return HclSyntax.parseFile(f.data(), f.name());
        }
        HclFile nativeFile = HclSyntax.parseFile(f.data(), f.name() + ".hcl");
        if (!nativeFile.diagnostics().hasErrors()) {
            return nativeFile;
        }
        HclFile json = parseJson(f.data(), f.name() + ".json");
        return json.diagnostics().hasErrors() ? nativeFile : json;
    }

    private static HclFile parseJson(byte[] data, String name) {
        return HclJson.parseFile(data, name);
    }

    /**
     * buildx's function table: the HCL standard library plus {@code try}, {@code can},
     * {@code convert}; {@code env} is what {@code homedir()} sees.
     */
    public static Map<String, Function> functions(Map<String, String> env) {
        Map<String, Function> all = new HashMap<>(Stdlib.functions(env));
        all.putAll(ExpressionFunctions.all());
        return all;
    }
}
