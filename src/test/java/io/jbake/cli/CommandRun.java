package io.jbake.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One jbake command run in-process through {@link Main#run}: its exit code and what it wrote to stdout
 * and stderr. A record, so that a test compares all three in one assertion and a failure shows all three.
 */
public record CommandRun(int code, String out, String err) {

    /** Runs {@code args} in {@code workDir} with exactly the environment {@code env} and an empty stdin. */
    public static CommandRun of(Path workDir, Map<String, String> env, String... args) {
        return of(workDir, env, new byte[0], args);
    }

    /** Runs {@code args} in {@code workDir} with exactly the environment {@code env} and {@code stdin}. */
    public static CommandRun of(Path workDir, Map<String, String> env, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                workDir,
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A step's time in plain progress ({@code #1 DONE 0.1s}, {@code ... 0.1s done}): how long it took. */
    private static final Pattern STEP_TIME =
            Pattern.compile("(?m)( \\d+\\.\\ds(?= done$)|(?<=^#\\d{1,9} DONE) \\d+\\.\\ds$)");

    /**
     * This run without its steps' times, which a busy machine decides (a time under 10 ms is not shown at all),
     * for comparing two runs of one command.
     */
    public CommandRun withoutStepTimes() {
        return new CommandRun(code, out, STEP_TIME.matcher(err).replaceAll(""));
    }
}
