package io.jbake.go;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void aLoneSurrogateIsWrittenAsGoWritesInvalidUtf8() {
        StringBuilder sb = new StringBuilder();
        GoJson.quote("x\ud800y", sb);
        assertEquals("\"x\\ufffdy\"", sb.toString());
    }
}
