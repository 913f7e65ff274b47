package io.jbake.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BuildProvenanceTest {

    @Test
    void modeAsBuildxParsesTheVariable() {
        assertEquals(BuildProvenance.Mode.MIN, BuildProvenance.Mode.parse(null));
        assertEquals(BuildProvenance.Mode.MIN, BuildProvenance.Mode.parse(""));
        assertEquals(BuildProvenance.Mode.MIN, BuildProvenance.Mode.parse("min"));
        assertEquals(BuildProvenance.Mode.MIN, BuildProvenance.Mode.parse("true"));
        assertEquals(BuildProvenance.Mode.MIN, BuildProvenance.Mode.parse("MAX"));
        assertEquals(BuildProvenance.Mode.MAX, BuildProvenance.Mode.parse("max"));
        assertEquals(BuildProvenance.Mode.DISABLED, BuildProvenance.Mode.parse("disabled"));
        assertEquals(BuildProvenance.Mode.DISABLED, BuildProvenance.Mode.parse("false"));
        assertEquals(BuildProvenance.Mode.DISABLED, BuildProvenance.Mode.parse("0"));
        assertEquals(BuildProvenance.Mode.DISABLED, BuildProvenance.Mode.parse("F"));
    }

    @Test
    void minDropsBuildConfigAndMetadataKeepingTheRestVerbatim() {
        String predicate = "{\"builder\":{\"id\":\"\"},\"buildType\":\"https://mobyproject.org/buildkit@v1\","
                + "\"materials\":[{\"uri\":\"pkg:docker/a\\u003cb\",\"digest\":{\"sha256\":\"00\"}}],"
                + "\"invocation\":{\"parameters\":{\"args\":{\"build-arg:X\":\"a,b}\"}}},"
                + "\"buildConfig\":{\"llbDefinition\":[{\"id\":\"step0\"}]},"
                + "\"metadata\":{\"buildInvocationID\":\"x\",\"completeness\":{\"parameters\":true}}}\n";
        String expected = "{\"builder\":{\"id\":\"\"},\"buildType\":\"https://mobyproject.org/buildkit@v1\","
                + "\"materials\":[{\"uri\":\"pkg:docker/a\\u003cb\",\"digest\":{\"sha256\":\"00\"}}],"
                + "\"invocation\":{\"parameters\":{\"args\":{\"build-arg:X\":\"a,b}\"}}}}";
        byte[] bytes = predicate.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, decode(BuildProvenance.encode(bytes, BuildProvenance.Mode.MIN)));
        assertEquals(predicate.strip(), decode(BuildProvenance.encode(bytes, BuildProvenance.Mode.MAX)));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
