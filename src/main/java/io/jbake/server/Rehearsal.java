package io.jbake.server;

import io.grpc.ServerServiceDefinition;
import io.jbake.bake.model.Target;
import io.jbake.build.BakeBuild;
import io.jbake.build.TargetGraph;
import io.jbake.build.TargetRequests;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.ClientRehearsal;
import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.filesync.FileSyncService;
import io.jbake.buildkit.progress.ProgressDisplay;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.graph.GraphException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build path without a daemon, for the launcher's class-data-sharing training run only. It makes each
 * target's BuildKit request and its wire-encoded Solve request, serves the target's session services and
 * health-checks them through the same in-process gRPC/Netty stack a build uses, and renders progress into
 * nothing, so the JVM loads (and the archive records) the classes a real build needs. It builds nothing,
 * shows nothing and touches nothing outside the process but a loopback port of its own, for the stand-in
 * daemon it connects to.
 */
public final class Rehearsal {
    private Rehearsal() {}

    /**
     * Rehearses building {@code targets}.
     *
     * @param env the environment, read for secrets and the SSH agent as a build reads it
     * @param workDir the command's working directory, where credential helpers would run
     * @throws BuildKitException when a session's services cannot be served
     */
    public static void run(Map<String, Target> targets, Map<String, String> env, Path workDir) {
        try {
            TargetGraph.of(targets); // as a build orders them; its lambdas enter the archive once linked
        } catch (GraphException e) {
            // a cycle: the build would stop here, the rehearsal goes on
        }
        TargetRequests requests = new TargetRequests(
                env::get,
                true,
                OutputStream.nullOutputStream(),
                new AuthService.Shared(env, BakeBuild.home(env), workDir));
        ProgressDisplay display =
                ProgressDisplay.create("plain", new PrintStream(OutputStream.nullOutputStream()), false);
        try (display) {
            for (Target target : targets.values()) {
                BuildRequest request;
                try {
                    request = requests.of(target).build();
                } catch (BuildKitException e) {
                    continue; // e.g. a secret this environment lacks: the other targets still train
                }
                ClientRehearsal.solveRequest(request);
                List<ServerServiceDefinition> services = new ArrayList<>(request.sessionServices());
                services.add(new FileSyncService(request.localDirs()).bindService());
                Session.rehearse(services);
                ClientRehearsal.progress(display.forBuild(target.name()));
            }
        }
        ClientRehearsal.connecting();
        loadJbakeClasses();
    }

    /**
     * Loads, without initialising, every jbake class in the jar this runs from, so the archive also holds the
     * ones a real build reaches and the rehearsal cannot (the daemon connection and its probe, file sync's
     * sender, the gateway's messages...). Run from a class directory (tests), it loads nothing.
     */
    private static void loadJbakeClasses() {
        ClassLoader loader = Rehearsal.class.getClassLoader();
        Path jar;
        try {
            jar = Path.of(Rehearsal.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try (JarFile classes = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(classes.entries())) {
                String name = entry.getName();
                if (name.startsWith("io/jbake/") && name.endsWith(".class")) {
                    try {
                        Class.forName(
                                name.substring(0, name.length() - ".class".length())
                                        .replace('/', '.'),
                                false,
                                loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // not loadable here: the archive goes without it
                    }
                }
            }
        } catch (IOException e) {
            // the archive goes without them
        }
    }
}
