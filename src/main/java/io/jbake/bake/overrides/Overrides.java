package io.jbake.bake.overrides;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Target;
import io.jbake.bake.model.TargetAttribute;
import io.jbake.bake.model.TargetAttribute.Collect;
import io.jbake.bake.model.TargetAttributes;
import io.jbake.go.GoLib;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code --set <pattern>.<key>[.<subkey>][+]=<value>} overrides (bake-reference §8),
 * grouped by the target each one applies to. Values are literal strings, never evaluated. The keys are
 * buildx v0.38's: singular, with the plural spellings as aliases of one key (so {@code tags=a} and
 * {@code tag+=b} add up), a subkey only where the key takes a name, {@code +=} only where v0.38 allows it.
 */
public final class Overrides {
    /** One key's accumulated override for one target. */
    private static final class Override {
        /** The key as last given ({@code tags} or {@code tag}), for the messages that name it. */
        String givenKey;

        String value = "";
        List<String> values;
        boolean append;
        /** An empty value was given with {@code =}: the list is cleared before the values after it. */
        boolean clear;
    }

    private static final Overrides NONE = new Overrides(Map.of());

    /** target name -> override key ({@code args.FOO}) -> override, keys in first-seen order. */
    private final Map<String, LinkedHashMap<String, Override>> byTarget;

    private Overrides(Map<String, LinkedHashMap<String, Override>> byTarget) {
        this.byTarget = byTarget;
    }

    public static Overrides none() {
        return NONE;
    }

    /**
     * Parses {@code specs} against the defined target names.
     *
     * @param targetNames every target name, in definition order (pattern matches keep this order)
     * @param env consulted for {@code <t>.args.NAME} without a value; {@code null} disables the lookup
     */
    public static Overrides parse(List<String> specs, Collection<String> targetNames, Map<String, String> env) {
        Set<String> names = targetNames instanceof Set<String> s ? s : new java.util.HashSet<>(targetNames);
        Map<String, LinkedHashMap<String, Override>> byTarget = new HashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            boolean hasValue = eq >= 0;
            String keyPart = hasValue ? spec.substring(0, eq) : spec;
            String value = hasValue ? spec.substring(eq + 1) : null;
            boolean append = keyPart.endsWith("+");
            String skey = append ? keyPart.substring(0, keyPart.length() - 1) : keyPart;
            String[] keys = skey.split("\\.", 3);
            if (keys.length < 2) {
                throw new BakeException("invalid override key " + skey + ", expected target.name");
            }
            TargetAttribute.OverrideKey overrideKey = TargetAttributes.overrideKey(keys[1], keys.length == 3);
            if (!hasValue && (overrideKey == null || overrideKey.collect() != Collect.NAMED_OR_ENV)) {
                throw new BakeException("invalid override " + spec + ", expected target.name=value");
            }
            // buildx v0.38: only the keys that take a name accept a subkey, only some take +=
            if (overrideKey != null && keys.length == 3 && !overrideKey.named()) {
                throw new BakeException("invalid key " + skey + ", " + keys[1] + " does not accept a subkey");
            }
            if (overrideKey != null && append && !TargetAttributes.overrideAppendable(overrideKey.key())) {
                throw new BakeException("invalid key " + keyPart + ", " + keys[1] + " does not support append");
            }
            List<String> matched = expandTargets(keys[0], names, targetNames);
            String field = overrideKey == null ? keys[1] : overrideKey.key();
            String okey = keys.length == 3 ? field + "." + keys[2] : field;
            for (String name : matched) {
                Override o = byTarget.computeIfAbsent(name, k -> new LinkedHashMap<>())
                        .computeIfAbsent(okey, k -> new Override());
                o.givenKey = keys[1];
                switch (overrideKey == null ? Collect.VALUE : overrideKey.collect()) {
                    case VALUES -> {
                        o.append = append;
                        if (o.values == null) {
                            o.values = new ArrayList<>();
                        }
                        if (!append && value.isEmpty()) { // buildx v0.38: an empty value clears the list
                            o.values.clear();
                            o.clear = true;
                        } else {
                            o.values.add(value);
                        }
                    }
                    case NAMED_NO_APPEND -> {
                        if (keys.length != 3) {
                            throw new BakeException("invalid key " + keyPart + ", " + keys[1] + " requires name");
                        }
                        o.value = value;
                    }
                    case NAMED, NAMED_OR_ENV -> {
                        if (keys.length != 3) {
                            throw new BakeException("invalid key " + keyPart + ", " + keys[1] + " requires name");
                        }
                        if (!hasValue) {
                            String fromEnv = env == null ? "" : env.get(keys[2]);
                            if (fromEnv == null) {
                                byTarget.get(name).remove(okey);
                                continue;
                            }
                            o.value = fromEnv;
                        } else {
                            o.value = value;
                        }
                    }
                    case VALUE -> o.value = value;
                }
            }
        }
        return new Overrides(byTarget);
    }

    /** An exact target name, else every target name matching the {@code path.Match} pattern. */
    private static List<String> expandTargets(String pattern, Set<String> names, Collection<String> ordered) {
        if (names.contains(pattern)) {
            return List.of(pattern);
        }
        List<String> matched = new ArrayList<>();
        for (String name : ordered) {
            boolean ok;
            try {
                ok = GoLib.pathMatch(pattern, name);
            } catch (IllegalArgumentException e) {
                throw new BakeException("could not match targets with '" + pattern + "': syntax error in pattern");
            }
            if (ok) {
                matched.add(name);
            }
        }
        if (matched.isEmpty()) {
            throw new BakeException("could not find any target matching '" + pattern + "'");
        }
        return matched;
    }

    /**
     * Applies this target's overrides to {@code t} (buildx's {@code AddOverrides}). The reference
     * applies keys in Go map order; we apply them in the order first given, with {@code push} and
     * {@code load} last so that they see any {@code output} override.
     */
    public void applyTo(Target t) {
        LinkedHashMap<String, Override> overrides = byTarget.get(t.name());
        if (overrides == null) {
            return;
        }
        Override push = null;
        Override load = null;
        for (Map.Entry<String, Override> e : overrides.entrySet()) {
            switch (e.getKey()) {
                case "push" -> push = e.getValue();
                case "load" -> load = e.getValue();
                default -> apply(t, e.getKey(), e.getValue());
            }
        }
        if (push != null) {
            apply(t, "push", push);
        }
        if (load != null) {
            apply(t, "load", load);
        }
    }

    /** Applies one key through the attribute that declares it ({@code push} and {@code load}: {@code output}). */
    private static void apply(Target t, String key, Override o) {
        int dot = key.indexOf('.');
        String field = dot < 0 ? key : key.substring(0, dot);
        String name = dot < 0 ? null : key.substring(dot + 1);
        TargetAttribute.OverrideKey overrideKey = TargetAttributes.overrideKey(field, name != null);
        if (overrideKey == null) {
            throw new BakeException("unknown key: " + o.givenKey);
        }
        overrideKey.applyTo(
                t, new TargetAttribute.OverrideValue(o.givenKey, name, o.value, o.values, o.append, o.clear));
    }
}
