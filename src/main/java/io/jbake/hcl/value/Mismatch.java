package io.jbake.hcl.value;

import io.jbake.go.GoStrings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * go-cty's {@code MismatchMessage}: why a value of one type does not convert to another, in user terms. This is
 * the wording of go-cty 1.17, which buildx 0.36.1 prints: "string required, but have tuple" where the two types
 * are unlikely to confuse the reader, a plain "string required" otherwise (1.16's, in buildx 0.29.1, always).
 */
final class Mismatch {

    private Mismatch() {}

    static String message(Type got, Type want) {
        if (got.isObject() && want.isObject()) {
            return objects(got, want);
        }
        if (got.isTuple() && want.isList() && want.elementType().isDynamic()) {
            return "all list elements must have the same type";
        }
        if (got.isTuple() && want.isSet() && want.elementType().isDynamic()) {
            return "all set elements must have the same type";
        }
        if (got.isObject() && want.isMap() && want.elementType().isDynamic()) {
            return "all map elements must have the same type";
        }
        if (got.isStructural() && want.isCollection()) {
            return collectionsFromStructural(got, want);
        }
        if (got.isCollection() && want.isCollection()) {
            return collectionsFromCollections(got, want);
        }
        if (!likelyToConfuse(got, want)) {
            return want.friendlyName() + " required, but have " + got.friendlyName();
        }
        return want.friendlyNameForConstraint() + " required";
    }

    /**
     * Whether naming both types would mislead, as go-cty decides it (it comes after the more specific cases of
     * {@link #message}): a string that does not convert to a number or bool is a wrong value, not a wrong type.
     */
    private static boolean likelyToConfuse(Type got, Type want) {
        if (got.isPrimitive() != want.isPrimitive() || want.equals(Type.STRING)) {
            return false;
        }
        if (want.equals(Type.BOOL) && got.equals(Type.NUMBER) || got.equals(Type.BOOL) && want.equals(Type.NUMBER)) {
            return false;
        }
        if (got.isCollection()
                && want.isCollection()
                && !got.elementType().hasDynamicTypes()
                && want.elementType().hasDynamicTypes()) {
            return false;
        }
        // go-cty means "or an object wanting a tuple" too, but tests got for both kinds, which is never true
        return !(got.isTuple() && want.isObject());
    }

    private static String objects(Type got, Type want) {
        Map<String, Type> gotAtys = got.attributeTypes();
        List<String> missing = new ArrayList<>();
        String unsafeMismatch = null;
        String safeMismatch = null;
        for (Map.Entry<String, Type> e : want.attributeTypes().entrySet()) {
            String name = e.getKey();
            Type gotAty = gotAtys.get(name);
            if (gotAty == null) {
                if (!want.optionalAttributes().contains(name)) {
                    missing.add(name);
                }
                continue;
            }
            if (gotAty.equals(e.getValue())) {
                continue;
            }
            if (unsafeMismatch == null && Convert.conversion(gotAty, e.getValue(), true) == null) {
                unsafeMismatch = "attribute " + GoStrings.quote(name) + ": " + message(gotAty, e.getValue());
            }
            if (safeMismatch == null && Convert.conversion(gotAty, e.getValue(), false) == null) {
                safeMismatch = "attribute " + GoStrings.quote(name) + ": " + message(gotAty, e.getValue());
            }
        }
        if (!missing.isEmpty()) {
            Collections.sort(missing);
            if (missing.size() == 1) {
                return "attribute " + GoStrings.quote(missing.get(0)) + " is required";
            }
            if (missing.size() == 2) {
                return "attributes " + GoStrings.quote(missing.get(0)) + " and " + GoStrings.quote(missing.get(1))
                        + " are required";
            }
            StringBuilder sb = new StringBuilder("attributes ");
            for (String name : missing.subList(0, missing.size() - 1)) {
                sb.append(GoStrings.quote(name)).append(", ");
            }
            return sb.append("and ")
                    .append(GoStrings.quote(missing.get(missing.size() - 1)))
                    .append(" are required")
                    .toString();
        }
        if (unsafeMismatch != null) {
            return unsafeMismatch;
        }
        if (safeMismatch != null) {
            return safeMismatch;
        }
        return "incorrect object attributes";
    }

    private static String collectionsFromStructural(Type got, Type want) {
        if ((want.isList() || want.isSet()) && !got.isTuple() || want.isMap() && !got.isObject()) {
            return want.friendlyNameForConstraint() + " required";
        }
        Type wantEty = want.elementType();
        if (got.isTuple()) {
            List<Type> etys = got.tupleElementTypes();
            for (int i = 0; i < etys.size(); i++) {
                Type gotEty = etys.get(i);
                if (!gotEty.equals(wantEty) && Convert.conversion(gotEty, wantEty, true) == null) {
                    return "element " + i + ": " + message(gotEty, wantEty);
                }
            }
        } else {
            for (Map.Entry<String, Type> e : got.attributeTypes().entrySet()) {
                Type gotAty = e.getValue();
                if (!gotAty.equals(wantEty) && Convert.conversion(gotAty, wantEty, true) == null) {
                    return "element " + GoStrings.quote(e.getKey()) + ": " + message(gotAty, wantEty);
                }
            }
        }
        return "all elements must be " + wantEty.friendlyNameForConstraint();
    }

    private static String collectionsFromCollections(Type got, Type want) {
        if ((want.isList() || want.isSet()) && !(got.isList() || got.isSet()) || want.isMap() && !got.isMap()) {
            return want.friendlyNameForConstraint() + " required";
        }
        String noun = want.isList() ? "list element type" : want.isSet() ? "set element type" : "map element type";
        return "incorrect " + noun + ": " + message(got.elementType(), want.elementType());
    }
}
