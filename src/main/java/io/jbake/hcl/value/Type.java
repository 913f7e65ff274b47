package io.jbake.hcl.value;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cty type: the dynamic pseudo-type {@link #DYNAMIC} ({@code any}), the primitives string, number and bool,
 * the collections list, set and map of one element type, and the structural types tuple and object.
 *
 * <p>Types are immutable and compare by structure. Object attribute types are kept in lexical name order, as
 * cty iterates them; an object type may mark attributes optional, which only matters as a conversion target
 * (type constraints written with {@code optional(...)}).
 */
public final class Type {

    /** The kinds of type; {@link #DYNAMIC} is cty's DynamicPseudoType. */
    public enum Kind {
        DYNAMIC,
        STRING,
        NUMBER,
        BOOL,
        LIST,
        SET,
        MAP,
        TUPLE,
        OBJECT
    }

    public static final Type DYNAMIC = new Type(Kind.DYNAMIC, null, List.of(), Map.of(), Set.of());
    public static final Type STRING = new Type(Kind.STRING, null, List.of(), Map.of(), Set.of());
    public static final Type NUMBER = new Type(Kind.NUMBER, null, List.of(), Map.of(), Set.of());
    public static final Type BOOL = new Type(Kind.BOOL, null, List.of(), Map.of(), Set.of());
    /** The type of the empty tuple {@code []}. */
    public static final Type EMPTY_TUPLE = new Type(Kind.TUPLE, null, List.of(), Map.of(), Set.of());
    /** The type of the empty object <code>{}</code>. */
    public static final Type EMPTY_OBJECT = new Type(Kind.OBJECT, null, List.of(), Map.of(), Set.of());

    private final Kind kind;
    private final Type elementType;
    private final List<Type> tupleElementTypes;
    private final Map<String, Type> attributeTypes;
    private final Set<String> optionalAttributes;
    private final int hash;

    private Type(
            Kind kind,
            Type elementType,
            List<Type> tupleElementTypes,
            Map<String, Type> attributeTypes,
            Set<String> optionalAttributes) {
        this.kind = kind;
        this.elementType = elementType;
        this.tupleElementTypes = tupleElementTypes;
        this.attributeTypes = attributeTypes;
        this.optionalAttributes = optionalAttributes;
        this.hash = Objects.hash(kind, elementType, tupleElementTypes, attributeTypes, optionalAttributes);
    }

    public static Type list(Type elementType) {
        return new Type(Kind.LIST, Objects.requireNonNull(elementType), List.of(), Map.of(), Set.of());
    }

    public static Type set(Type elementType) {
        return new Type(Kind.SET, Objects.requireNonNull(elementType), List.of(), Map.of(), Set.of());
    }

    public static Type map(Type elementType) {
        return new Type(Kind.MAP, Objects.requireNonNull(elementType), List.of(), Map.of(), Set.of());
    }

    public static Type tuple(List<Type> elementTypes) {
        return elementTypes.isEmpty()
                ? EMPTY_TUPLE
                : new Type(Kind.TUPLE, null, List.copyOf(elementTypes), Map.of(), Set.of());
    }

    public static Type object(Map<String, Type> attributeTypes) {
        return object(attributeTypes, Set.of());
    }

    /**
     * An object type whose attributes named in {@code optional} may be absent from a value being converted to
     * it (they become null). Every optional name must be an attribute.
     */
    public static Type object(Map<String, Type> attributeTypes, Set<String> optional) {
        if (attributeTypes.isEmpty()) {
            return EMPTY_OBJECT;
        }
        if (!attributeTypes.keySet().containsAll(optional)) {
            throw new IllegalArgumentException(
                    "optional attributes " + optional + " not all in " + attributeTypes.keySet());
        }
        TreeMap<String, Type> sorted = new TreeMap<>(Names.ORDER);
        sorted.putAll(attributeTypes);
        return new Type(Kind.OBJECT, null, null, Collections.unmodifiableMap(sorted), Set.copyOf(optional));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isDynamic() {
        return kind == Kind.DYNAMIC;
    }

    public boolean isPrimitive() {
        return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOL;
    }

    public boolean isList() {
        return kind == Kind.LIST;
    }

    public boolean isSet() {
        return kind == Kind.SET;
    }

    public boolean isMap() {
        return kind == Kind.MAP;
    }

    public boolean isTuple() {
        return kind == Kind.TUPLE;
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    /** List, set or map. */
    public boolean isCollection() {
        return kind == Kind.LIST || kind == Kind.SET || kind == Kind.MAP;
    }

    /** Tuple or object. */
    public boolean isStructural() {
        return kind == Kind.TUPLE || kind == Kind.OBJECT;
    }

    /** The element type of a list, set or map. */
    public Type elementType() {
        if (elementType == null) {
            throw new IllegalStateException(friendlyName() + " has no element type");
        }
        return elementType;
    }

    /** The element types of a tuple. */
    public List<Type> tupleElementTypes() {
        if (kind != Kind.TUPLE) {
            throw new IllegalStateException(friendlyName() + " is not a tuple");
        }
        return tupleElementTypes;
    }

    /** The attribute types of an object, in lexical name order. */
    public Map<String, Type> attributeTypes() {
        if (kind != Kind.OBJECT) {
            throw new IllegalStateException(friendlyName() + " is not an object");
        }
        return attributeTypes;
    }

    /** Names of the attributes that are optional in this object type constraint (empty for other kinds). */
    public Set<String> optionalAttributes() {
        return optionalAttributes;
    }

    /** True if this type is or contains {@link #DYNAMIC}. */
    public boolean hasDynamicTypes() {
        switch (kind) {
            case DYNAMIC:
                return true;
            case LIST:
            case SET:
            case MAP:
                return elementType.hasDynamicTypes();
            case TUPLE:
                return tupleElementTypes.stream().anyMatch(Type::hasDynamicTypes);
            case OBJECT:
                return attributeTypes.values().stream().anyMatch(Type::hasDynamicTypes);
            default:
                return false;
        }
    }

    /** This type with every optional-attribute marker removed, recursively. */
    public Type withoutOptionalAttributes() {
        switch (kind) {
            case LIST:
                return elementType.hasOptionals() ? list(elementType.withoutOptionalAttributes()) : this;
            case SET:
                return elementType.hasOptionals() ? set(elementType.withoutOptionalAttributes()) : this;
            case MAP:
                return elementType.hasOptionals() ? map(elementType.withoutOptionalAttributes()) : this;
            case TUPLE:
                return hasOptionals()
                        ? tuple(tupleElementTypes.stream()
                                .map(Type::withoutOptionalAttributes)
                                .toList())
                        : this;
            case OBJECT: {
                if (!hasOptionals()) {
                    return this;
                }
                TreeMap<String, Type> plain = new TreeMap<>(Names.ORDER);
                attributeTypes.forEach((k, v) -> plain.put(k, v.withoutOptionalAttributes()));
                return object(plain);
            }
            default:
                return this;
        }
    }

    private boolean hasOptionals() {
        switch (kind) {
            case LIST:
            case SET:
            case MAP:
                return elementType.hasOptionals();
            case TUPLE:
                return tupleElementTypes.stream().anyMatch(Type::hasOptionals);
            case OBJECT:
                return !optionalAttributes.isEmpty()
                        || attributeTypes.values().stream().anyMatch(Type::hasOptionals);
            default:
                return false;
        }
    }

    /** The English name cty uses in messages: "string", "list of number", "object", "tuple", "dynamic". */
    public String friendlyName() {
        return friendlyName(false);
    }

    /**
     * The name cty uses when this type is a constraint: like {@link #friendlyName()} but {@code any} is "any
     * type" and a collection of {@code any} is e.g. "list of any single type".
     */
    public String friendlyNameForConstraint() {
        return friendlyName(true);
    }

    private String friendlyName(boolean constraint) {
        switch (kind) {
            case DYNAMIC:
                return constraint ? "any type" : "dynamic";
            case STRING:
                return "string";
            case NUMBER:
                return "number";
            case BOOL:
                return "bool";
            case LIST:
                return "list of " + elementName(constraint);
            case SET:
                return "set of " + elementName(constraint);
            case MAP:
                return "map of " + elementName(constraint);
            case TUPLE:
                return "tuple";
            case OBJECT:
                return "object";
            default:
                throw new IllegalStateException("should never happen");
        }
    }

    private String elementName(boolean constraint) {
        return constraint && elementType.isDynamic() ? "any single type" : elementType.friendlyName(constraint);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Type)) {
            return false;
        }
        Type t = (Type) o;
        return hash == t.hash
                && kind == t.kind
                && Objects.equals(elementType, t.elementType)
                && Objects.equals(tupleElementTypes, t.tupleElementTypes)
                && Objects.equals(attributeTypes, t.attributeTypes)
                && Objects.equals(optionalAttributes, t.optionalAttributes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The type as written in a type constraint expression, e.g. {@code list(string)}, {@code object({a=number})}. */
    @Override
    public String toString() {
        switch (kind) {
            case DYNAMIC:
                return "any";
            case STRING:
                return "string";
            case NUMBER:
                return "number";
            case BOOL:
                return "bool";
            case LIST:
                return "list(" + elementType + ")";
            case SET:
                return "set(" + elementType + ")";
            case MAP:
                return "map(" + elementType + ")";
            case TUPLE: {
                StringBuilder sb = new StringBuilder("tuple([");
                for (int i = 0; i < tupleElementTypes.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(tupleElementTypes.get(i));
                }
                return sb.append("])").toString();
            }
            case OBJECT: {
                StringBuilder sb = new StringBuilder("object({");
                boolean first = true;
                for (Map.Entry<String, Type> e : attributeTypes.entrySet()) {
                    sb.append(first ? "" : ", ").append(e.getKey()).append('=');
                    sb.append(
                            optionalAttributes.contains(e.getKey()) ? "optional(" + e.getValue() + ")" : e.getValue());
                    first = false;
                }
                return sb.append("})").toString();
            }
            default:
                throw new IllegalStateException("should never happen");
        }
    }
}
