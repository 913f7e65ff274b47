package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoLib;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.Map;

/**
 * buildx's own functions ({@code bake/hclparser/stdlib.go}) that are not about time or collections:
 * {@code basename}, {@code dirname} (Go's {@code path} package, always '/'), {@code homedir} (from the
 * evaluation environment) and {@code semvercmp}.
 */
public final class BakeFunctions {

    private BakeFunctions() {}

    static List<Function> all(Map<String, String> env) {
        return List.of(BASENAME, DIRNAME, homedir(env), SEMVERCMP);
    }

    /** Go's {@code path.Base}. */
    public static final Function BASENAME = Function.of("basename", List.of(of("path", Type.STRING)), args -> {
        String p = args.get(0).asString();
        if (p.isEmpty()) {
            return Value.string(".");
        }
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return Value.string("/");
        }
        p = p.substring(0, end);
        return Value.string(p.substring(p.lastIndexOf('/') + 1));
    });

    /** Go's {@code path.Dir}: everything before the last '/', cleaned. */
    public static final Function DIRNAME = Function.of("dirname", List.of(of("path", Type.STRING)), args -> {
        String p = args.get(0).asString();
        return Value.string(GoLib.cleanPath(p.substring(0, p.lastIndexOf('/') + 1)));
    });

    /**
     * {@code homedir()}: $HOME of the evaluation environment; without it the user's passwd entry (the JVM's
     * user.home), then the parent of $DOCKER_CONFIG, as buildx falls back.
     */
    static Function homedir(Map<String, String> env) {
        return Function.of("homedir", List.of(), args -> {
            String home = env.get("HOME");
            if (home != null && !home.isEmpty()) {
                return Value.string(home);
            }
            String user = System.getProperty("user.home");
            if (user != null && !user.isEmpty() && !user.equals("?")) {
                return Value.string(user);
            }
            String config = env.get("DOCKER_CONFIG");
            if (config != null && !config.isEmpty()) {
                return Value.string(GoLib.cleanPath(config.substring(0, Math.max(config.lastIndexOf('/'), 0) + 1)));
            }
            return Value.string("/");
        });
    }

    /** {@code semvercmp(version, constraint)}: Masterminds/semver v3 rules; see {@link Semver}. The second
     * parameter keeps buildx's spelling "contraint", which shows in its error messages. */
    public static final Function SEMVERCMP =
            Function.of("semvercmp", List.of(of("version", Type.STRING), of("contraint", Type.STRING)), args -> {
                Semver.Version v = Semver.version(args.get(0).asString());
                return Value.bool(Semver.check(args.get(1).asString(), v));
            });
}
