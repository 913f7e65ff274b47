package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.nullable;
import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoStrings;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collection functions of go-cty's stdlib (collection.go, sequence.go, set.go, general.go) and bake's
 * {@code indexof}. Type errors that cty raises while computing the return type are plain call errors; those it
 * raises as {@code ArgError} carry the argument index.
 */
public final class CollectionFunctions {

    private static final Type ANY_LIST = Type.list(Type.DYNAMIC);
    private static final Type ANY_SET = Type.set(Type.DYNAMIC);
    private static final Type STRING_LIST = Type.list(Type.STRING);

    private CollectionFunctions() {}

    static List<Function> all() {
        return List.of(
                LENGTH,
                ELEMENT,
                INDEX,
                HASINDEX,
                COALESCE,
                COALESCELIST,
                COMPACT,
                CONCAT,
                CONTAINS,
                DISTINCT,
                CHUNKLIST,
                FLATTEN,
                KEYS,
                LOOKUP,
                MERGE,
                REVERSELIST,
                SETPRODUCT,
                SLICE,
                VALUES,
                ZIPMAP,
                RANGE,
                SETHASELEMENT,
                SETUNION,
                SETINTERSECTION,
                SETSUBTRACT,
                SETSYMMETRICDIFFERENCE,
                INDEXOF);
    }

    public static final Function LENGTH = Function.of("length", List.of(of("collection", Type.DYNAMIC)), args -> {
        Value c = args.get(0);
        Type t = c.type();
        if (!(t.isTuple() || t.isList() || t.isMap() || t.isSet())) {
            throw new FunctionException("collection must be a list, a map or a tuple");
        }
        return Value.number(c.length());
    });

    public static final Function ELEMENT =
            Function.of("element", List.of(of("list", Type.DYNAMIC), of("index", Type.NUMBER)), args -> {
                Value list = args.get(0);
                if (!list.type().isList() && !list.type().isTuple()) {
                    throw new FunctionException(
                            "cannot read elements from " + list.type().friendlyName());
                }
                long index = Args.toLong(args.get(1), -1, "invalid index: ");
                int l = list.length();
                if (l == 0) {
                    throw new FunctionException("cannot use element function with an empty list");
                }
                // go-cty 1.17 (buildx 0.36.1) counts a negative index back from the end, wrapping as a positive one
                return list.elements().get((int) Math.floorMod(index, (long) l));
            });

    public static final Function INDEX =
            Function.of("index", List.of(of("collection", Type.DYNAMIC), nullable("key", Type.DYNAMIC)), args -> {
                Value c = args.get(0);
                Value key = args.get(1);
                Type t = c.type();
                if (t.isTuple()) {
                    if (!key.type().equals(Type.NUMBER)) {
                        throw new FunctionException("key for tuple must be number");
                    }
                    long idx = Args.toLong(key, -1, "invalid key for tuple: ");
                    if (idx < 0 || idx >= c.length()) {
                        throw new FunctionException("key must be between 0 and " + c.length() + " inclusive");
                    }
                } else if (t.isList()) {
                    if (!key.type().equals(Type.NUMBER)) {
                        throw new FunctionException("key for list must be number");
                    }
                } else if (t.isMap()) {
                    if (!key.type().equals(Type.STRING)) {
                        throw new FunctionException("key for map must be string");
                    }
                } else {
                    throw new FunctionException("collection must be a list, a map or a tuple");
                }
                Value v = lookupIndex(c, key);
                if (v == null) {
                    throw new FunctionException("invalid index");
                }
                return v;
            });

    public static final Function HASINDEX =
            Function.of("hasindex", List.of(of("collection", Type.DYNAMIC), of("key", Type.DYNAMIC)), args -> {
                Type t = args.get(0).type();
                if (!(t.isTuple() || t.isList() || t.isMap())) {
                    throw new FunctionException("collection must be a list, a map or a tuple");
                }
                return Value.bool(lookupIndex(args.get(0), args.get(1)) != null);
            });

