package io.jbake.bake;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One bake invocation as the command line describes it. Nothing in {@code io.jbake.bake} reads the
 * process environment or working directory directly: both come from here.
 *
 * @param files {@code -f} values in order (empty: {@code BUILDX_BAKE_FILE}, then default lookup)
 * @param args positional arguments: targets, after a remote definition's URL and command context if given
 *     ({@link RemoteUrls#split})
 * @param overrides {@code --set} values followed by those derived from other flags
 * @param vars {@code --var NAME=VALUE} values
 * @param env the process environment
 * @param workDir the working directory relative paths resolve against
 * @param stdin read for {@code -f -}
 * @param remote the remote definition the builder fetched, or null for a local one
 */
public record BakeRequest(
        List<String> files,
        List<String> args,
        List<String> overrides,
        List<String> vars,
        Map<String, String> env,
        Path workDir,
        InputStream stdin,
        RemoteDefinition remote) {

    /** A bake of local definition files. */
    public BakeRequest(
            List<String> files,
            List<String> args,
            List<String> overrides,
            List<String> vars,
            Map<String, String> env,
            Path workDir,
            InputStream stdin) {
        this(files, args, overrides, vars, env, workDir, stdin, null);
    }

    /** The request's targets: its positional arguments after a remote definition's URL and command context. */
    public List<String> targets() {
        return RemoteUrls.split(args).targets();
    }

    /** {@code BAKE_CMD_CONTEXT}: {@code cwd://}, or the second URL of a remote definition's bake. */
    public String cmdContext() {
        return RemoteUrls.split(args).cmdContext();
    }
}
