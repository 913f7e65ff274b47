package io.jbake.affected;

import io.jbake.bake.model.BakeException;
import io.jbake.go.GoLib;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The git repository a definition lives in, asked through the real {@code git} binary (found on the command's
 * {@code PATH}, run with the command's environment, each call bounded by {@link #TIMEOUT}): its root, a
 * revision's merge base with {@code HEAD}, the paths changed since then, a file's content at a revision.
 * Failures are {@link BakeException}s that start with the flag they serve ({@code --affected-since: ...}).
 */
final class GitRepository {
    /** How long one git command may take: a status of a large working tree, not a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String git;
    private final Map<String, String> env;
    private final Path root;
    private final String flag;

    private GitRepository(String git, Map<String, String> env, Path root, String flag) {
        this.git = git;
        this.env = env;
        this.root = root;
        this.flag = flag;
    }

    /**
     * The repository holding {@code workDir}, or empty when it is in none.
     *
     * @param flag the flag the repository is asked for, which starts every error
     * @throws BakeException when no {@code git} is on the {@code PATH}
     */
    static Optional<GitRepository> containing(Path workDir, Map<String, String> env, String flag) {
        String git = findGit(env).orElseThrow(() -> new BakeException(flag + ": git not found in PATH"));
        Result top = run(git, env, workDir, flag, List.of("rev-parse", "--show-toplevel"));
        if (top.code() != 0) {
            return Optional.empty();
        }
        Path root = Path.of(top.out().strip());
        try {
            root = root.toRealPath();
        } catch (IOException e) {
            root = root.normalize();
        }
        return Optional.of(new GitRepository(git, env, root, flag));
    }

    /** The working tree's top directory, with symbolic links resolved. */
    Path root() {
        return root;
    }

    /**
     * The commit where {@code HEAD} left {@code ref} ({@code git merge-base ref HEAD}), the base that
     * {@code git diff ref...} compares with.
     *
     * @throws BakeException for a revision git does not know or a history without a common commit
     */
    String mergeBase(String ref) {
        // a revision starting with '-' would be read as an option
        Result commit = ref.isEmpty() || ref.startsWith("-")
                ? null
                : git(List.of("rev-parse", "--verify", "--quiet", ref + "^{commit}"));
        if (commit == null || commit.code() != 0) {
            throw new BakeException(flag + ": unknown revision " + GoLib.quote(ref) + " in " + root);
        }
        Result base = git(List.of("merge-base", commit.out().strip(), "HEAD"));
        if (base.code() != 0) {
            throw new BakeException(flag + ": " + GoLib.quote(ref) + " and HEAD have no common commit"
                    + " (a shallow clone? fetch the history down to it, e.g. fetch-depth: 0)");
        }
        return base.out().strip();
    }

    /**
     * The paths (relative to the root, with {@code /}) whose content differs between {@code commit} and the
     * working tree: committed, staged and unstaged changes of tracked files, deletions and both sides of a
     * rename included, and the untracked files git does not ignore.
     */
    TreeSet<String> changedSince(String commit) {
        TreeSet<String> paths = new TreeSet<>();
        paths.addAll(nulSeparated(checked(List.of("diff", "--name-only", "--no-renames", "-z", commit, "--"))));
        paths.addAll(nulSeparated(checked(List.of("ls-files", "--others", "--exclude-standard", "-z"))));
        return paths;
    }

    /** The content of {@code path} (relative to the root) at {@code commit}, or empty when it did not exist there. */
    Optional<byte[]> show(String commit, String path) {
        Result blob = git(List.of("cat-file", "blob", commit + ":" + path));
        return blob.code() == 0 ? Optional.of(blob.bytes()) : Optional.empty();
    }

    private static List<String> nulSeparated(Result result) {
        List<String> paths = new ArrayList<>();
        for (String path : result.out().split("\0")) {
            if (!path.isEmpty()) {
                paths.add(path);
            }
        }
        return paths;
    }

    private Result checked(List<String> args) {
        Result result = git(args);
        if (result.code() != 0) {
            throw new BakeException(flag + ": git " + String.join(" ", args) + ": "
                    + result.err().strip().lines().findFirst().orElse("exit status " + result.code()));
        }
        return result;
    }

    private Result git(List<String> args) {
        return run(git, env, root, flag, args);
    }

    /** What one git command gave: its exit code, its stdout (as bytes and as text) and its stderr. */
    private record Result(int code, byte[] bytes, String err) {
        String out() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code git args} in {@code dir}; stdout and stderr go to files, so that neither pipe fills while the
     * other is read, and a command past {@link #TIMEOUT} is killed.
     */
    private static Result run(String git, Map<String, String> env, Path dir, String flag, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(git);
        // no pager, no prompt for credentials, no optional locks a concurrent git would trip over
        command.addAll(List.of("--no-pager", "-c", "core.quotePath=false"));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("jbake-git", ".out");
            err = Files.createTempFile("jbake-git", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BakeException(
                        flag + ": git " + String.join(" ", args) + " did not finish in " + TIMEOUT.toSeconds() + "s");
            }
            return new Result(
                    process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BakeException(flag + ": running git: " + GoLib.errorText(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BakeException(flag + ": git " + String.join(" ", args) + " interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is no reason to fail the command
            }
        }
    }

    /** {@code git} in the first directory of the command's {@code PATH} that has it as an executable. */
    private static Optional<String> findGit(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "git");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
