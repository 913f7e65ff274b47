package io.jbake.hcl.value;

import io.jbake.go.GoStrings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * cty's set iteration order ({@code setRules.Less}): non-null before null; strings lexically, numbers
 * numerically, false before true; any other element type by its set hash text.
 */
final class SetOrder {

    private SetOrder() {}

    static List<Value> sortedDistinct(List<Value> elements) {
        if (elements.size() < 2) {
            return elements;
        }
        List<Value> distinct = new ArrayList<>(new LinkedHashSet<>(elements));
        distinct.sort(SetOrder::compare);
        return List.copyOf(distinct);
    }

    private static int compare(Value a, Value b) {
        if (a.isNull() || b.isNull()) {
            return Boolean.compare(a.isNull(), b.isNull());
        }
        switch (a.type().kind()) {
            case STRING:
                return Names.compare(a.asString(), b.asString());
            case NUMBER:
                return a.asBigFloat().compareTo(b.asBigFloat());
            case BOOL:
                return Boolean.compare(a.asBool(), b.asBool());
            default:
                return Names.compare(hash(a), hash(b));
        }
    }

    private static String hash(Value v) {
        StringBuilder sb = new StringBuilder();
        appendHash(v, sb);
        return sb.toString();
    }

    /** The text cty hashes set elements by ({@code appendSetHashBytes}). */
    private static void appendHash(Value v, StringBuilder sb) {
        if (v.isNull()) {
            sb.append('~');
            return;
        }
        switch (v.type().kind()) {
            case NUMBER:
                sb.append(v.asBigFloat().toString());
                return;
            case BOOL:
                sb.append(v.asBool() ? 'T' : 'F');
                return;
            case STRING:
                sb.append(GoStrings.quote(v.asString()));
                return;
            case MAP:
                sb.append('{');
                for (Map.Entry<String, Value> e : v.attributes().entrySet()) {
                    sb.append(GoStrings.quote(e.getKey())).append(':');
                    appendHash(e.getValue(), sb);
                    sb.append(';');
                }
                sb.append('}');
                return;
            case LIST:
            case SET:
                sb.append('[');
                for (Value e : v.elements()) {
                    appendHash(e, sb);
                    sb.append(';');
                }
                sb.append(']');
                return;
            case OBJECT:
                sb.append('<');
                for (Value e : v.attributes().values()) {
                    appendHash(e, sb);
                    sb.append(';');
                }
                sb.append('>');
                return;
            case TUPLE:
                sb.append('<');
                for (Value e : v.elements()) {
                    appendHash(e, sb);
                    sb.append(';');
                }
                sb.append('>');
                return;
            default:
                throw new IllegalStateException("should never happen");
        }
    }
}
