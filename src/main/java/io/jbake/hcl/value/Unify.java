package io.jbake.hcl.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Type unification as go-cty's {@code convert.Unify} does it; see {@link Convert#unify}. */
final class Unify {

    private Unify() {}

    static Type unify(List<Type> types, boolean unsafe) {
        if (types.isEmpty()) {
            return null;
        }
        int mapCt = 0, listCt = 0, setCt = 0, objectCt = 0, tupleCt = 0, dynamicCt = 0;
        for (Type t : types) {
            switch (t.kind()) {
                case MAP:
                    mapCt++;
                    break;
                case LIST:
                    listCt++;
                    break;
                case SET:
                    setCt++;
                    break;
                case OBJECT:
                    objectCt++;
                    break;
                case TUPLE:
                    tupleCt++;
                    break;
                case DYNAMIC:
                    dynamicCt++;
                    break;
                default:
                    break;
            }
        }
        int n = types.size();
        if (mapCt > 0 && mapCt + dynamicCt == n) {
            return collections(Type::map, types, unsafe, dynamicCt > 0);
        } else if (mapCt > 0 && mapCt + objectCt + dynamicCt == n) {
            Type t = structuralAsCollection(types, unsafe, Type.Kind.OBJECT);
            if (t != null && t.isMap()) {
                return t;
            }
        } else if (listCt > 0 && listCt + dynamicCt == n) {
            return collections(Type::list, types, unsafe, dynamicCt > 0);
        } else if (listCt > 0 && listCt + tupleCt + dynamicCt == n) {
            Type t = structuralAsCollection(types, unsafe, Type.Kind.TUPLE);
            if (t != null && t.isList()) {
                return t;
            }
        } else if (setCt > 0 && setCt + dynamicCt == n) {
            return collections(Type::set, types, unsafe, dynamicCt > 0);
        } else if (objectCt > 0 && objectCt + dynamicCt == n) {
            return dynamicCt > 0 ? Type.DYNAMIC : objects(types, unsafe);
        } else if (tupleCt > 0 && tupleCt + dynamicCt == n) {
            return dynamicCt > 0 ? Type.DYNAMIC : tuples(types, unsafe);
        } else if (objectCt > 0 && tupleCt > 0) {
            return null;
        }
        if (allEqual(types)) {
            // What the preference order below would choose, without its n-squared comparisons: equal types
            // compare as equally general, so the first one is preferred and every other one is equal to it.
            return types.get(0);
        }
        for (int want : preferenceOrder(types)) {
            Type wantType = types.get(want);
            boolean all = true;
            for (int i = 0; i < n && all; i++) {
                Type t = types.get(i);
                all = i == want || t.equals(wantType) || Convert.conversion(t, wantType, unsafe) != null;
            }
            if (all) {
                return wantType;
            }
        }
        return null;
    }

    private static boolean allEqual(List<Type> types) {
        Type first = types.get(0);
        for (Type t : types) {
            if (!t.equals(first)) {
                return false;
            }
        }
        return true;
    }

    private static Type collections(
            java.util.function.Function<Type, Type> make, List<Type> types, boolean unsafe, boolean hasDynamic) {
        if (hasDynamic) {
            return Type.DYNAMIC;
        }
        List<Type> etys = new ArrayList<>(types.size());
        for (Type t : types) {
            etys.add(t.elementType());
        }
        Type ety = unify(etys, unsafe);
        if (ety == null) {
            return null;
        }
        Type ret = make.apply(ety);
        return allConvert(types, ret, unsafe) ? ret : null;
    }

    /** Objects unified as a map (or tuples as a list) together with the maps (lists) among {@code types}. */
    private static Type structuralAsCollection(List<Type> types, boolean unsafe, Type.Kind structural) {
        List<Type> structs = new ArrayList<>();
        for (Type t : types) {
            if (t.kind() == structural) {
                structs.add(t);
            }
        }
        Type collection =
                structural == Type.Kind.OBJECT ? objectsToMap(structs, unsafe) : tuplesToList(structs, unsafe);
        if (collection == null) {
            return null;
        }
        List<Type> replaced = new ArrayList<>(types.size());
        for (Type t : types) {
            replaced.add(t.kind() == structural ? collection : t);
        }
        return unify(replaced, unsafe);
    }

    private static Type objects(List<Type> types, boolean unsafe) {
        Map<String, Type> first = types.get(0).attributeTypes();
        for (Type t : types.subList(1, types.size())) {
            Map<String, Type> these = t.attributeTypes();
            if (these.size() != first.size() || !first.keySet().containsAll(these.keySet())) {
                return objectsToMap(types, unsafe);
            }
        }
        Map<String, Type> ret = new TreeMap<>(Names.ORDER);
        for (String name : first.keySet()) {
            List<Type> across = new ArrayList<>(types.size());
            for (Type t : types) {
                across.add(t.attributeTypes().get(name));
            }
            Type u = unify(across, unsafe);
            if (u == null) {
                return null;
            }
            ret.put(name, u);
        }
        Type retTy = Type.object(ret);
        return allConvert(types, retTy, unsafe) ? retTy : objectsToMap(types, unsafe);
    }

