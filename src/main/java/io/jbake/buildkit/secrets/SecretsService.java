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
import java.util.LinkedHashMap;
import java.util.List;
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

  /** One {@code --secret} / bake {@code secret} entry: an id and at most one of file or env, as given. */
  public record Spec(String id, String file, String env) {}

  private final Map<String, Source> sources;
  private final Function<String, String> environment;

  private SecretsService(Map<String, Source> sources, Function<String, String> environment) {
    this.sources = sources;
    this.environment = environment;
  }

  /**
   * Resolves the specs as buildx does: with neither file nor env, the environment variable named like the
   * id when it is set, else the file named like the id. File sources must exist and fit BuildKit's limit
   * now, so a typo fails before the build starts. A later spec with the same id replaces an earlier one.
   *
   * @param environment environment lookup, usually {@code System::getenv}
   * @throws IllegalArgumentException with a message for people, e.g.
   *     {@code failed to stat /x: stat /x: no such file or directory}
   */
  public static SecretsService of(List<Spec> specs, Function<String, String> environment) {
    Map<String, Source> sources = new LinkedHashMap<>();
    for (Spec spec : specs) {
      if (spec.id() == null || spec.id().isEmpty()) {
        throw new IllegalArgumentException("secret missing ID");
      }
      Source source;
      if (spec.env() != null && !spec.env().isEmpty()) {
        source = new Source.Env(spec.env());
      } else if (spec.file() != null && !spec.file().isEmpty()) {
        source = new Source.File(Path.of(spec.file()));
      } else if (environment.apply(spec.id()) != null) {
        source = new Source.Env(spec.id());
      } else {
        source = new Source.File(Path.of(spec.id()));
      }
      if (source instanceof Source.File) {
        checkFile(spec.id(), ((Source.File) source).path());
      }
      sources.put(spec.id(), source);
    }
    return new SecretsService(Map.copyOf(sources), environment);
  }

  private static void checkFile(String id, Path path) {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "failed to stat " + path + ": stat " + path + ": no such file or directory");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("failed to stat " + path + ": stat " + path + ": permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException("failed to stat " + path + ": " + e.getClass().getSimpleName());
    }
    if (size > MAX_SECRET_SIZE) {
      throw new IllegalArgumentException("secret " + id + " too big. max size 500KiB");
    }
  }

  /** The configured ids, for callers that report what a build may use. */
  public Set<String> ids() {
    return sources.keySet();
  }

  @Override
  public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> response) {
    Source source = sources.get(request.getID());
    if (source == null) {
      response.onError(Status.NOT_FOUND.withDescription("secret " + request.getID() + ": not found").asRuntimeException());
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
        response.onError(Status.UNKNOWN.withDescription("read " + path + ": " + reason(e)).asRuntimeException());
        return;
      }
    }
    if (value.length > MAX_SECRET_SIZE) {
      response.onError(Status.UNKNOWN.withDescription("invalid secret size " + value.length).asRuntimeException());
      return;
    }
    response.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(value)).build());
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
