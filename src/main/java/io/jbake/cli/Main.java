package io.jbake.cli;

import io.jbake.buildkit.progress.TerminalDevice;
import io.jbake.hcl.limits.Limits;
import io.jbake.server.Console;
import io.jbake.server.HeapLimit;
import io.jbake.server.Signals;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Process entry point. Everything jbake reads from its surroundings (arguments, environment, working
 * directory, standard streams) comes in through {@link #run}, so tests can run the whole command
 * in-process with an environment of their choosing.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(runHere(args));
    }

    /** Runs the command {@code args} in this JVM with its streams and environment: its exit code. */
    static int runHere(String[] args) {
        // buildx writes UTF-8 whatever the locale; the JVM's own streams encode in the locale's charset, so
        // under LANG=C (usual in containers and CI) every non-ASCII character of --print would become '?'.
        System.setOut(utf8(FileDescriptor.out));
        System.setErr(utf8(FileDescriptor.err));
        Console console = new Console(System.in, System.out, System.err, TerminalDevice.ofStderr(), Signals.PROCESS);
        int code;
        try {
            code = onCommandThread(
                    () -> BakeCommand.execute(args, System.getenv(), Path.of("").toAbsolutePath(), console));
        } catch (OutOfMemoryError e) {
            System.err.println(HeapLimit.exhausted("JBAKE_JAVA_OPTS"));
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        return code;
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return Console.utf8(new FileOutputStream(fd));
    }

    /**
     * Runs one jbake command.
     *
     * @return the process exit code, as buildx would return it
     */
    public static int run(
            String[] args, Map<String, String> env, Path workDir, InputStream stdin, PrintStream out, PrintStream err) {
        return onCommandThread(() -> BakeCommand.execute(args, env, workDir, Console.of(stdin, out, err)));
    }

    /**
     * Runs a command on a thread of its own with {@link Limits#STACK_BYTES} of stack, which the parser and the
     * evaluator need for definitions nested up to {@link Limits#NESTING_DEPTH}, and returns its exit code. An
     * interrupt of the calling thread is passed on to the command's thread, whose end is still awaited.
     */
    static int onCommandThread(IntSupplier command) {
        int[] code = new int[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        code[0] = command.getAsInt();
                    } catch (RuntimeException | Error e) {
                        failure[0] = e;
                    }
                },
                "jbake-command",
                Limits.STACK_BYTES);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        return code[0];
    }
}
