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
 * @param args positional arguments (targets; remote definition URLs are rejected for now)
 * @param overrides {@code --set} values followed by those derived from other flags
 * @param vars {@code --var NAME=VALUE} values
 * @param env the process environment
 * @param workDir the working directory relative paths resolve against
 * @param stdin read for {@code -f -}
 */
public record BakeRequest(
        List<String> files,
        List<String> args,
        List<String> overrides,
        List<String> vars,
        Map<String, String> env,
        Path workDir,
        InputStream stdin) {}
