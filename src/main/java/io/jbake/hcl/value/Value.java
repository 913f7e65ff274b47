package io.jbake.hcl.value;

import io.jbake.go.GoStrings;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable cty value: a {@link Type} and, unless the value is null, its content. Strings are kept in Unicode
 * NFC (cty normalises every string it makes); numbers are {@link BigFloat}s; lists, sets and tuples hold a
 * {@code List<Value>}; maps and objects hold a {@code Map<String, Value>} iterated in lexical key order, which is
 * the order cty iterates them in. Set elements are kept deduplicated in cty's set iteration order.
 *
 * <p>{@link #equals} is cty's {@code Equals}: equal types and equal content, numbers compared by value (two
 * nulls are equal whatever their types). Values are not unknown-capable; jbake evaluates everything eagerly.
 */
public final class Value {

    public static final Value TRUE = new Value(Type.BOOL, Boolean.TRUE);
    public static final Value FALSE = new Value(Type.BOOL, Boolean.FALSE);
    /** The untyped null, what the HCL keyword {@code null} evaluates to. */
    public static final Value NULL = new Value(Type.DYNAMIC, null);

    public static final Value EMPTY_STRING = new Value(Type.STRING, "");
    public static final Value EMPTY_TUPLE = new Value(Type.EMPTY_TUPLE, List.of());
    public static final Value EMPTY_OBJECT = new Value(Type.EMPTY_OBJECT, Map.of());

    private final Type type;
    private final Object content;

    private Value(Type type, Object content) {
        this.type = type;
        this.content = content;
    }

    // ---- factories

    /** A string value, normalised to NFC as cty does. */
    public static Value string(String s) {
        if (s.isEmpty()) {
            return EMPTY_STRING;
        }
        return new Value(Type.STRING, nfc(s));
    }

