package io.jbake.buildkit.session;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.DaemonConnection;
import io.jbake.buildkit.transport.ServedSession;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A BuildKit session: the reverse channel on which the daemon calls the client for local files,
 * secrets, ssh agents, registry credentials and exported outputs. jbake runs a gRPC server in process
 * with the given services plus {@code grpc.health.v1.Health} (without it the daemon drops the session
 * after about ten seconds), served to the daemon by a {@link SessionTransport} (a build's: {@link
 * DaemonConnection#serveSession}).
 *
 * <p>The daemon looks sessions up by {@link #id()} ({@code SolveRequest.Session}). Keep the session open
 * until Solve has returned: exports happen inside Solve.
 */
public final class Session implements AutoCloseable {

    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final ServedSession served;

    private Session(String id, ServedSession served) {
        this.id = id;
        this.served = served;
    }

    /**
     * Starts serving {@code services} and connects the daemon to them through {@code transport}.
     *
     * @param sharedKey cache-affinity key for local directories (buildx: base name of the context dir and
     *     a node id); may be empty
     * @param services the session services; each method is advertised to the daemon
     */
    public static Session open(SessionTransport transport, String sharedKey, List<ServerServiceDefinition> services) {
        String id = newId();
        List<ServerServiceDefinition> all = withHealth(services);
        return new Session(id, transport.serve(headers(id, sharedKey, all), all));
    }

    /**
     * Serves {@code services} as a session would and makes one health check on them from a client channel
     * like the daemon relay's, then stops: no daemon is involved. It exists for the launcher's class-data-
     * sharing training run, so the archive holds the gRPC, Netty and protobuf classes a build loads.
     *
     * @throws BuildKitException when the server cannot start or the check does not answer SERVING
     */
    public static void rehearse(List<ServerServiceDefinition> services) {
        String id = newId();
        LocalAddress address = new LocalAddress("jbake-rehearsal-" + id);
        EventLoopGroup group = new DefaultEventLoopGroup(1, new DefaultThreadFactory("jbake-rehearsal", true));
        Server server;
        try {
            server = DaemonConnection.serveInProcess(address, group, withHealth(services));
        } catch (BuildKitException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        ManagedChannel channel = DaemonConnection.localChannel(address, group);
        try {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            if (health.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
                throw new BuildKitException("session rehearsal: health check answered " + health.getStatus());
            }
        } catch (StatusRuntimeException e) {
            throw new BuildKitException("session rehearsal: " + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** {@code services} behind {@code grpc.health.v1.Health} (without it the daemon drops the session). */
    private static List<ServerServiceDefinition> withHealth(List<ServerServiceDefinition> services) {
        HealthStatusManager health = new HealthStatusManager(); // overall status SERVING
        List<ServerServiceDefinition> all = new ArrayList<>();
        all.add(health.getHealthService().bindService());
        all.addAll(services);
        return all;
    }

    /**
     * The headers that introduce a session: its id, shared key, and one {@code Grpc-Method} value per
     * served method (the daemon checks FileSync and FileSend against this list before calling them).
     */
    static Map<String, List<String>> headers(String id, String sharedKey, List<ServerServiceDefinition> services) {
        List<String> methods = new ArrayList<>();
        for (ServerServiceDefinition service : services) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                methods.add("/" + method.getMethodDescriptor().getFullMethodName());
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Docker-Expose-Session-Uuid", List.of(id));
        headers.put("X-Docker-Expose-Session-Name", List.of("jbake"));
        headers.put("X-Docker-Expose-Session-Sharedkey", List.of(sharedKey));
        headers.put("X-Docker-Expose-Session-Grpc-Method", methods);
        return headers;
    }

    /** A 25-character {@code [0-9a-z]} random id, the form BuildKit's own clients use. */
    public static String newId() {
        char[] id = new char[25];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length()));
        }
        return new String(id);
    }

    /** The id the daemon knows this session by ({@code SolveRequest.Session}). */
    public String id() {
        return id;
    }

    /**
     * Why the session's connection to the daemon ended while the session was open (the daemon died, the network
     * was cut); empty while it is up. A build whose session is lost fails for that reason, whatever the daemon
     * answers.
     */
    public Optional<Status> lostConnection() {
        return served.lostConnection();
    }

    /** Disconnects the daemon and stops the services. */
    @Override
    public void close() {
        served.close();
    }
}
