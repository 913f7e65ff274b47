package io.jbake.buildkit.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.jbake.buildkit.BuildKitClient;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.proto.fsutil.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon keeps what it received of a context: a later build asks only for what changed. */
@Tag("daemon")
class FileSyncDaemonTest {

    /** Content files and bytes the daemon asked for, per local directory name ({@code context}, {@code dockerfile}). */
    private final Map<String, AtomicLong> filesSent = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> bytesSent = new ConcurrentHashMap<>();

    private final ServerInterceptor counter = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            String dir = String.valueOf(headers.get(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER)));
            ServerCall<ReqT, RespT> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(RespT message) {
                    if (message instanceof Packet packet && packet.getType() == Packet.PacketType.PACKET_DATA) {
                        bytesSent
                                .computeIfAbsent(dir, k -> new AtomicLong())
                                .addAndGet(packet.getData().size());
                    }
                    super.sendMessage(message);
                }
            };
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(counting, headers)) {
                @Override
                public void onMessage(ReqT message) {
                    if (message instanceof Packet packet && packet.getType() == Packet.PacketType.PACKET_REQ) {
                        filesSent.computeIfAbsent(dir, k -> new AtomicLong()).incrementAndGet();
                    }
                    super.onMessage(message);
                }
            };
        }
    };

    @Test
    void secondBuildAfterTouchingOneFileSendsOnlyThatFile(@TempDir Path context, @TempDir Path dockerfileDir)
            throws Exception {
        // the temporary directory's random name is the session's shared key: nothing cached from other runs
        Random random = new Random();
        for (int i = 0; i < 40; i++) {
            byte[] content = new byte[3000 + i * 1000];
            random.nextBytes(content);
            Files.write(Files.createDirectories(context.resolve("d" + i % 4)).resolve("f" + i + ".bin"), content);
        }
        Path dockerfile = dockerfileDir.resolve("Dockerfile");
        Files.writeString(
                dockerfile, "FROM busybox:local\nRUN --mount=type=bind,target=/ctx find /ctx -type f | wc -l\n");
        BuildRequest request =
                BuildRequest.builder().context(context).dockerfile(dockerfile).build();

        try (BuildKitClient client = BuildKitClient.connect(
                TestDaemon.endpoint(),
                dirs -> ServerInterceptors.intercept(new FileSyncService(dirs).bindService(), counter))) {
            client.build(request, status -> {});
            assertEquals(40, filesSent.get("context").get(), "first build: every file");

            Path touched = context.resolve("d2/f6.bin");
            Files.write(touched, new byte[] {42}, StandardOpenOption.APPEND);
            filesSent.clear();
            bytesSent.clear();
            client.build(request, status -> {});
            assertEquals(1, filesSent.get("context").get(), "second build: the touched file only");
            assertEquals(Files.size(touched), bytesSent.get("context").get());
        }
    }
}
