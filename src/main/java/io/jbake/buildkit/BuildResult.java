package io.jbake.buildkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished build returns.
 *
 * @param ref the build's id at the daemon ({@code SolveRequest.Ref})
 * @param exporterResponse the daemon's exporter response ({@code containerimage.digest},
 *     {@code image.name}, {@code containerimage.descriptor} (base64 JSON), {@code frontend.*},
 *     {@code cache.*}, ...)
 * @param builderNode {@code <builder>/<node>} as buildx names it ({@code default/default} for Docker Engine)
 * @param call whether the build called a frontend method ({@link BuildRequest#call()}); its exporter
 *     response then holds the frontend's result metadata ({@code result.json}, {@code result.txt},
 *     {@code result.statuscode}, {@code version}), as buildx merges it in
 */
public record BuildResult(String ref, Map<String, String> exporterResponse, String builderNode, boolean call) {

    public BuildResult {
        exporterResponse = Map.copyOf(exporterResponse);
    }

    /** The result of a build (not a call). */
    public BuildResult(String ref, Map<String, String> exporterResponse, String builderNode) {
        this(ref, exporterResponse, builderNode, false);
    }

    /** This result as a call's: {@code callResult} (the frontend's result metadata) merged into the response. */
    BuildResult withCallResult(Map<String, String> callResult) {
        Map<String, String> response = new TreeMap<>(exporterResponse);
        response.putAll(callResult);
        return new BuildResult(ref, response, builderNode, true);
    }

    /**
     * The entries buildx writes for this build into {@code --metadata-file}: the exporter response plus,
     * for a build that is not a call, {@code buildx.build.ref}, sorted by key. Values stay strings; turning base64 JSON values into JSON
     * is the writer's job.
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>(exporterResponse);
        if (!call) {
            m.put("buildx.build.ref", builderNode + "/" + ref);
        }
        return m;
    }
}
