package io.jbake.buildkit.secrets;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.secrets.GetSecretRequest;
import io.jbake.buildkit.proto.secrets.GetSecretResponse;
import io.jbake.buildkit.proto.secrets.SecretsGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code moby.buildkit.secrets.v1.Secrets}: hands the daemon the value of a build secret when a
 * {@code RUN --mount=type=secret} asks for it. Values are read at request time and never appear in a log,
 * an exception or a status message; messages name only ids and file paths.
 *
 * <p>An unknown id is answered with {@code NOT_FOUND}, which the daemon treats as "no such secret":
 * optional mounts are skipped, required ones fail with {@code secret <id>: not found}.
 */
public final class SecretsService extends SecretsGrpc.SecretsImplBase {
    /** BuildKit's limit for one secret. */
    static final int MAX_SECRET_SIZE = 500 * 1024;

    /** Where a secret's value comes from. */
    public sealed interface Source {
        /** The contents of a file. */
        record File(Path path) implements Source {}

        /** The value of an environment variable (empty when unset, as in buildx). */
        record Env(String variable) implements Source {}
    }

    private final Map<String, Source> sources;
    private final Function<String, String> environment;

    /**
     * Serves secrets whose sources are already resolved (a file's path absolute, checked by the caller).
     *
     * @param sources each id's source
     * @param environment the command's environment, for {@link Source.Env} sources; read at request time
     */
    public SecretsService(Map<String, Source> sources, Function<String, String> environment) {
        this.sources = Map.copyOf(sources);
        this.environment = environment;
    }

    /** The configured ids, for callers that report what a build may use. */
    public Set<String> ids() {
        return sources.keySet();
    }

    @Override
    public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> response) {
        Source source = sources.get(request.getID());
        if (source == null) {
            response.onError(Status.NOT_FOUND
                    .withDescription("secret " + request.getID() + ": not found")
                    .asRuntimeException());
            return;
        }
        byte[] value;
        if (source instanceof Source.Env) {
            String text = environment.apply(((Source.Env) source).variable());
            value = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        } else {
            Path path = ((Source.File) source).path();
            try {
                value = Files.readAllBytes(path);
            } catch (IOException e) {
                response.onError(Status.UNKNOWN
                        .withDescription("read " + path + ": " + reason(e))
                        .asRuntimeException());
                return;
            }
        }
        if (value.length > MAX_SECRET_SIZE) {
            response.onError(Status.UNKNOWN
                    .withDescription("invalid secret size " + value.length)
                    .asRuntimeException());
            return;
        }
        response.onNext(GetSecretResponse.newBuilder()
                .setData(ByteString.copyFrom(value))
                .build());
        response.onCompleted();
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        // JDK messages for other failures ("Is a directory") carry no secret data, only the path's state
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.toLowerCase(Locale.ROOT);
    }
}
