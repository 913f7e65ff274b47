package io.jbake.hcl;

import io.jbake.hcl.value.BigFloat;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;

/**
 * Indexing ({@code coll[key]}) and attribute access ({@code obj.name}) on values, with HCL's rules and
 * messages (HCL {@code ops.go}). On failure an error is added to {@code diags} (at {@code range}) and the
 * result is {@link Value#NULL}; callers notice failure through the diagnostics, not the value.
 */
public final class ValueAccess {

    private static final String INVALID_INDEX = "Invalid index";

    private ValueAccess() {}

    public static Value index(Value collection, Value key, SrcRange range, Diagnostics diags) {
        if (collection.isNull()) {
            return fail(
                    diags,
                    "Attempt to index null value",
                    "This value is null, so it does not have any indices.",
                    range);
        }
        if (key.isNull()) {
            return fail(diags, INVALID_INDEX, "Can't use a null value as an indexing key.", range);
        }
        Type ty = collection.type();
        if (ty.isList() || ty.isTuple() || ty.isMap()) {
            Value k;
            try {
                k = Convert.convert(key, ty.isMap() ? Type.STRING : Type.NUMBER);
            } catch (ConversionException e) {
                return fail(
                        diags,
                        INVALID_INDEX,
                        "The given key does not identify an element in this collection " + "value: " + e.getMessage()
                                + ".",
                        range);
            }
            if (ty.isMap()) {
                Value v = collection.attributes().get(k.asString());
                if (v == null) {
                    return fail(
                            diags,
                            INVALID_INDEX,
                            "The given key does not identify an element in this " + "collection value.",
                            range);
                }
                return v;
            }
            BigFloat n = k.asBigFloat();
            int size = collection.length();
            Long i = n.isInteger() ? n.toLongExact() : null;
            if (i != null && i >= 0 && i < size) {
                return collection.elements().get(i.intValue());
            }
            String why = "";
            if (!n.isInteger()) {
                why = ": indexing a sequence requires a whole number, but the given index has a fractional part";
            } else if (n.signum() < 0) {
                why = ": a negative number is not a valid index for a sequence";
            } else if (n.compareTo(BigFloat.of(size)) <= 0) {
                // HCL only explains the index equal to the length (its check is "index - length < 1").
                why = size == 0
                        ? ": the collection has no elements"
                        : ": the given index is greater than or equal to the length of the collection";
            }
            return fail(
                    diags,
                    INVALID_INDEX,
                    "The given key does not identify an element in this collection value" + why + ".",
                    range);
        }
        if (ty.isObject()) {
            boolean wasNumber = key.type().equals(Type.NUMBER);
            Value k;
            try {
                k = Convert.convert(key, Type.STRING);
            } catch (ConversionException e) {
                return fail(
                        diags,
                        INVALID_INDEX,
                        "The given key does not identify an element in this collection " + "value: " + e.getMessage()
                                + ".",
                        range);
            }
            Value v = collection.attributes().get(k.asString());
            if (v == null) {
                return fail(
                        diags,
                        INVALID_INDEX,
                        "The given key does not identify an element in this collection value."
                                + (wasNumber
                                        ? " An object only supports looking up attributes by name, not by numeric index."
                                        : ""),
                        range);
            }
            return v;
        }
        if (ty.isSet()) {
            return fail(
                    diags,
                    INVALID_INDEX,
                    "Elements of a set are identified only by their value and don't have "
                            + "any separate index or key to select with, so it's only possible to perform operations across "
                            + "all elements of the set.",
                    range);
        }
        return fail(diags, INVALID_INDEX, "This value does not have any indices.", range);
    }

    public static Value getAttr(Value obj, String name, SrcRange range, Diagnostics diags) {
        if (obj.isNull()) {
            return fail(
                    diags,
                    "Attempt to get attribute from null value",
                    "This value is null, so it does not have any attributes.",
                    range);
        }
        Type ty = obj.type();
        String unsupported = "Unsupported attribute";
        if (ty.isObject()) {
            Value v = obj.attributes().get(name);
            if (v == null) {
                return fail(
                        diags, unsupported, "This object does not have an attribute named \"" + name + "\".", range);
            }
            return v;
        }
        if (ty.isMap()) {
            Value v = obj.attributes().get(name);
            if (v == null) {
                return fail(
                        diags,
                        "Missing map element",
                        "This map does not have an element with the key \"" + name + "\".",
                        range);
            }
            return v;
        }
        if (ty.isList() && ty.elementType().isObject()) {
            if (ty.elementType().attributeTypes().containsKey(name)) {
                return fail(
                        diags,
                        unsupported,
                        "Can't access attributes on a list of objects. Did you mean to access "
                                + "attribute \"" + name
                                + "\" for a specific element of the list, or across all elements of "
                                + "the list?",
                        range);
            }
            return fail(
                    diags,
                    unsupported,
                    "Can't access attributes on a list of objects. Did you mean to access an "
                            + "attribute for a specific element of the list, or across all elements of the list?",
                    range);
        }
        if (ty.isSet() && ty.elementType().isObject()) {
            return fail(
                    diags,
                    unsupported,
                    "Can't access attributes on a set of objects. Did you mean to access an "
                            + "attribute across all elements of the set?",
                    range);
        }
        if (ty.isPrimitive()) {
            return fail(
                    diags,
                    unsupported,
                    "Can't access attributes on a primitive-typed value (" + ty.friendlyName() + ").",
                    range);
        }
        return fail(diags, unsupported, "This value does not have any attributes.", range);
    }

    /** Applies the steps of a traversal after its root (or all steps from {@code from}) to a value. */
    public static Value traverse(Value value, java.util.List<Traversal.Step> steps, int from, Diagnostics diags) {
        Value v = value;
        for (int i = from; i < steps.size(); i++) {
            int before = diags.errorCount();
            Traversal.Step step = steps.get(i);
            if (step instanceof Traversal.Attr a) {
                v = getAttr(v, a.name(), a.range(), diags);
            } else if (step instanceof Traversal.Index x) {
                v = index(v, x.key(), x.range(), diags);
            } else {
                throw new IllegalArgumentException("should never happen: a root step inside a traversal");
            }
            if (diags.errorCount() > before) {
                return Value.NULL;
            }
        }
        return v;
    }

    private static Value fail(Diagnostics diags, String summary, String detail, SrcRange range) {
        diags.add(Diagnostic.error(summary, detail, range));
        return Value.NULL;
    }
}
