package io.jbake.hcl.value;

import io.jbake.go.GoStrings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Type conversion and unification with go-cty's {@code convert} semantics: the one place that decides whether
 * and how a value of one type becomes another (string to number, tuple to list, object to map...), and the
 * wording of the message when it cannot.
 *
 * <p>"Safe" conversions never fail at run time (number to string); "unsafe" ones may (string to number).
 * {@link #convert} allows both, as HCL does when it converts function arguments or type-constrained values.
 */
public final class Convert {

    /** Converts one value; throws {@link ConversionException} with the value-dependent message. */
    @FunctionalInterface
    public interface Conversion {
        Value apply(Value in);
    }

    private Convert() {}

    /** {@code in} converted to {@code want}; the message of a failure is cty's. */
    public static Value convert(Value in, Type want) {
        if (want.isDynamic() || in.type().equals(want.withoutOptionalAttributes())) {
            return in;
        }
        Conversion conv = conversion(in.type(), want, true);
        if (conv == null) {
            throw new ConversionException(mismatchMessage(in.type(), want));
        }
        return conv.apply(in);
    }

    /** The conversion from {@code in} to {@code out}, or null if none exists; {@code unsafe} allows lossy ones. */
    public static Conversion conversion(Type in, Type out, boolean unsafe) {
        Conversion conv = knownConversion(in, out, unsafe);
        if (conv == null) {
            return null;
        }
        if (out.isDynamic()) {
            return conv;
        }
        return v ->
                v.isNull() ? Value.nullOf(dynamicReplace(v.type(), out.withoutOptionalAttributes())) : conv.apply(v);
    }

    private static Conversion knownConversion(Type in, Type out, boolean unsafe) {
        if (out.isDynamic()) {
            return v -> v;
        }
        if (unsafe && in.isDynamic()) {
            return v -> convert(v, out);
        }
        if (in.isPrimitive() && out.isPrimitive()) {
            return primitiveConversion(in, out, unsafe);
        }
        if (out.isObject() && in.isObject()) {
            return objectToObject(in, out, unsafe);
        }
        if (out.isTuple() && in.isTuple()) {
            return tupleToTuple(in, out, unsafe);
        }
        if ((out.isList() || out.isSet()) && (in.isList() || in.isSet())) {
            boolean toSet = out.isSet();
            if (toSet && in.isList() && !unsafe) {
                return null;
            }
            Type outEty = out.elementType();
            if (in.elementType().equals(outEty)) {
                return collectionToSequence(outEty, null, toSet);
            }
            Conversion ety = conversion(in.elementType(), outEty, unsafe);
            return ety == null ? null : collectionToSequence(outEty, ety, toSet);
        }
        if (out.isMap() && in.isMap()) {
            Conversion ety = conversion(in.elementType(), out.elementType(), unsafe);
            return ety == null ? null : collectionToMap(out.elementType(), ety);
        }
        if (out.isList() && in.isTuple()) {
            return tupleToSequence(in, out.elementType(), unsafe, false);
        }
        if (out.isSet() && in.isTuple()) {
            return tupleToSequence(in, out.elementType(), unsafe, true);
        }
        if (out.isMap() && in.isObject()) {
            return objectToMap(in, out.elementType(), unsafe);
        }
        if (out.isObject() && in.isMap()) {
            return unsafe ? mapToObject(in, out) : null;
        }
        return null;
    }

    // ---- primitives

    private static Conversion primitiveConversion(Type in, Type out, boolean unsafe) {
        if (in.equals(out)) {
            return v -> v;
        }
        if (out.kind() == Type.Kind.STRING) {
            return in.kind() == Type.Kind.NUMBER
                    ? v -> Value.string(v.asBigFloat().toString())
                    : v -> Value.string(v.asBool() ? "true" : "false");
        }
        if (!unsafe || in.kind() != Type.Kind.STRING) {
            return null;
        }
        if (out.kind() == Type.Kind.NUMBER) {
            return v -> {
                BigFloat n = BigFloat.parse(v.asString());
                if (n == null) {
                    throw new ConversionException("a number is required");
                }
                return Value.number(n);
            };
        }
        return Convert::stringToBool;
    }

    private static Value stringToBool(Value v) {
        String s = v.asString();
        switch (s) {
            case "true":
            case "1":
                return Value.TRUE;
            case "false":
            case "0":
                return Value.FALSE;
            default:
                if (s.equalsIgnoreCase("true")) {
                    throw new ConversionException("a bool is required; to convert from string, use lowercase \"true\"");
                }
                if (s.equalsIgnoreCase("false")) {
                    throw new ConversionException(
                            "a bool is required; to convert from string, use lowercase \"false\"");
                }
                throw new ConversionException("a bool is required");
        }
    }

    // ---- collections

    /** A list or set to a list ({@code toSet} false) or set of {@code ety}, each element through {@code elemConv}. */
    private static Conversion collectionToSequence(Type ety, Conversion elemConv, boolean toSet) {
        return v -> {
            List<Value> elems = convertAll(v.elements(), elemConv);
            if (elems.isEmpty()) {
                Type t = ety.isDynamic() ? v.type().elementType() : ety.withoutOptionalAttributes();
                return toSet ? Value.emptySet(t) : Value.emptyList(t);
            }
            Type t = commonType(elems);
            if (t == null) {
                throw new ConversionException(
                        "element types must all match for conversion to " + (toSet ? "set" : "list"));
            }
            return toSet ? Value.set(t, elems) : Value.list(t, elems);
        };
    }

    private static Conversion collectionToMap(Type ety, Conversion elemConv) {
        return v -> {
            Map<String, Value> elems = Value.newKeyOrderedMap();
            for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                elems.put(e.getKey(), elemConv == null ? e.getValue() : elemConv.apply(e.getValue()));
            }
            if (elems.isEmpty()) {
                return Value.emptyMap(ety.isDynamic() ? v.type().elementType() : ety.withoutOptionalAttributes());
            }
            if (ety.isCollection() || ety.isObject()) {
                elems = unifyElements(elems, false);
            }
            Type t = commonType(elems.values());
            if (t == null) {
                throw new ConversionException("element types must all match for conversion to map");
            }
            return Value.map(t, elems);
        };
    }

    private static List<Value> convertAll(List<Value> in, Conversion conv) {
        List<Value> out = new ArrayList<>(in.size());
        for (Value e : in) {
            Value c = conv == null ? e : conv.apply(e);
            out.add(c.isNull() ? Value.nullOf(c.type().withoutOptionalAttributes()) : c);
        }
        return out;
    }

    /** The type all values share, or null. */
    private static Type commonType(Iterable<Value> values) {
        Type t = null;
        for (Value v : values) {
            if (t == null) {
                t = v.type();
            } else if (!t.equals(v.type())) {
                return null;
            }
        }
        return t;
    }

    // ---- structural

    private static Conversion tupleToTuple(Type in, Type out, boolean unsafe) {
        List<Type> inEtys = in.tupleElementTypes();
        List<Type> outEtys = out.tupleElementTypes();
        if (inEtys.size() != outEtys.size()) {
            return null;
        }
        Conversion[] convs = new Conversion[inEtys.size()];
        for (int i = 0; i < convs.length; i++) {
            if (!inEtys.get(i).equals(outEtys.get(i))) {
                convs[i] = conversion(inEtys.get(i), outEtys.get(i), unsafe);
                if (convs[i] == null) {
                    return null;
                }
            }
        }
        return v -> {
            List<Value> elems = new ArrayList<>(convs.length);
            for (int i = 0; i < convs.length; i++) {
                Value e = v.elements().get(i);
                elems.add(convs[i] == null ? e : convs[i].apply(e));
            }
            return Value.tuple(elems);
        };
    }

    private static Conversion tupleToSequence(Type tupleType, Type ety, boolean unsafe, boolean toSet) {
        List<Type> tupleEtys = tupleType.tupleElementTypes();
        if (tupleEtys.isEmpty()) {
            Type t = ety.withoutOptionalAttributes();
            return v -> toSet ? Value.emptySet(t) : Value.emptyList(t);
        }
        if (ety.isDynamic()) {
            ety = unify(tupleEtys, unsafe);
            if (ety == null) {
                return null;
            }
            if (ety.isDynamic() && !tupleEtys.stream().allMatch(Type::isDynamic)) {
                return null;
            }
        }
        Conversion[] convs = new Conversion[tupleEtys.size()];
        for (int i = 0; i < convs.length; i++) {
            if (!tupleEtys.get(i).equals(ety)) {
                convs[i] = conversion(tupleEtys.get(i), ety, unsafe);
                if (convs[i] == null) {
                    return null;
                }
            }
        }
        return v -> {
            List<Value> elems = new ArrayList<>(convs.length);
            for (int i = 0; i < convs.length; i++) {
                Value e = v.elements().get(i);
                if (convs[i] != null) {
                    e = convs[i].apply(e);
                }
                if (toSet && e.isNull()) {
                    e = Value.nullOf(e.type().withoutOptionalAttributes());
                }
                elems.add(e);
            }
            if (toSet) {
                Type t = commonType(elems);
                if (t == null) {
                    throw new ConversionException("element types must all match for conversion to set");
                }
                return Value.set(t, elems);
            }
            elems = unifyElements(elems, unsafe);
            Type t = commonType(elems);
            if (t == null) {
                throw new ConversionException("element types must all match for conversion to list");
            }
            return Value.list(t, elems);
        };
    }

    private static Conversion objectToMap(Type objectType, Type ety, boolean unsafe) {
        Map<String, Type> atys = objectType.attributeTypes();
        if (atys.isEmpty()) {
            Type t = ety.withoutOptionalAttributes();
            return v -> Value.emptyMap(t);
        }
        if (ety.isDynamic()) {
            ety = unify(new ArrayList<>(atys.values()), unsafe);
            if (ety == null) {
                return null;
            }
        }
        Map<String, Conversion> convs = new HashMap<>();
        for (Map.Entry<String, Type> e : atys.entrySet()) {
            if (!e.getValue().equals(ety)) {
                Conversion c = conversion(e.getValue(), ety, unsafe);
                if (c == null) {
                    return null;
                }
                convs.put(e.getKey(), c);
            }
        }
        boolean unifyAfter = ety.isCollection() || ety.isObject();
        return v -> {
            Map<String, Value> elems = Value.newKeyOrderedMap();
            for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                Conversion c = convs.get(e.getKey());
                elems.put(e.getKey(), c == null ? e.getValue() : c.apply(e.getValue()));
            }
            if (unifyAfter) {
                elems = unifyElements(elems, unsafe);
            }
            Type t = commonType(elems.values());
            if (t == null) {
                throw new ConversionException("attribute types must all match for conversion to map");
            }
            return Value.map(t, elems);
        };
    }

    private static Conversion mapToObject(Type mapType, Type objType) {
        Map<String, Type> atys = objType.attributeTypes();
        Set<String> optional = objType.optionalAttributes();
        Type mapEty = mapType.elementType();
        Map<String, Conversion> convs = new HashMap<>();
        for (Map.Entry<String, Type> e : atys.entrySet()) {
            if (e.getValue().equals(mapEty)) {
                continue;
            }
            Conversion c = conversion(mapEty, e.getValue(), true);
            if (c == null) {
                if (optional.contains(e.getKey())) {
                    continue;
                }
                return null;
            }
            convs.put(e.getKey(), c);
        }
        return v -> {
            Map<String, Value> attrs = Value.newKeyOrderedMap();
            for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                String name = e.getKey();
                Type want = atys.get(name);
                if (want == null) {
                    continue;
                }
                Value val = e.getValue();
                Conversion c = convs.get(name);
                if (c != null) {
                    val = c.apply(val);
                } else if (!want.equals(mapEty)) {
                    throw new ConversionException("map element type is incompatible with attribute "
                            + GoStrings.quote(name) + ": " + mismatchMessage(val.type(), want));
                }
                attrs.put(name, val.isNull() ? Value.nullOf(val.type().withoutOptionalAttributes()) : val);
            }
            for (Map.Entry<String, Type> e : atys.entrySet()) {
                if (!attrs.containsKey(e.getKey())) {
                    if (!optional.contains(e.getKey())) {
                        throw new ConversionException(
                                "map has no element for required attribute " + GoStrings.quote(e.getKey()));
                    }
                    attrs.put(e.getKey(), Value.nullOf(e.getValue()));
                }
            }
            return Value.object(attrs);
        };
    }

    private static Conversion objectToObject(Type in, Type out, boolean unsafe) {
        Map<String, Type> inAtys = in.attributeTypes();
        Map<String, Type> outAtys = out.attributeTypes();
        Set<String> optional = out.optionalAttributes();
        Map<String, Conversion> convs = new HashMap<>();
        for (Map.Entry<String, Type> e : outAtys.entrySet()) {
            Type inAty = inAtys.get(e.getKey());
            if (inAty == null) {
                if (optional.contains(e.getKey())) {
                    continue;
                }
                return null;
            }
            if (inAty.equals(e.getValue())) {
                convs.put(e.getKey(), v -> v);
                continue;
            }
            Conversion c = conversion(inAty, e.getValue(), unsafe);
            if (c == null) {
                return null;
            }
            convs.put(e.getKey(), c);
        }
        return v -> {
            Map<String, Value> attrs = Value.newKeyOrderedMap();
            for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                Conversion c = convs.get(e.getKey());
                if (c == null) {
                    continue;
                }
                Value val = c.apply(e.getValue());
                attrs.put(e.getKey(), val.isNull() ? Value.nullOf(val.type().withoutOptionalAttributes()) : val);
            }
            for (String name : optional) {
                attrs.computeIfAbsent(name, n -> Value.nullOf(outAtys.get(n).withoutOptionalAttributes()));
            }
            return Value.object(attrs);
        };
    }

    private static Map<String, Value> unifyElements(Map<String, Value> elems, boolean unsafe) {
        List<Type> types = new ArrayList<>(elems.size());
        for (Value v : elems.values()) {
            types.add(v.type());
        }
        Type unified = unify(types, unsafe);
        if (unified == null) {
            throw new ConversionException("cannot find a common base type for all elements");
        }
        Map<String, Value> out = Value.newKeyOrderedMap();
        for (Map.Entry<String, Value> e : elems.entrySet()) {
            out.put(
                    e.getKey(),
                    e.getValue().type().equals(unified)
                            ? e.getValue()
                            : conversion(e.getValue().type(), unified, unsafe).apply(e.getValue()));
        }
        return out;
    }

    private static List<Value> unifyElements(List<Value> elems, boolean unsafe) {
        List<Type> types = new ArrayList<>(elems.size());
        for (Value v : elems) {
            types.add(v.type());
        }
        Type unified = unify(types, unsafe);
        if (unified == null) {
            throw new ConversionException("cannot find a common base type for all elements");
        }
        List<Value> out = new ArrayList<>(elems.size());
        for (Value e : elems) {
            out.add(
                    e.type().equals(unified)
                            ? e
                            : conversion(e.type(), unified, unsafe).apply(e));
        }
        return out;
    }

    /** The type a null of type {@code in} takes when converted to {@code out} (cty {@code dynamicReplace}). */
    private static Type dynamicReplace(Type in, Type out) {
        if (in.isDynamic()) {
            return out;
        }
        switch (out.kind()) {
            case DYNAMIC:
                return in;
            case STRING:
            case NUMBER:
            case BOOL:
                return out;
            case MAP:
                if (in.isMap()) {
                    return Type.map(dynamicReplace(in.elementType(), out.elementType()));
                }
                if (in.isObject()) {
                    Type u = unify(new ArrayList<>(in.attributeTypes().values()), true);
                    return Type.map(dynamicReplace(u == null ? Type.DYNAMIC : u, out.elementType()));
                }
                return out;
            case OBJECT: {
                Map<String, Type> outTypes = new TreeMap<>(Names.ORDER);
                if (in.isMap()) {
                    out.attributeTypes().forEach((k, t) -> outTypes.put(k, dynamicReplace(in.elementType(), t)));
                }
                if (in.isObject()) {
                    out.attributeTypes().forEach((k, t) -> {
                        Type inAty = in.attributeTypes().get(k);
                        outTypes.put(k, inAty == null ? t : dynamicReplace(inAty, t));
                    });
                }
                return Type.object(outTypes);
            }
            case SET:
            case LIST: {
                Type ety;
                if (in.isSet() || in.isList()) {
                    ety = dynamicReplace(in.elementType(), out.elementType());
                } else if (in.isTuple()) {
                    Type u = unify(in.tupleElementTypes(), true);
                    ety = dynamicReplace(u == null ? Type.DYNAMIC : u, out.elementType());
                } else {
                    return out;
                }
                return out.isSet() ? Type.set(ety) : Type.list(ety);
            }
            case TUPLE: {
                List<Type> types = new ArrayList<>();
                for (int i = 0; i < out.tupleElementTypes().size(); i++) {
                    Type inEty = in.isTuple() && i < in.tupleElementTypes().size()
                            ? in.tupleElementTypes().get(i)
                            : Type.DYNAMIC;
                    types.add(dynamicReplace(inEty, out.tupleElementTypes().get(i)));
                }
                return Type.tuple(types);
            }
            default:
                return out;
        }
    }

    // ---- unification

    /**
     * The most general type all {@code types} convert to, or null if there is none (cty {@code Unify} /
     * {@code UnifyUnsafe}); HCL uses the unsafe variant for conditional results.
     */
    public static Type unify(List<Type> types, boolean unsafe) {
        return Unify.unify(types, unsafe);
    }

    // ---- messages

    /** The message cty gives when a value of type {@code got} cannot convert to {@code want}. */
    public static String mismatchMessage(Type got, Type want) {
        return Mismatch.message(got, want);
    }
}
