package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cty's JSON encoding; expected texts are buildx 0.29.1's (--list=variables, --progress=rawjson). */
class JsonTest {

    @Test
    void placesTheTypeLeavesOpenAreWrappedWithTheValuesType() {
        Value object = Value.object(Map.of("z", Value.number(BigFloat.parse("0.7")), "y", Value.string("q")));
        assertEquals(
                "{\"value\":{\"y\":\"q\",\"z\":0.7},\"type\":[\"object\",{\"y\":\"string\",\"z\":\"number\"}]}",
                Json.encode(object, Type.DYNAMIC));
        Value list = Value.list(List.of(Value.string("a"), Value.string("b")));
        assertEquals(
                "[{\"value\":\"a\",\"type\":\"string\"},{\"value\":\"b\",\"type\":\"string\"}]",
                Json.encode(list, Type.list(Type.DYNAMIC)));
        assertEquals("[\"a\",\"b\"]", Json.encode(list, list.type()));
        Value mixed = Value.object(Map.of("a", Value.number(BigFloat.parse("1")), "b", Value.string("x")));
        assertEquals(
                "{\"a\":{\"value\":1,\"type\":\"number\"},\"b\":\"x\"}",
                Json.encode(mixed, Type.object(Map.of("a", Type.DYNAMIC, "b", Type.STRING))));
    }

    @Test
    void numbersAreWrittenAsCtyConvertsThemToStrings() {
        assertEquals("0.1", Json.encode(Value.number(BigFloat.parse("0.1")), Type.NUMBER));
        assertEquals("0.0025", Json.encode(Value.number(BigFloat.parse("2.5e-3")), Type.NUMBER));
    }
}
