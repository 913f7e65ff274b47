package io.jbake.bake.hcl;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Csv;
import io.jbake.go.GoLib;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value given for a variable from outside the files ({@code --var} or the environment), and its
 * conversion to the variable's type (bake-reference §4.3): {@code NAME_JSON} as JSON, collections
 * of primitives as CSV, primitives with Go's {@code ParseBool}/{@code ParseFloat}.
 *
 * @param text the override text
 * @param json whether it came from {@code NAME_JSON}
 */
record VariableOverride(String text, boolean json) {

    /**
     * The override for variable {@code name}: {@code NAME}, or {@code NAME_JSON} when {@code NAME}
     * is unset or the variable is typed (unless a variable or built-in is itself called
     * {@code NAME_JSON}). {@code null} when there is none.
     */
    static VariableOverride lookup(
            String name,
            boolean typed,
            Map<String, String> overrides,
            Set<String> variableNames,
            Set<String> builtinNames) {
        String plain = overrides.get(name);
        VariableOverride result = plain == null ? null : new VariableOverride(plain, false);
        if (plain == null || typed) {
            String jsonName = name + "_JSON";
            if (!variableNames.contains(jsonName) && !builtinNames.contains(jsonName)) {
                String j = overrides.get(jsonName);
                if (j != null) {
                    result = new VariableOverride(j, true);
                }
            }
        }
        return result;
    }

    /**
     * Converts the override.
     *
     * @param typed whether the variable declares a type ({@code type} is then that type)
     * @param hasDefault whether the variable has a default (or a same-named attribute)
     * @param current the value from the default, whose type guides untyped conversion
     */
    Value apply(String name, boolean typed, Type type, boolean hasDefault, Value current) {
        if (typed && json) {
            try {
                return ValueJson.decode(text, type);
            } catch (BakeException e) {
                throw BakeException.wrap("failed to convert variable " + name + " from JSON", e);
            }
        }
        if (type.isList() || type.isSet() || type.isTuple() || type.isMap()) {
            try {
                return fromCsv(name, text, type);
            } catch (BakeException e) {
                throw BakeException.wrap("failed to convert variable " + name + " from CSV", e);
            }
        }
        if (typed && type.isPrimitive()) {
            return primitive(name, text, type);
        }
        if (typed) {
            throw new BakeException("unsupported type " + type.friendlyName() + " for variable " + name);
        }
        if (!hasDefault || current.type().isDynamic()) {
            return Value.string(text);
        }
        if (current.type().isPrimitive()) {
            return primitive(name, text, current.type());
        }
        throw new BakeException("unsupported type " + current.type().friendlyName() + " for variable " + name);
    }

    private static Value primitive(String name, String text, Type type) {
        if (type.equals(Type.STRING)) {
            return Value.string(text);
        }
        if (type.equals(Type.BOOL)) {
            return GoLib.parseBool(text)
                    .map(Value::bool)
                    .orElseThrow(() -> new BakeException("failed to parse " + name
                            + " as bool: strconv.ParseBool: parsing " + GoLib.quote(text) + ": invalid syntax"));
        }
        if (type.equals(Type.NUMBER)) {
            return Value.number(parseFloat(name, text));
        }
        throw new BakeException(name + " of type " + type.friendlyName() + " is not a primitive");
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}, rejecting NaN and infinities as bake does. */
    private static double parseFloat(String name, String text) {
        String t = text.replace("_", "");
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches("[+-]?(inf|infinity|nan)")) {
            throw new BakeException("failed to parse " + name + " as number: invalid number value");
        }
        try {
            if (lower.matches("[+-]?0x.*")) {
                return Double.parseDouble(t.contains("p") || t.contains("P") ? t : t + "p0");
            }
            if (!lower.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new BakeException("failed to parse " + name + " as number: strconv.ParseFloat: parsing "
                    + GoLib.quote(text) + ": invalid syntax");
        }
    }

    private static Value fromCsv(String name, String text, Type type) {
        List<String> fields;
        try {
            fields = Csv.fields(text);
        } catch (BakeException e) {
            throw BakeException.wrap("failed to parse " + text + " as CSV", e);
        }
        if (type.isList() || type.isSet()) {
            Type elem = type.elementType();
            if (!elem.isPrimitive()) {
                throw new BakeException("unsupported type " + type.friendlyName() + " for CSV specification");
            }
            List<Value> values = new ArrayList<>();
            for (String f : fields) {
                values.add(element(name, f, elem, type, "failed to parse element of type "));
            }
            return type.isList() ? Value.list(elem, values) : Value.set(elem, values);
        }
        if (type.isTuple()) {
            List<Type> types = type.tupleElementTypes();
            if (types.size() != fields.size()) {
                throw new BakeException(type.friendlyName() + " expects " + types.size() + " elements but only "
                        + fields.size() + " provided");
            }
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (!types.get(i).isPrimitive()) {
                    throw new BakeException("unsupported type " + type.friendlyName() + " for CSV specification");
                }
                values.add(element(name, fields.get(i), types.get(i), type, "failed to parse element of type "));
            }
            return Value.tuple(values);
        }
        Type elem = type.elementType();
        if (!elem.isPrimitive()) {
            throw new BakeException("unsupported type " + type.friendlyName() + " for CSV specification");
        }
        Map<String, Value> entries = new LinkedHashMap<>();
        for (String f : fields) {
            List<String> kv;
            try {
                kv = Csv.fields(f, ':');
            } catch (BakeException e) {
                throw BakeException.wrap("failed to parse " + f + " as k/v for variable " + name, e);
            }
            if (kv.size() != 2) {
                throw new BakeException("expected one k/v pair but got " + kv.size() + " pieces from " + f);
            }
            entries.put(kv.get(0), element(name, kv.get(1), elem, type, "failed to parse element from type "));
        }
        return Value.map(elem, entries);
    }

    private static Value element(String name, String text, Type elem, Type whole, String prefix) {
        try {
            return primitive(name, text, elem);
        } catch (BakeException e) {
            throw BakeException.wrap(prefix + whole.friendlyName(), e);
        }
    }
}
