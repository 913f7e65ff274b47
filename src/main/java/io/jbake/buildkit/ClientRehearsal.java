package io.jbake.buildkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.progress.ProgressListener;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.InfoRequest;
import io.jbake.buildkit.proto.InfoResponse;
import io.jbake.buildkit.proto.SolveRequest;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.transport.BuildKitException;
import io.jbake.buildkit.transport.Endpoint;
import io.jbake.buildkit.transport.QuietLibraries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The client's part of a build without a daemon, for the launcher's class-data-sharing training run only
 * ({@code build.Rehearsal}): it goes through what a build does here (the Solve request's encoding, the
 * progress of a step, connecting) so the JVM loads, and the archive records, the classes a real build
 * needs. Nothing is sent anywhere but to a stand-in on a loopback port of its own.
 */
public final class ClientRehearsal {
    static {
        QuietLibraries.apply(); // before any Netty class initialises
    }

    private ClientRehearsal() {}

    /**
     * Makes the Solve request for {@code request} and puts it through the wire encoding and back, as a build
     * would send it.
     *
     * @throws BuildKitException when the request does not read back
     */
    public static void solveRequest(BuildRequest request) {
        SolveRequest solve = SolveRequests.of(Session.newId(), Session.newId(), request, false, true);
        try {
            SolveRequest.parseFrom(
                    ControlGrpc.getSolveMethod().streamRequest(solve).readAllBytes());
        } catch (IOException e) {
            throw new BuildKitException("solve request rehearsal: " + e.getMessage(), e);
        }
    }

    /** Gives {@code progress} one step's life as the daemon reports it: started, a line of output, completed. */
    public static void progress(ProgressListener progress) {
        String digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
        Timestamp now = Timestamp.newBuilder()
                .setSeconds(System.currentTimeMillis() / 1000)
                .build();
        Vertex started = Vertex.newBuilder()
                .setDigest(digest)
                .setName("[1/1] RUN true")
                .setStarted(now)
                .build();
        progress.status(StatusResponse.newBuilder().addVertexes(started).build());
        progress.status(StatusResponse.newBuilder()
                .addLogs(VertexLog.newBuilder()
                        .setVertex(digest)
                        .setTimestamp(now)
                        .setStream(1)
                        .setMsg(ByteString.copyFrom("ok\n", StandardCharsets.UTF_8)))
                .build());
        progress.status(StatusResponse.newBuilder()
                .addVertexes(started.toBuilder().setCompleted(now))
                .build());
        progress.finished();
    }

    /**
     * Connects to a stand-in for buildkitd on the loopback interface, served in this process, as a build
     * connects to its daemon (the NIO socket channel, the connection's start, the first Info call), so that
     * path is archived with its lambdas. A stand-in that cannot listen leaves the path out of the archive.
     */
    public static void connecting() {
        Server standIn;
        try {
            standIn = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(new ControlGrpc.ControlImplBase() {
                        @Override
                        public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
                            response.onNext(InfoResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            return;
        }
        String address = "tcp://127.0.0.1:"
                + ((InetSocketAddress) standIn.getListenSockets().get(0)).getPort();
        try (BuildKitClient client = BuildKitClient.connect(Endpoint.buildkit(address, null))) {
            client.endpoint();
        } catch (BuildKitException e) {
            // the path is left out of the archive
        } finally {
            standIn.shutdownNow();
        }
    }
}