    /** The element of a list, tuple or map at {@code key} (cty {@code HasIndex} rules), or null. */
    private static Value lookupIndex(Value c, Value key) {
        if (c.type().isMap()) {
            return key.type().equals(Type.STRING) && !key.isNull()
                    ? c.attributes().get(key.asString())
                    : null;
        }
        if (!key.type().equals(Type.NUMBER) || key.isNull()) {
            return null;
        }
        Long i = key.asBigFloat().toLongExact();
        return i == null || i < 0 || i >= c.length() ? null : c.elements().get(i.intValue());
    }

    public static final Function COALESCE =
            Function.variadic("coalesce", List.of(), nullable("vals", Type.DYNAMIC), args -> {
                List<Type> types = new ArrayList<>(args.size());
                for (Value v : args) {
                    types.add(v.type());
                }
                Type ret = Convert.unify(types, true);
                if (ret == null) {
                    throw new FunctionException("all arguments must have the same type");
                }
                for (Value v : args) {
                    if (!v.isNull()) {
                        return Convert.convert(v, ret);
                    }
                }
                throw new FunctionException("no non-null arguments");
            });

    public static final Function COALESCELIST =
            Function.variadic("coalescelist", List.of(), nullable("vals", Type.DYNAMIC), args -> {
                if (args.isEmpty()) {
                    throw new FunctionException("at least one argument is required");
                }
                for (Value v : args) {
                    if (!v.type().isList() && !v.type().isTuple()) {
                        throw new FunctionException("coalescelist arguments must be lists or tuples");
                    }
                }
                for (Value v : args) {
                    if (!v.isNull() && v.length() > 0) {
                        return v;
                    }
                }
                throw new FunctionException("no non-null arguments");
            });

    public static final Function COMPACT = Function.of("compact", List.of(of("list", STRING_LIST)), args -> {
        List<Value> out = new ArrayList<>();
        for (Value v : args.get(0).elements()) {
            if (!v.isNull() && !v.asString().isEmpty()) {
                out.add(v);
            }
        }
        return Args.list(Type.STRING, out);
    });

