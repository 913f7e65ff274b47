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
 */
public record BuildResult(String ref, Map<String, String> exporterResponse, String builderNode) {

  public BuildResult {
    exporterResponse = Map.copyOf(exporterResponse);
  }

  /**
   * The entries buildx writes for this build into {@code --metadata-file}: the exporter response plus
   * {@code buildx.build.ref}, sorted by key. Values stay strings; turning base64 JSON values into JSON
   * is the writer's job.
   */
  public Map<String, String> metadata() {
    Map<String, String> m = new TreeMap<>(exporterResponse);
    m.put("buildx.build.ref", builderNode + "/" + ref);
    return m;
  }
}
