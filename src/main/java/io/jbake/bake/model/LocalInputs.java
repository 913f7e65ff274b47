package io.jbake.bake.model;

import io.jbake.go.GoLib;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a target reads and writes on this machine, resolved once against the command's working directory and
 * environment (by {@link io.jbake.bake.Bake#resolve()}, as buildx's {@code toBuildOpt} resolves them before printing or
 * building): every path absolute, every secret's source and every SSH agent decided. The build uses these and
 * nothing else, so a command run by the jbake server (whose own directory is {@code /}) reads its client's
 * files.
 *
 * @param contextDir the context directory; {@code null} for a remote context
 * @param dockerfile the Dockerfile read from here; {@code null} when inline or a path inside a remote context
 * @param namedContextDirs the named contexts that are local directories, by name
 * @param secrets the secrets, in the target's order (a later one with the same id replaces an earlier one)
 * @param sshAgents the SSH agents, in the target's order
 * @param outputPaths each local output's destination ({@code dest} as the target gives it, to its path);
 *     {@code -} (stdout) is not a path
 * @param remoteSources the context ({@code ""}) and named contexts (by name) that a remote definition's
 *     source gives, by the URL the build fetches them from, or for a downloaded archive by their path in it
 *     (empty for a local definition)
 */
public record LocalInputs(
        Path contextDir,
        Path dockerfile,
        Map<String, Path> namedContextDirs,
        List<Secret> secrets,
        List<SshAgent> sshAgents,
        Map<String, Path> outputPaths,
        Map<String, String> remoteSources) {

    public LocalInputs {
        remoteSources = Collections.unmodifiableMap(new LinkedHashMap<>(remoteSources));
        // in the target's order, which the entitlements report follows
        namedContextDirs = Collections.unmodifiableMap(new LinkedHashMap<>(namedContextDirs));
        secrets = List.copyOf(secrets);
        sshAgents = List.copyOf(sshAgents);
        outputPaths = Collections.unmodifiableMap(new LinkedHashMap<>(outputPaths));
    }

    /** A secret's id and where its value comes from. */
    public record Secret(String id, Source source) {}

    /** Where a secret's value comes from: read when the build asks for it. */
    public sealed interface Source {
        /** The contents of a file (absolute). */
        record File(Path path) implements Source {}

        /** The value of the command's environment variable (empty when unset, as in buildx). */
        record Env(String variable) implements Source {}
    }

    /**
     * An SSH agent: a running agent's socket, or private key files served by an agent of jbake's own.
     *
     * @param id the id a {@code RUN --mount=type=ssh,id=...} names
     * @param socket the agent's socket (absolute), or {@code null} for key files
     * @param keys the key files, empty for a socket
     * @param config the entry as buildx shows it in its errors, {@code {id [paths] false}}
     */
    public record SshAgent(String id, Path socket, List<KeyFile> keys, String config) {
        public SshAgent {
            keys = List.copyOf(keys);
        }

        /** buildx's error for this agent: {@code failed to convert agent config {...}: ...ID: "id": detail}. */
        public String failure(String detail) {
            return "failed to convert agent config " + config + ": failed to convert agent config for ID: "
                    + GoLib.quote(id) + ": " + detail;
        }
    }

    /** A private key file: its name as given (for messages) and its path. */
    public record KeyFile(String name, Path path) {}
}
