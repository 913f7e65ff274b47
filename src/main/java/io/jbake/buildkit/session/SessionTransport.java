package io.jbake.buildkit.session;

import io.grpc.ServerServiceDefinition;
import io.jbake.buildkit.transport.ServedSession;
import java.util.List;
import java.util.Map;

/**
 * How a session's gRPC server reaches the daemon, which calls it. A build's sessions go through its
 * connection ({@link io.jbake.buildkit.transport.DaemonConnection#serveSession}); a test may serve them in
 * process and call them itself.
 */
@FunctionalInterface
public interface SessionTransport {

    /**
     * Serves {@code services} to the daemon, introduced by {@code headers} ({@code X-Docker-Expose-Session-*};
     * several values are several headers), until the returned handle is closed; the handle tells when the
     * session's connection to the daemon ends before that.
     *
     * @throws io.jbake.buildkit.transport.BuildKitException when the daemon cannot be reached or refuses the
     *     session
     */
    ServedSession serve(Map<String, List<String>> headers, List<ServerServiceDefinition> services);
}
