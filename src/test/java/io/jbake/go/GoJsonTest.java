package io.jbake.go;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's JSON string escaping; expected texts are buildx 0.29.1's (--list=variables, --progress=rawjson). */
class GoJsonTest {

    @Test
    void stringsAreEscapedAsGosJsonMarshal() {
        StringBuilder sb = new StringBuilder();
        GoJson.quote("a\bb\fc<>&\u2028\u2029\u0001\"\\\n\r\té\ud83d\ude00", sb);
        assertEquals(
                "\"a\\bb\\fc\\u003c\\u003e\\u0026\\u2028\\u2029\\u0001\\\"\\\\\\n\\r\\té\ud83d\ude00\"", sb.toString());
    }

    @Test
    void omitEmptyLeavesOutTheValuesGoLeavesOutOfAnOmitemptyField() {
        GoJson.JsonWritable fields = json -> {
            json.beginObject();
            json.fieldOmitEmpty("null", null);
            json.fieldOmitEmpty("false", false);
            json.fieldOmitEmpty("zero", 0);
            json.fieldOmitEmpty("zeroFloat", 0.0);
            json.fieldOmitEmpty("string", "");
            json.fieldOmitEmpty("list", List.of());
            json.fieldOmitEmpty("map", Map.of());
            json.fieldOmitEmpty("true", true);
            json.fieldOmitEmpty("one", 1);
            json.fieldOmitEmpty("text", "a");
            json.fieldOmitEmpty("items", List.of("b"));
            json.endObject();
        };
        assertEquals(
                "{\n  \"true\": true,\n  \"one\": 1,\n  \"text\": \"a\",\n  \"items\": [\n    \"b\"\n  ]\n}",
                GoJson.indent(fields));
    }

    @Test
    void anObjectIsWrittenInItsMapsOrder() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("z", "last");
        fields.put("a", Map.of());
        GoJson.JsonWritable object = json -> json.object(fields);
        assertEquals("{\n  \"z\": \"last\",\n  \"a\": {}\n}", GoJson.indent(object));
    }

    @Test
    void rawJsonIsReindentedAtItsPlaceAsGoWritesARawMessage() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("raw", new GoJson.Raw(" {\"a\":[1, {}],\"b\":\"<\"} "));
        fields.put("empty", new GoJson.Raw("[]"));
        assertEquals(
                "{\n  \"raw\": {\n    \"a\": [\n      1,\n      {}\n    ],\n    \"b\": \"\\u003c\"\n  },\n  \"empty\": []\n}",
                GoJson.indent(fields));
    }

    @Test
    void aLoneSurrogateIsWrittenAsGoWritesInvalidUtf8() {
        StringBuilder sb = new StringBuilder();
        GoJson.quote("x\ud800y", sb);
        assertEquals("\"x\\ufffdy\"", sb.toString());
    }
}