    private static Type objectsToMap(List<Type> types, boolean unsafe) {
        List<Type> atys = new ArrayList<>();
        for (Type t : types) {
            atys.addAll(t.attributeTypes().values());
        }
        Type ety = unify(atys, unsafe);
        if (ety == null) {
            return null;
        }
        Type ret = Type.map(ety);
        return allConvert(types, ret, unsafe) ? ret : null;
    }

    private static Type tuples(List<Type> types, boolean unsafe) {
        List<Type> first = types.get(0).tupleElementTypes();
        for (Type t : types.subList(1, types.size())) {
            if (t.tupleElementTypes().size() != first.size()) {
                return tuplesToList(types, unsafe);
            }
        }
        List<Type> ret = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            List<Type> across = new ArrayList<>(types.size());
            for (Type t : types) {
                across.add(t.tupleElementTypes().get(i));
            }
            Type u = unify(across, unsafe);
            if (u == null) {
                return null;
            }
            ret.add(u);
        }
        Type retTy = Type.tuple(ret);
        return allConvert(types, retTy, unsafe) ? retTy : tuplesToList(types, unsafe);
    }

    private static Type tuplesToList(List<Type> types, boolean unsafe) {
        List<Type> etys = new ArrayList<>();
        for (Type t : types) {
            etys.addAll(t.tupleElementTypes());
        }
        Type ety = unify(etys, unsafe);
        if (ety == null) {
            return null;
        }
        Type ret = Type.list(ety);
        return allConvert(types, ret, unsafe) ? ret : null;
    }

    private static boolean allConvert(List<Type> types, Type to, boolean unsafe) {
        for (Type t : types) {
            if (!t.equals(to) && Convert.conversion(t, to, unsafe) == null) {
                return false;
            }
        }
        return true;
    }

    /** Indices of {@code types}, most general first (cty {@code sortTypes}: Kahn's algorithm, FIFO). */
    private static List<Integer> preferenceOrder(List<Type> types) {
        int n = types.size();
        List<List<Integer>> edges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            edges.add(new ArrayList<>());
        }
        int[] inDegree = new int[n];
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                int cmp = compare(types.get(i), types.get(j));
                if (cmp < 0) {
                    edges.get(i).add(j);
                    inDegree[j]++;
                } else if (cmp > 0) {
                    edges.get(j).add(i);
                    inDegree[i]++;
                }
            }
        }
        List<Integer> result = new ArrayList<>(n);
        Deque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (inDegree[i] == 0) {
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            result.add(i);
            for (int j : edges.get(i)) {
                if (--inDegree[j] == 0) {
                    queue.add(j);
                }
            }
        }
        return result;
    }

    /** Negative if a is more general than b (cty {@code compareTypes}). */
    private static int compare(Type a, Type b) {
        if (a.isDynamic() || b.isDynamic()) {
            if (!a.isDynamic()) {
                return -1;
            }
            return b.isDynamic() ? 0 : 1;
        }
        if (a.isPrimitive() && b.isPrimitive()) {
            if (a.equals(Type.STRING) || b.equals(Type.STRING)) {
                if (!a.equals(Type.STRING)) {
                    return 1;
                }
                return b.equals(Type.STRING) ? 0 : -1;
            }
        }
        if ((a.isList() && b.isList()) || (a.isSet() && b.isSet()) || (a.isMap() && b.isMap())) {
            return compare(a.elementType(), b.elementType());
        }
        int swap = 1;
        if ((a.isTuple() && b.isList())
                || (a.isObject() && b.isMap())
                || (a.isSet() && b.isTuple())
                || (a.isSet() && b.isList())) {
            Type t = a;
            a = b;
            b = t;
            swap = -1;
        }
        if (b.isSet() && (a.isTuple() || a.isList())) {
            return -swap;
        }
        if (a.isList() && b.isTuple()) {
            return -swap;
        }
        if (a.isMap() && b.isObject()) {
            return -swap;
        }
        if (a.isObject() && b.isObject()) {
            Map<String, Type> atysA = a.attributeTypes();
            Map<String, Type> atysB = b.attributeTypes();
            if (atysA.size() != atysB.size()) {
                return 0;
            }
            boolean aSuper = false, bSuper = false;
            for (Map.Entry<String, Type> e : atysA.entrySet()) {
                Type bt = atysB.get(e.getKey());
                if (bt == null) {
                    return 0;
                }
                int c = compare(e.getValue(), bt);
                aSuper |= c < 0;
                bSuper |= c > 0;
            }
            return aSuper == bSuper ? 0 : (aSuper ? -swap : swap);
        }
        if (a.isTuple() && b.isTuple()) {
            List<Type> ea = a.tupleElementTypes();
            List<Type> eb = b.tupleElementTypes();
            if (ea.size() != eb.size()) {
                return 0;
            }
            boolean aSuper = false, bSuper = false;
            for (int i = 0; i < ea.size(); i++) {
                int c = compare(ea.get(i), eb.get(i));
                aSuper |= c < 0;
                bSuper |= c > 0;
            }
            return aSuper == bSuper ? 0 : (aSuper ? -swap : swap);
        }
        return 0;
    }
}
