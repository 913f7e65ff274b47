package io.jbake.bake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.bake.overrides.Overrides;
import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of buildx's bake package that {@code --print} makes visible: merging, dedupe order,
 * {@code --set} parsing and the push/load shorthands. Expected values were taken from buildx
 * 0.29.1 ({@code docker buildx bake --print}) and its unit tests.
 */
class TargetRulesTest {

    @Test
    void goJsonEscapesLikeEncodingJson() {
        assertEquals(
                "\"a\\u003cb\\u003e\\u0026c \\b\\f\\n\\u0001\\u2028 \u007f\"",
                GoJson.indent("a<b>&c \b\f\n\u0001\u2028 \u007f"));
        assertEquals(
                "{\n  \"a\": [\n    \"x\"\n  ],\n  \"b\": {},\n  \"c\": []\n}",
                GoJson.indent(new java.util.TreeMap<>(Map.of("a", List.of("x"), "b", Map.of(), "c", List.of()))));
    }

    @Test
    void removeDupesSwapsWithLastLikeBuildx() {
        // buildx's removeDupes walks backwards and swaps a duplicate with the last element
        assertEquals(List.of("a", "c", "b"), Target.removeDupes(List.of("a", "a", "b", "c")));
        assertEquals(List.of("a", "b", "c"), Target.removeDupes(List.of("a", "b", "c", "b")));
    }

    @Test
    void mergeFollowsTheMergeTable() {
        Target parent = new Target("p");
        parent.args = new java.util.TreeMap<>(Map.of("A", "1", "B", "2"));
        parent.tags = new ArrayList<>(List.of("p:1"));
        parent.annotations = new ArrayList<>(List.of("x=1"));
        parent.attest = new ArrayList<>(List.of(Attest.parse("type=sbom"), Attest.parse("type=provenance")));
        Target child = new Target("c");
        java.util.TreeMap<String, String> childArgs = new java.util.TreeMap<>();
        childArgs.put("B", null);
        childArgs.put("C", "3");
        child.args = childArgs;
        child.tags = new ArrayList<>(List.of("c:1"));
        child.annotations = new ArrayList<>(List.of("y=2"));
        child.attest = new ArrayList<>(List.of(Attest.parse("type=sbom,disabled=true")));

        Target t = new Target("t");
        t.merge(parent);
        t.merge(child);

        assertEquals(Map.of("A", "1", "B", "2", "C", "3"), t.args, "null does not remove the parent's value");
        assertEquals(List.of("c:1"), t.tags, "tags are replaced");
        assertEquals(List.of("x=1", "y=2"), t.annotations, "annotations are appended");
        assertEquals(
                "[type=sbom,disabled=true, type=provenance]",
                t.attest.toString(),
                "attest is deduped by type, keeping the first position and the last value");
    }

    @Test
    void defaultArgLeavesAnArgTheTargetHasEvenWithoutValue() {
        // how SOURCE_DATE_EPOCH from the environment is set: only where the target has no such arg
        Target unset = new Target("unset");
        unset.defaultArg("SOURCE_DATE_EPOCH", "1700000000");
        assertEquals(Map.of("SOURCE_DATE_EPOCH", "1700000000"), unset.args);

        Target declared = new Target("declared");
        declared.args = new java.util.TreeMap<>();
        declared.args.put("SOURCE_DATE_EPOCH", null);
        declared.args.put("X", "0");
        declared.defaultArg("SOURCE_DATE_EPOCH", "1700000000");
        declared.defaultArg("X", "1");
        assertEquals("{SOURCE_DATE_EPOCH=null, X=0}", declared.args.toString());
    }

    @Test
    void pushAndLoadShorthands() {
        List<ExportEntry> none = List.of();
        assertEquals(
                "[type=image,push=true]",
                TargetAttributes.pushOutputs(none, true).toString());
        assertEquals(
                "[type=docker, type=image,push=true]",
                TargetAttributes.pushOutputs(TargetAttributes.loadOutputs(none, true), true)
                        .toString());
        List<ExportEntry> local = List.of(ExportEntry.parse("type=local,dest=out"));
        assertEquals(
                "[type=local,dest=out]",
                TargetAttributes.loadOutputs(TargetAttributes.pushOutputs(local, true), true)
                        .toString());
        List<ExportEntry> registry =
                List.of(ExportEntry.parse("type=registry"), ExportEntry.parse("type=image,name=x"));
        assertEquals(
                "[type=image,name=x,push=false]",
                TargetAttributes.pushOutputs(registry, false).toString());
    }