    public static final Function CONCAT = Function.variadic("concat", List.of(), of("seqs", Type.DYNAMIC), args -> {
        if (args.isEmpty()) {
            throw new FunctionException("at least one argument is required");
        }
        long count = 0;
        for (Value v : args) {
            count += v.isSequence() ? v.length() : 0;
        }
        Limits.checkElements(count);
        if (args.get(0).type().isList()) {
            List<Type> types = new ArrayList<>(args.size());
            for (Value v : args) {
                if (!v.type().isList()) {
                    types = null;
                    break;
                }
                types.add(v.type());
            }
            Type common = types == null ? null : Convert.unify(types, true);
            if (common != null) {
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    try {
                        out.addAll(Convert.convert(args.get(i), common).elements());
                    } catch (ConversionException e) {
                        throw new FunctionException(i, e.getMessage());
                    }
                }
                return Args.list(common.elementType(), out);
            }
        }
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Value v = args.get(i);
            if (!v.type().isTuple() && !v.type().isList()) {
                throw new FunctionException(
                        i,
                        "all arguments must be lists or tuples; got " + v.type().friendlyName());
            }
            out.addAll(v.elements());
        }
        return Value.tuple(out);
    });

    public static final Function CONTAINS =
            Function.of("contains", List.of(of("list", Type.DYNAMIC), of("value", Type.DYNAMIC)), args -> {
                Value list = args.get(0);
                Type t = list.type();
                if (!t.isList() && !t.isTuple() && !t.isSet()) {
                    throw new FunctionException("argument must be list, tuple, or set");
                }
                for (Value v : list.elements()) {
                    if (args.get(1).equals(v)) {
                        return Value.TRUE;
                    }
                }
                return Value.FALSE;
            });

    public static final Function DISTINCT = Function.of("distinct", List.of(of("list", ANY_LIST)), args -> {
        Value list = args.get(0);
        List<Value> out = new ArrayList<>(new LinkedHashSet<>(list.elements()));
        return Args.list(list.type().elementType(), out);
    });

    public static final Function CHUNKLIST =
            Function.of("chunklist", List.of(of("list", ANY_LIST), of("size", Type.NUMBER)), args -> {
                Value list = args.get(0);
                long size = Args.toLong(args.get(1), -1, "invalid size: ");
                if (size < 0) {
                    throw new FunctionException("the size argument must be positive");
                }
                Type chunkType = list.type();
                if (list.length() == 0) {
                    return Value.emptyList(chunkType);
                }
                List<Value> out = new ArrayList<>();
                if (size == 0) {
                    return Value.list(chunkType, List.of(list));
                }
                List<Value> elems = list.elements();
                for (int from = 0; from < elems.size(); from += (int) Math.min(size, Integer.MAX_VALUE)) {
                    int to = (int) Math.min(elems.size(), from + size);
                    out.add(Value.list(chunkType.elementType(), elems.subList(from, to)));
                }
                return Value.list(chunkType, out);
            });

    public static final Function FLATTEN = Function.of("flatten", List.of(of("list", Type.DYNAMIC)), args -> {
        Type t = args.get(0).type();
        if (!t.isList() && !t.isSet() && !t.isTuple()) {
            throw new FunctionException("can only flatten lists, sets and tuples");
        }
        List<Value> out = new ArrayList<>();
        flattenInto(args.get(0), out);
        return Value.tuple(out);
    });

    private static void flattenInto(Value seq, List<Value> out) {
        Cancellation.checkpoint();
        for (Value v : seq.elements()) {
            if (out.size() >= Limits.COLLECTION_ELEMENTS) {
                Limits.checkElements(out.size() + 1L);
            }
            if (!v.isNull()
                    && (v.type().isList() || v.type().isSet() || v.type().isTuple())) {
                flattenInto(v, out);
            } else {
                out.add(v);
            }
        }
    }

    public static final Function KEYS = Function.of("keys", List.of(of("inputMap", Type.DYNAMIC)), args -> {
        Value m = args.get(0);
        if (m.type().isMap()) {
            return Args.stringList(new ArrayList<>(m.attributes().keySet()));
        }
        if (m.type().isObject()) {
            List<Value> keys = new ArrayList<>();
            for (String k : m.attributes().keySet()) {
                keys.add(Value.string(k));
            }
            return Value.tuple(keys);
        }
        throw new FunctionException(0, "must have map or object type");
    });

    public static final Function LOOKUP = Function.of(
            "lookup",
            List.of(of("inputMap", Type.DYNAMIC), of("key", Type.STRING), of("default", Type.DYNAMIC)),
            args -> {
                Value m = args.get(0);
                String key = args.get(1).asString();
                Value dflt = args.get(2);
                if (m.type().isObject()) {
                    Value v = m.attributes().get(key);
                    return v != null ? v : dflt;
                }
                if (m.type().isMap()) {
                    Type ety = m.type().elementType();
                    Value converted;
                    try {
                        converted = Convert.convert(dflt, ety);
                    } catch (ConversionException e) {
                        throw new FunctionException(2, "the default value must have the same type as the map elements");
                    }
                    Value v = m.attributes().get(key);
                    return v != null ? v : converted;
                }
                throw new FunctionException(0, "lookup() requires a map as the first argument");
            });

    public static final Function MERGE = Function.variadic("merge", List.of(), nullable("maps", Type.DYNAMIC), args -> {
        if (args.isEmpty()) {
            return Value.EMPTY_OBJECT;
        }
        Type first = null;
        boolean matching = true;
        boolean dynamic = false;
        for (int i = 0; i < args.size(); i++) {
            Type t = args.get(i).type();
            if (t.isDynamic()) {
                dynamic = true;
                break;
            }
            if (!t.isMap() && !t.isObject()) {
                throw new FunctionException(
                        "arguments must be maps or objects, got " + GoStrings.quote(t.friendlyName()));
            }
            if (i == 0) {
                first = t;
            } else if (!t.equals(first)) {
                matching = false;
            }
        }
        Map<String, Value> out = Value.newKeyOrderedMap();
        for (Value v : args) {
            if (!v.isNull()) {
                out.putAll(v.attributes());
            }
        }
        if (!dynamic && matching && first.isMap()) {
            return out.isEmpty() ? Value.emptyMap(first.elementType()) : Value.map(first.elementType(), out);
        }
        return Value.object(out);
    });

    public static final Function REVERSELIST = Function.of("reverselist", List.of(of("list", Type.DYNAMIC)), args -> {
        Value in = args.get(0);
        Type t = in.type();
        if (!t.isTuple() && !t.isList() && !t.isSet()) {
            throw new FunctionException(0, "can only reverse list or tuple values, not " + t.friendlyName());
        }
        List<Value> out = new ArrayList<>(in.elements());
        Collections.reverse(out);
        return t.isTuple() ? Value.tuple(out) : Args.list(t.elementType(), out);
    });

    public static final Function SETPRODUCT =
            Function.variadic("setproduct", List.of(), of("sets", Type.DYNAMIC), args -> {
                if (args.size() < 2) {
                    throw new FunctionException("at least two arguments are required");
                }
                int listCount = 0;
                List<Type> etys = new ArrayList<>(args.size());
                for (int i = 0; i < args.size(); i++) {
                    Type t = args.get(i).type();
                    if (t.isSet()) {
                        etys.add(t.elementType());
                    } else if (t.isList()) {
                        etys.add(t.elementType());
                        listCount++;
                    } else if (t.isTuple()) {
                        if (t.tupleElementTypes().isEmpty()) {
                            etys.add(Type.DYNAMIC);
                        } else {
                            Type ety = Convert.unify(t.tupleElementTypes(), true);
                            if (ety == null) {
                                throw new FunctionException(i, "all elements must be of the same type");
                            }
                            etys.add(ety);
                        }
                        listCount++;
                    } else {
                        throw new FunctionException(i, "a set or a list is required");
                    }
                }
                Type tupleType = Type.tuple(etys);
                boolean asList = listCount == args.size();
                long total = 1;
                for (Value a : args) {
                    try {
                        total = Math.multiplyExact(total, a.length());
                    } catch (ArithmeticException e) {
                        total = Long.MAX_VALUE;
                    }
                }
                Limits.checkElements(total);
                if (total == 0) {
                    return asList ? Value.emptyList(tupleType) : Value.emptySet(tupleType);
                }
                List<Value> product = new ArrayList<>((int) Math.min(total, 1 << 20));
                int[] n = new int[args.size()];
                for (long p = 0; p < total; p++) {
                    if (p % 1024 == 0) {
                        Cancellation.checkpoint();
                    }
                    List<Value> tuple = new ArrayList<>(args.size());
                    for (int j = 0; j < n.length; j++) {
                        tuple.add(Convert.convert(args.get(j).elements().get(n[j]), etys.get(j)));
                    }
                    product.add(Value.tuple(tuple));
                    for (int j = n.length - 1; j >= 0; j--) {
                        if (++n[j] < args.get(j).length()) {
                            break;
                        }
                        n[j] = 0;
                    }
                }
                Type actual = product.get(0).type();
                return asList ? Value.list(actual, product) : Value.set(actual, product);
            });

    public static final Function SLICE = Function.of(
            "slice",
            List.of(of("list", Type.DYNAMIC), of("start_index", Type.NUMBER), of("end_index", Type.NUMBER)),
            args -> {
                Value list = args.get(0);
                Type t = list.type();
                if (t.isSet()) {
                    throw new FunctionException(
                            0,
                            "cannot slice a set, because its elements do not have indices; explicitly "
                                    + "convert to a list if the ordering of the result is not important");
                }
                if (!t.isList() && !t.isTuple()) {
                    throw new FunctionException(0, "must be a list or tuple value");
                }
                int length = list.length();
                long start = Args.toLong(args.get(1), 1, "invalid start index: ");
                if (start < 0) {
                    throw new FunctionException(1, "start index must not be less than zero");
                }
                if (start > length) {
                    throw new FunctionException(1, "start index must not be greater than the length of the list");
                }
                long end = Args.toLong(args.get(2), 2, "invalid end index: ");
                if (end < 0) {
                    throw new FunctionException(2, "end index must not be less than zero");
                }
                if (end > length) {
                    throw new FunctionException(2, "end index must not be greater than the length of the list");
                }
                if (start > end) {
                    throw new FunctionException(1, "start index must not be greater than end index");
                }
                List<Value> out = list.elements().subList((int) start, (int) end);
                return t.isTuple() ? Value.tuple(out) : Args.list(t.elementType(), out);
            });

    public static final Function VALUES = Function.of("values", List.of(of("mapping", Type.DYNAMIC)), args -> {
        Value m = args.get(0);
        if (m.type().isMap()) {
            return Args.list(
                    m.type().elementType(), new ArrayList<>(m.attributes().values()));
        }
        if (m.type().isObject()) {
            return Value.tuple(new ArrayList<>(m.attributes().values()));
        }
        throw new FunctionException("values() requires a map as the first argument");
    });

    public static final Function ZIPMAP =
            Function.of("zipmap", List.of(of("keys", STRING_LIST), of("values", Type.DYNAMIC)), args -> {
                Value keys = args.get(0);
                Value values = args.get(1);
                if (!values.type().isList() && !values.type().isTuple()) {
                    throw new FunctionException("values argument must be a list or tuple value");
                }
                if (keys.length() != values.length()) {
                    throw new FunctionException("number of keys (" + keys.length()
                            + ") does not match number of values (" + values.length() + ")");
                }
                Map<String, Value> out = new TreeMap<>();
                for (int i = 0; i < keys.length(); i++) {
                    Value k = keys.elements().get(i);
                    if (k.isNull()) {
                        throw new FunctionException("keys list has null value at index " + i);
                    }
                    out.put(k.asString(), values.elements().get(i));
                }
                if (values.type().isList()) {
                    return out.isEmpty()
                            ? Value.emptyMap(values.type().elementType())
                            : Value.map(values.type().elementType(), out);
                }
                return Value.object(out);
            });

    public static final Function RANGE = Function.variadic("range", List.of(), of("params", Type.NUMBER), args -> {
        Value start;
        Value end;
        Value step;
        switch (args.size()) {
            case 1:
                start = Value.number(0);
                end = args.get(0);
                step = Value.number(end.asBigFloat().signum() < 0 ? -1 : 1);
                break;
            case 2:
                start = args.get(0);
                end = args.get(1);
                step = Value.number(end.asBigFloat().compareTo(start.asBigFloat()) < 0 ? -1 : 1);
                break;
            case 3:
                start = args.get(0);
                end = args.get(1);
                step = args.get(2);
                break;
            default:
                throw new FunctionException("must have one, two, or three arguments");
        }
        // cty tests "step == cty.Zero" by identity, which never holds for an argument, so a zero step runs into
        // the 1024-value limit below, exactly as buildx reports it.
        boolean down = step.asBigFloat().signum() < 0;
        int c = end.asBigFloat().compareTo(start.asBigFloat());
        if (down && c > 0) {
            throw new FunctionException(1, "end must be less than start when step is negative");
        }
        if (!down && c < 0) {
            throw new FunctionException(1, "end must be greater than start when step is positive");
        }
        List<Value> vals = new ArrayList<>();
        var num = start.asBigFloat();
        var e = end.asBigFloat();
        var s = step.asBigFloat();
        while (down ? num.compareTo(e) > 0 : num.compareTo(e) < 0) {
            if (vals.size() >= 1024) {
                throw new FunctionException("more than 1024 values were generated; either decrease the difference "
                        + "between start and end or use a smaller step");
            }
            vals.add(Value.number(num));
            num = num.add(s);
        }
        return Args.list(Type.NUMBER, vals);
    });

    public static final Function SETHASELEMENT =
            Function.of("sethaselement", List.of(of("set", ANY_SET), of("elem", Type.DYNAMIC)), args -> {
                Value set = args.get(0);
                Value elem = args.get(1);
                return Value.bool(set.type().elementType().equals(elem.type())
                        && set.elements().contains(elem));
            });

    public static final Function SETUNION = setOperation("setunion", "first_set", "other_sets", (a, b) -> {
        LinkedHashSet<Value> r = new LinkedHashSet<>(a.elements());
        r.addAll(b.elements());
        return List.copyOf(r);
    });

    public static final Function SETINTERSECTION =
            setOperation("setintersection", "first_set", "other_sets", (a, b) -> {
                List<Value> r = new ArrayList<>(a.elements());
                r.retainAll(Set.copyOf(b.elements()));
                return r;
            });

    public static final Function SETSUBTRACT = setOperation("setsubtract", "a", "b", (a, b) -> {
        List<Value> r = new ArrayList<>(a.elements());
        r.removeAll(Set.copyOf(b.elements()));
        return r;
    });

    public static final Function SETSYMMETRICDIFFERENCE =
            setOperation("setsymmetricdifference", "first_set", "other_sets", (a, b) -> {
                Set<Value> bs = Set.copyOf(b.elements());
                Set<Value> as = Set.copyOf(a.elements());
                List<Value> r = new ArrayList<>();
                for (Value v : a.elements()) {
                    if (!bs.contains(v)) {
                        r.add(v);
                    }
                }
                for (Value v : b.elements()) {
                    if (!as.contains(v)) {
                        r.add(v);
                    }
                }
                return r;
            });

    private interface SetOperation {
        List<Value> apply(Value a, Value b);
    }

    /** A set function: {@code setsubtract} has exactly two parameters, the others a variadic second one. */
    private static Function setOperation(String name, String first, String rest, SetOperation op) {
        Function.Implementation impl = args -> {
            List<Type> etys = new ArrayList<>();
            for (Value a : args) {
                Type ety = a.type().elementType();
                if (!(a.length() == 0 && ety.isDynamic())) {
                    etys.add(ety);
                }
            }
            Type ety = etys.isEmpty() ? Type.DYNAMIC : Convert.unify(etys, true);
            if (ety == null) {
                throw new FunctionException("given sets must all have compatible element types");
            }
            Type ret = Type.set(ety);
            Value acc = convertArg(args.get(0), ret, 0);
            for (int i = 1; i < args.size(); i++) {
                Value next = convertArg(args.get(i), ret, i);
                List<Value> r = op.apply(acc, next);
                acc = r.isEmpty() ? Value.emptySet(ety) : Value.set(ety, r);
            }
            return acc;
        };
        if (name.equals("setsubtract")) {
            return Function.of(name, List.of(of(first, ANY_SET), of(rest, ANY_SET)), impl);
        }
        return Function.variadic(name, List.of(of(first, ANY_SET)), of(rest, ANY_SET), impl);
    }

    private static Value convertArg(Value v, Type t, int index) {
        try {
            return Convert.convert(v, t);
        } catch (ConversionException e) {
            throw new FunctionException(index, e.getMessage());
        }
    }

    public static final Function INDEXOF =
            Function.of("indexof", List.of(of("list", Type.DYNAMIC), of("value", Type.DYNAMIC)), args -> {
                Value list = args.get(0);
                if (!list.type().isList() && !list.type().isTuple()) {
                    throw new FunctionException("argument must be a list or tuple");
                }
                if (list.length() == 0) {
                    throw new FunctionException("cannot search an empty list");
                }
                List<Value> elems = list.elements();
                for (int i = 0; i < elems.size(); i++) {
                    if (elems.get(i).equals(args.get(1))) {
                        return Value.number(i);
                    }
                }
                throw new FunctionException("item not found");
            });
}
