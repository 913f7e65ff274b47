package io.jbake.app;

import java.util.List;

/**
 * The flags of one {@code jbake} command as the command line gave them, before any of them means anything: what
 * {@link BakeApplication} runs. Each component is one flag of {@code docker buildx bake} (bake-reference §9.1),
 * with its default when not given; {@code null} where not giving it differs from every value.
 *
 * @param files {@code -f}: the definition files, in order
 * @param targets the targets or groups to build
 * @param overrides {@code --set}
 * @param vars {@code --var}
 * @param list {@code --list}, empty when not given
 * @param listTargets the deprecated {@code --list-targets}
 * @param listVariables the deprecated {@code --list-variables}
 * @param noCache {@code --no-cache}, null when not given
 * @param pull {@code --pull}, null when not given
 * @param sbom {@code --sbom}, empty when not given
 * @param provenance {@code --provenance}, empty when not given
 * @param policy {@code --policy}
 * @param call {@code --call}
 * @param check {@code --check}, null when not given
 * @param allow {@code --allow}
 * @param graph {@code --graph}'s format, null when not given
 * @param parallel {@code --parallel}, null when not given
 * @param jobs {@code --jobs}/{@code -j}, null when not given
 * @param metadataFile {@code --metadata-file}, empty when not given
 * @param progress {@code --progress}
 * @param builder {@code --builder}: a builder, or a pool's comma list (the flag repeated, joined); empty when not
 *     given
 * @param classTraining the launcher's hidden {@code --class-training}
 * @param affectedSince jbake's {@code --affected-since}, null when not given
 * @param affectedFiles jbake's {@code --affected-files}, null when not given
 * @param affectedForce jbake's {@code --affected-force}
 * @param nodeJobs jbake's {@code --node-jobs}, the most targets one node of a pool builds at once; null when not
 *     given
 * @param resultsFile jbake's {@code --results}, empty when not given
 * @param reportFile jbake's {@code --report}, empty when not given
 * @param atomic jbake's {@code --atomic}: images pushed by digest, their tags written once every target succeeded
 * @param retries jbake's {@code --retries}, how many times a target is built again after a transient failure; null
 *     when not given
 * @param poolRegistry jbake's {@code --pool-registry}, the repository through which a pool's linked targets cross
 *     nodes; null when not given
 */
public record BakeOptions(
        List<String> files,
        List<String> targets,
        List<String> overrides,
        List<String> vars,
        boolean print,
        String list,
        boolean listTargets,
        boolean listVariables,
        boolean load,
        boolean push,
        Boolean noCache,
        Boolean pull,
        String sbom,
        String provenance,
        List<String> policy,
        String call,
        Boolean check,
        List<String> allow,
        String graph,
        Integer parallel,
        String jobs,
        String metadataFile,
        String progress,
        String builder,
        boolean classTraining,
        String affectedSince,
        String affectedFiles,
        List<String> affectedForce,
        Integer nodeJobs,
        String resultsFile,
        String reportFile,
        boolean atomic,
        Integer retries,
        String poolRegistry) {}
