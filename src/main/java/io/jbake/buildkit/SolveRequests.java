package io.jbake.buildkit;

import io.jbake.buildkit.proto.CacheOptions;
import io.jbake.buildkit.proto.CacheOptionsEntry;
import io.jbake.buildkit.proto.Exporter;
import io.jbake.buildkit.proto.SolveRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Control.Solve} request for one {@link BuildRequest}, as buildx assembles it: the frontend and
 * its attributes, the exporters, the cache, the entitlements, and the ids of the build and its session.
 */
final class SolveRequests {

    private SolveRequests() {}

    /**
     * @param ref the build's id
     * @param sessionId the id of the session that serves the build's files and services
     * @param gateway whether the frontend is called through the gateway (no frontend in the request)
     * @param docker whether the daemon is Docker Engine's
     */
    static SolveRequest of(String ref, String sessionId, BuildRequest request, boolean gateway, boolean docker) {
        Map<String, String> attrs = new LinkedHashMap<>(request.frontendAttrs());
        if (docker) {
            // buildx's docker driver resolves base images from the engine's image store first
            attrs.putIfAbsent("image-resolve-mode", "local");
        }
        CacheOptions.Builder cache = CacheOptions.newBuilder(); // always sent: see control.proto
        request.cacheImports().forEach(c -> cache.addImports(cacheEntry(c)));
        request.cacheExports().forEach(c -> cache.addExports(cacheEntry(c)));
        SolveRequest.Builder solve = SolveRequest.newBuilder()
                .setRef(ref)
                .setSession(sessionId)
                .putAllFrontendAttrs(attrs)
                .setCache(cache)
                .addAllEntitlements(request.entitlements())
                .setInternal(request.call() != null); // buildx keeps calls out of the build history
        if (!gateway) {
            solve.setFrontend("dockerfile.v0").putAllFrontendInputs(request.frontendInputs());
        }
        for (BuildRequest.Export export : request.exports()) {
            String type = export.type();
            if (docker && (type.equals("image") || type.equals("docker")) && !pushesByDigest(export)) {
                type = "moby"; // Docker Engine's exporter into its own image store
            }
            solve.addExporters(Exporter.newBuilder().setType(type).putAllAttrs(export.attrs()));
        }
        if (solve.getExportersCount() > 0) {
            // daemons older than v0.13 read only the first exporter, from these fields
            solve.setExporterDeprecated(solve.getExporters(0).getType())
                    .putAllExporterAttrsDeprecated(solve.getExporters(0).getAttrsMap());
        }
        return solve.build();
    }

    /**
     * Whether {@code export} pushes by digest ({@code --atomic}): on Docker Engine with the containerd image store
     * it goes to the engine's BuildKit {@code image} exporter as it is, since the engine's {@code moby} wrapper of
     * that exporter adds {@code :latest} to a name without a tag, which a push by digest refuses.
     */
    private static boolean pushesByDigest(BuildRequest.Export export) {
        return "true".equals(export.attrs().get("push-by-digest"));
    }

    private static CacheOptionsEntry cacheEntry(BuildRequest.CacheEntry c) {
        return CacheOptionsEntry.newBuilder()
                .setType(c.type())
                .putAllAttrs(c.attrs())
                .build();
    }
}