    @Test
    void setOverridesApplyAndReportBuildxErrors() {
        List<String> names = List.of("app", "app-test", "db");
        Target t = new Target("app");
        t.platforms = new ArrayList<>(List.of("linux/amd64"));
        Overrides.parse(
                        List.of("app.platform+=linux/arm64", "app.platform=linux/riscv64", "a*.args.X=1"),
                        names,
                        Map.of())
                .applyTo(t);
        assertEquals(
                List.of("linux/arm64", "linux/riscv64"),
                t.platforms,
                "the last occurrence decides replace or append; all values are kept");
        assertEquals(Map.of("X", "1"), t.args);

        assertEquals(
                "invalid override key app, expected target.name",
                assertThrows(BakeException.class, () -> Overrides.parse(List.of("app=1"), names, Map.of()))
                        .getMessage());
        assertEquals(
                "invalid override app.tags, expected target.name=value",
                assertThrows(BakeException.class, () -> Overrides.parse(List.of("app.tags"), names, Map.of()))
                        .getMessage());
        assertEquals(
                "could not find any target matching 'x*'",
                assertThrows(BakeException.class, () -> Overrides.parse(List.of("x*.tags=a"), names, Map.of()))
                        .getMessage());
        Overrides unknown = Overrides.parse(List.of("app.foo=1"), names, Map.of());
        assertEquals(
                "unknown key: foo",
                assertThrows(BakeException.class, () -> unknown.applyTo(new Target("app")))
                        .getMessage());
        Overrides badBool = Overrides.parse(List.of("app.pull=maybe"), names, Map.of());
        assertEquals(
                "invalid value maybe for boolean key pull",
                assertThrows(BakeException.class, () -> badBool.applyTo(new Target("app")))
                        .getMessage());
    }

    @Test
    void setNetworkNoCacheFilterAndUlimitAsTheirKindsAsInBuildx038() {
        // buildx up to 0.36.1 collected these in the other slot (network "", the lists cleared); v0.38 lets
        // no-cache-filter and ulimit take +=, as lists, and network not, as a string
        Target t = new Target("app");
        t.network = "host";
        t.noCacheFilter = new ArrayList<>(List.of("a"));
        t.ulimits = new ArrayList<>(List.of("nofile=1024:1024"));
        Overrides.parse(
                        List.of("app.network=none", "app.no-cache-filter=b", "app.ulimits=nproc=1:1"),
                        List.of("app"),
                        Map.of())
                .applyTo(t);
        t.normalize();
        assertEquals(
                "{\n  \"network\": \"none\",\n  \"no-cache-filter\": [\n    \"b\"\n  ],\n  \"ulimits\": [\n"
                        + "    \"nproc=1:1\"\n  ]\n}",
                GoJson.indent(t));
    }

    @Test
    void compositeEntryGrammars() {
        assertEquals(
                "[user/app:cache, other]",
                CacheEntry.parse("user/app:cache,other").toString());
        assertEquals("type=local,dest=out", ExportEntry.parse("out").toString());
        assertEquals("type=tar,dest=-", ExportEntry.parse("-").toString());
        assertEquals(
                "type is required for output",
                assertThrows(BakeException.class, () -> ExportEntry.parse("dest=x,compression=zstd"))
                        .getMessage());
        assertEquals(new SecretEntry("X", "", "FOO"), SecretEntry.parse("type=env,id=X,src=FOO"));
        assertEquals(
                "unexpected key 'foo' in 'foo=1'",
                assertThrows(BakeException.class, () -> SecretEntry.parse("id=a,foo=1"))
                        .getMessage());
        assertEquals(new SshEntry("key", List.of("a", "b")), SshEntry.parse("key=a,b"));
        assertEquals(List.of("a", "b,c", "d\"e"), Csv.fields("a,\"b,c\",\"d\"\"e\""));
    }

    @Test
    void cleanPathAndMatchFollowGo() {
        assertEquals(".", GoLib.cleanPath(""));
        assertEquals("db", GoLib.cleanPath("./db/"));
        assertEquals("../a", GoLib.cleanPath("x/../../a"));
        assertEquals("/a", GoLib.cleanPath("/../a"));
        assertEquals(true, GoLib.pathMatch("app-*", "app-1"));
        assertEquals(false, GoLib.pathMatch("a?", "abc"));
        assertEquals(true, GoLib.pathMatch("[a-c]x", "bx"));
    }
}
