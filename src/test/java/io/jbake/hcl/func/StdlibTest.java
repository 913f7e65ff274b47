package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The registry: exactly bake's 106 names (buildx bake/hclparser/stdlib.go), and the environment-bound ones. */
class StdlibTest {

    /** The names in buildx's stdlibFunctions table (v0.29.1 plus formattimestamp, semvercmp, unixtimestampparse). */
    private static final Set<String> BAKE_NAMES = new TreeSet<>(List.of(
            "absolute",
            "add",
            "and",
            "base64decode",
            "base64encode",
            "basename",
            "bcrypt",
            "byteslen",
            "bytesslice",
            "can",
            "ceil",
            "chomp",
            "chunklist",
            "cidrhost",
            "cidrnetmask",
            "cidrsubnet",
            "cidrsubnets",
            "coalesce",
            "coalescelist",
            "compact",
            "concat",
            "contains",
            "convert",
            "csvdecode",
            "dirname",
            "distinct",
            "divide",
            "element",
            "equal",
            "flatten",
            "floor",
            "format",
            "formatdate",
            "formattimestamp",
            "formatlist",
            "greaterthan",
            "greaterthanorequalto",
            "hasindex",
            "homedir",
            "indent",
            "index",
            "indexof",
            "int",
            "join",
            "jsondecode",
            "jsonencode",
            "keys",
            "length",
            "lessthan",
            "lessthanorequalto",
            "log",
            "lookup",
            "lower",
            "max",
            "md5",
            "merge",
            "min",
            "modulo",
            "multiply",
            "negate",
            "not",
            "notequal",
            "or",
            "parseint",
            "pow",
            "range",
            "regex_replace",
            "regex",
            "regexall",
            "replace",
            "reverse",
            "reverselist",
            "rsadecrypt",
            "sanitize",
            "semvercmp",
            "sethaselement",
            "setintersection",
            "setproduct",
            "setsubtract",
            "setsymmetricdifference",
            "setunion",
            "sha1",
            "sha256",
            "sha512",
            "signum",
            "slice",
            "sort",
            "split",
            "strlen",
            "substr",
            "subtract",
            "timeadd",
            "timestamp",
            "title",
            "trim",
            "trimprefix",
            "trimspace",
            "trimsuffix",
            "try",
            "unixtimestampparse",
            "upper",
            "urlencode",
            "uuidv4",
            "uuidv5",
            "values",
            "zipmap"));

    @Test
    void registersExactlyBakesNames() {
        assertEquals(106, BAKE_NAMES.size());
        assertEquals(BAKE_NAMES, Stdlib.names());
        assertEquals(103, Stdlib.functions(Map.of()).size());
        assertTrue(Stdlib.functions(Map.of()).keySet().containsAll(Set.of("homedir", "timestamp")));
        assertFalse(Stdlib.functions(Map.of()).containsKey("try"));
    }

    @Test
    void homedirComesFromTheEvaluationEnvironment() {
        Function homedir = Stdlib.functions(Map.of("HOME", "/home/builder")).get("homedir");
        assertEquals(Value.string("/home/builder"), homedir.call(List.of()));
    }

    @Test
    void semvercmpFollowsMastermindsRules() {
        Function f = Stdlib.functions(Map.of()).get("semvercmp");
        assertEquals(Value.TRUE, f.call(List.of(Value.string("1.2.3"), Value.string(">= 1.0.0, < 2.0.0"))));
        assertEquals(Value.TRUE, f.call(List.of(Value.string("3.22"), Value.string("~3.22"))));
        assertEquals(Value.FALSE, f.call(List.of(Value.string("2.0.0"), Value.string("^1.2"))));
        assertEquals(Value.TRUE, f.call(List.of(Value.string("v0.2.9"), Value.string("^0.2.3 || >5"))));
        assertEquals(Value.FALSE, f.call(List.of(Value.string("1.3.0-beta"), Value.string(">1.0"))));
        assertEquals(Value.TRUE, f.call(List.of(Value.string("1.2.7"), Value.string("1.2.x"))));
        assertThrows(FunctionException.class, () -> f.call(List.of(Value.string("nope"), Value.string(">1"))));
        assertThrows(FunctionException.class, () -> f.call(List.of(Value.string("1.0.0"), Value.string(""))));
    }
}