    private static String nfc(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) {
                return Normalizer.isNormalized(s, Normalizer.Form.NFC)
                        ? s
                        : Normalizer.normalize(s, Normalizer.Form.NFC);
            }
        }
        return s; // nothing below U+0300 composes
    }

    public static Value number(BigFloat n) {
        return new Value(Type.NUMBER, Objects.requireNonNull(n));
    }

    /** An integer number with cty's {@code NumberIntVal} precision (64 bits). */
    public static Value number(long n) {
        return new Value(Type.NUMBER, BigFloat.of(n));
    }

    /** A number rounded to cty's parse precision (512 bits). */
    public static Value number(BigDecimal n) {
        return new Value(Type.NUMBER, BigFloat.of(n));
    }

    /** A number from a double, with 53 bits of precision ({@code NumberFloatVal}). */
    public static Value number(double n) {
        return new Value(Type.NUMBER, BigFloat.of(n));
    }

    public static Value bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** A null of the given type. */
    public static Value nullOf(Type type) {
        return type.isDynamic() ? NULL : new Value(type, null);
    }

    /** A list of one or more elements, all of the same type. */
    public static Value list(List<Value> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a list needs at least one element to know its type; use emptyList");
        }
        return list(elements.get(0).type, elements);
    }

    /** A list whose elements all have type {@code elementType} (which may be empty). */
    public static Value list(Type elementType, List<Value> elements) {
        checkElementTypes(elementType, elements, "list");
        return new Value(Type.list(elementType), List.copyOf(elements));
    }

    public static Value emptyList(Type elementType) {
        return new Value(Type.list(elementType), List.of());
    }

    /** A set of one or more elements, all of the same type. Duplicates are dropped. */
    public static Value set(Collection<Value> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a set needs at least one element to know its type; use emptySet");
        }
        return set(elements.iterator().next().type, elements);
    }

    /** A set whose elements all have type {@code elementType}. Duplicates are dropped. */
    public static Value set(Type elementType, Collection<Value> elements) {
        List<Value> list = List.copyOf(elements);
        checkElementTypes(elementType, list, "set");
        return new Value(Type.set(elementType), SetOrder.sortedDistinct(list));
    }

    public static Value emptySet(Type elementType) {
        return new Value(Type.set(elementType), List.of());
    }

    /** A map of one or more elements, all of the same type. */
    public static Value map(Map<String, Value> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a map needs at least one element to know its type; use emptyMap");
        }
        return map(elements.values().iterator().next().type, elements);
    }

    public static Value map(Type elementType, Map<String, Value> elements) {
        checkElementTypes(elementType, elements.values(), "map");
        return new Value(Type.map(elementType), sorted(elements));
    }

    public static Value emptyMap(Type elementType) {
        return new Value(Type.map(elementType), Map.of());
    }

    public static Value tuple(List<Value> elements) {
        if (elements.isEmpty()) {
            return EMPTY_TUPLE;
        }
        List<Value> copy = List.copyOf(elements);
        List<Type> types = new ArrayList<>(copy.size());
        for (Value v : copy) {
            types.add(v.type);
        }
        return new Value(Type.tuple(types), copy);
    }

    public static Value object(Map<String, Value> attributes) {
        if (attributes.isEmpty()) {
            return EMPTY_OBJECT;
        }
        Map<String, Value> sorted = sorted(attributes);
        Map<String, Type> types = new TreeMap<>(Names.ORDER);
        sorted.forEach((k, v) -> types.put(k, v.type));
        return new Value(Type.object(types), sorted);
    }

    private static Map<String, Value> sorted(Map<String, Value> m) {
        if (m instanceof TreeMap && ((TreeMap<String, Value>) m).comparator() == Names.ORDER) {
            return Collections.unmodifiableMap(new TreeMap<>(m));
        }
        TreeMap<String, Value> t = new TreeMap<>(Names.ORDER);
        t.putAll(m);
        return Collections.unmodifiableMap(t);
    }

    private static void checkElementTypes(Type elementType, Collection<Value> elements, String what) {
        for (Value v : elements) {
            if (!v.type.equals(elementType)) {
                throw new IllegalArgumentException(
                        "inconsistent " + what + " element types: " + v.type + " in a " + what + " of " + elementType);
            }
        }
    }

    /** A new, sorted, mutable map for building map and object values in cty's key order. */
    public static <V> TreeMap<String, V> newKeyOrderedMap() {
        return new TreeMap<>(Names.ORDER);
    }

    // ---- accessors

    public Type type() {
        return type;
    }

    public boolean isNull() {
        return content == null;
    }

    public String asString() {
        return (String) contentOf(Type.Kind.STRING);
    }

    public BigFloat asBigFloat() {
        return (BigFloat) contentOf(Type.Kind.NUMBER);
    }

    /** The exact value of a finite number. */
    public BigDecimal asBigDecimal() {
        return asBigFloat().toBigDecimal();
    }

    public boolean asBool() {
        return (Boolean) contentOf(Type.Kind.BOOL);
    }

    /** True for a non-null list, set or tuple. */
    public boolean isSequence() {
        return content instanceof List;
    }

    /** True for a non-null map or object. */
    public boolean isMapping() {
        return content instanceof Map;
    }

    /** The elements of a list, set (in set order) or tuple. */
    @SuppressWarnings("unchecked")
    public List<Value> elements() {
        if (!(content instanceof List)) {
            throw new IllegalStateException(describe() + " has no elements");
        }
        return (List<Value>) content;
    }

    /** The elements of a map or attributes of an object, in lexical key order. */
    @SuppressWarnings("unchecked")
    public Map<String, Value> attributes() {
        if (!(content instanceof Map)) {
            throw new IllegalStateException(describe() + " has no attributes");
        }
        return (Map<String, Value>) content;
    }

    /** The number of elements of a non-null list, set, tuple, map or object, or of code points... not strings. */
    public int length() {
        if (content instanceof List) {
            return ((List<?>) content).size();
        }
        if (content instanceof Map) {
            return ((Map<?, ?>) content).size();
        }
        throw new IllegalStateException(describe() + " has no length");
    }

    private Object contentOf(Type.Kind kind) {
        if (type.kind() != kind) {
            throw new IllegalStateException(
                    describe() + " is not a " + kind.name().toLowerCase());
        }
        if (content == null) {
            throw new IllegalStateException("null " + type.friendlyName() + " has no content");
        }
        return content;
    }

    private String describe() {
        return (content == null ? "null " : "") + type.friendlyName() + " value";
    }

    // ---- equality

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Value)) {
            return false;
        }
        Value other = (Value) o;
        if (content == null || other.content == null) {
            return content == null && other.content == null;
        }
        if (!type.equals(other.type)) {
            return false;
        }
        if (type.kind() == Type.Kind.NUMBER) {
            return numbersEqual((BigFloat) content, (BigFloat) other.content);
        }
        return content.equals(other.content);
    }

    /**
     * cty's {@code rawNumberEqual}: integers compare exactly; fractional numbers are equal when they print the
     * same, which makes equality insensitive to differences beyond the printed precision.
     */
    private static boolean numbersEqual(BigFloat a, BigFloat b) {
        if (a.signum() != b.signum()) {
            return false;
        }
        boolean ai = a.isInteger();
        if (ai != b.isInteger()) {
            return false;
        }
        return ai ? a.compareTo(b) == 0 : a.toString().equals(b.toString());
    }

    @Override
    public int hashCode() {
        if (content == null) {
            return 0;
        }
        if (type.kind() == Type.Kind.NUMBER) {
            BigFloat n = (BigFloat) content;
            return n.isInteger() ? n.toBigInteger().hashCode() : n.toString().hashCode();
        }
        return content.hashCode();
    }

    /** A diagnostic rendering, not cty's string conversion (use {@code Convert} for that). */
    @Override
    public String toString() {
        if (content == null) {
            return "null";
        }
        switch (type.kind()) {
            case STRING:
                return GoStrings.quote((String) content);
            case NUMBER:
            case BOOL:
                return content.toString();
            case LIST:
            case SET:
            case TUPLE: {
                StringBuilder sb = new StringBuilder("[");
                for (Value v : elements()) {
                    sb.append(sb.length() == 1 ? "" : ", ").append(v);
                }
                return sb.append(']').toString();
            }
            default: {
                StringBuilder sb = new StringBuilder("{");
                for (Map.Entry<String, Value> e : attributes().entrySet()) {
                    sb.append(sb.length() == 1 ? "" : ", ")
                            .append(e.getKey())
                            .append(" = ")
                            .append(e.getValue());
                }
                return sb.append('}').toString();
            }
        }
    }
}
