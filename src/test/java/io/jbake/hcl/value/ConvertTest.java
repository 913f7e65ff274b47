package io.jbake.hcl.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conversions and their messages; the messages are those buildx 0.29.1 prints for {@code convert(value, type)}
 * ("Invalid value for "value" parameter: MESSAGE.").
 */
class ConvertTest {

    private static Value s(String v) {
        return Value.string(v);
    }

    private static Value n(long v) {
        return Value.number(v);
    }

    private static String failure(Value v, Type t) {
        return assertThrows(ConversionException.class, () -> Convert.convert(v, t))
                .getMessage();
    }

    @Test
    void primitives() {
        assertEquals(s("1.5"), Convert.convert(Value.number(BigFloat.parse("1.5")), Type.STRING));
        assertEquals(s("true"), Convert.convert(Value.TRUE, Type.STRING));
        assertEquals(n(12), Convert.convert(s("12"), Type.NUMBER));
        assertEquals(Value.TRUE, Convert.convert(s("1"), Type.BOOL));
        assertEquals(Value.FALSE, Convert.convert(s("false"), Type.BOOL));
    }

    @Test
    void primitiveFailuresUseCtyWording() {
        assertEquals("a number is required", failure(s("x"), Type.NUMBER));
        assertEquals(
                "a bool is required; to convert from string, use lowercase \"true\"", failure(s("True"), Type.BOOL));
        assertEquals("a bool is required", failure(s("yes"), Type.BOOL));
        assertEquals("number required, but have bool", failure(Value.TRUE, Type.NUMBER));
        assertEquals("string required, but have tuple", failure(Value.tuple(List.of(n(1))), Type.STRING));
    }

    @Test
    void structuralFailuresUseCtyWording() {
        Value a1 = Value.object(Map.of("a", n(1)));
        assertEquals("attribute \"b\" is required", failure(a1, Type.object(Map.of("b", Type.STRING))));
        assertEquals(
                "attributes \"b\", \"c\", and \"d\" are required",
                failure(a1, Type.object(Map.of("b", Type.STRING, "c", Type.NUMBER, "d", Type.BOOL))));
        assertEquals("a number is required", failure(Value.tuple(List.of(n(1), s("a"))), Type.list(Type.NUMBER)));
        assertEquals(
                "element \"a\": string required, but have tuple",
                failure(Value.object(Map.of("a", Value.tuple(List.of(n(1))))), Type.map(Type.STRING)));
        assertEquals(
                "element 0: string required, but have tuple",
                failure(Value.tuple(List.of(Value.tuple(List.of(n(1))))), Type.list(Type.STRING)));
        assertEquals("list of string required, but have number", failure(n(1), Type.list(Type.STRING)));
        assertEquals("map of string required", failure(Value.tuple(List.of(s("a"))), Type.map(Type.STRING)));
        assertEquals(
                "all list elements must have the same type",
                failure(Value.tuple(List.of(n(1), Value.tuple(List.of(n(2))))), Type.list(Type.DYNAMIC)));
    }

    @Test
    void tupleToListUnifiesElementTypes() {
        Value t = Value.tuple(List.of(n(1), s("a")));
        assertEquals(Value.list(List.of(s("1"), s("a"))), Convert.convert(t, Type.list(Type.DYNAMIC)));
        assertEquals(Value.list(List.of(s("1"), s("a"))), Convert.convert(t, Type.list(Type.STRING)));
    }

    @Test
    void tupleToSetDeduplicatesAndSorts() {
        Value t = Value.tuple(List.of(s("b"), s("a"), s("b")));
        Value set = Convert.convert(t, Type.set(Type.STRING));
        assertEquals(List.of(s("a"), s("b")), set.elements());
    }

    @Test
    void objectToMapAndBack() {
        Value o = Value.object(Map.of("x", n(1), "y", s("z")));
        Value m = Convert.convert(o, Type.map(Type.DYNAMIC));
        assertEquals(Type.map(Type.STRING), m.type());
        assertEquals(s("1"), m.attributes().get("x"));
        Value back = Convert.convert(m, Type.object(Map.of("x", Type.NUMBER, "w", Type.STRING), Set.of("w")));
        assertEquals(Value.object(Map.of("x", n(1), "w", Value.nullOf(Type.STRING))), back);
        assertEquals(Type.STRING, back.attributes().get("w").type());
    }

    @Test
    void nullsKeepTheirTargetType() {
        Value v = Convert.convert(Value.NULL, Type.list(Type.STRING));
        assertEquals(Type.list(Type.STRING), v.type());
        assertEquals(true, v.isNull());
    }

    @Test
    void unifyFollowsCtyPreferences() {
        assertEquals(Type.STRING, Convert.unify(List.of(Type.NUMBER, Type.STRING), true));
        assertEquals(Type.NUMBER, Convert.unify(List.of(Type.NUMBER, Type.NUMBER), false));
        assertEquals(
                Type.list(Type.STRING),
                Convert.unify(List.of(Type.list(Type.STRING), Type.tuple(List.of(Type.NUMBER))), true));
        assertEquals(Type.DYNAMIC, Convert.unify(List.of(Type.DYNAMIC, Type.object(Map.of("a", Type.STRING))), true));
        assertEquals(
                Type.map(Type.STRING),
                Convert.unify(
                        List.of(Type.object(Map.of("a", Type.STRING)), Type.object(Map.of("b", Type.NUMBER))), true));
        assertNull(Convert.unify(
                List.of(Type.tuple(List.of(Type.STRING)), Type.object(Map.of("a", Type.STRING))), true));
    }

    @Test
    void friendlyNames() {
        assertEquals("list of string", Type.list(Type.STRING).friendlyName());
        assertEquals("map of any single type", Type.map(Type.DYNAMIC).friendlyNameForConstraint());
        assertEquals("object", Type.object(Map.of("a", Type.BOOL)).friendlyName());
        assertEquals("tuple", Type.tuple(List.of(Type.BOOL)).friendlyName());
        assertEquals(
                "list(object({a=bool, b=optional(string)}))",
                Type.list(Type.object(Map.of("b", Type.STRING, "a", Type.BOOL), Set.of("b")))
                        .toString());
    }

    @Test
    void valuesCompareAsCtyDoes() {
        assertEquals(n(1), Value.number(BigFloat.parse("1.0")));
        assertEquals(Value.nullOf(Type.STRING), Value.NULL);
        assertEquals(false, n(1).equals(s("1")));
        assertEquals(
                List.of("a", "b", "é"),
                List.copyOf(Value.object(Map.of("é", n(1), "b", n(2), "a", n(3)))
                        .attributes()
                        .keySet()));
        assertEquals("é", Value.string("e\u0301").asString());
    }
}
