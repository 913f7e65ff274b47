package io.jbake.buildkit.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.proto.secrets.GetSecretRequest;
import io.jbake.buildkit.proto.secrets.SecretsGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsServiceTest {
    @TempDir
    Path dir;

    private static String get(SecretsService service, String id) throws Exception {
        try (ServiceHarness harness = new ServiceHarness(service)) {
            return SecretsGrpc.newBlockingStub(harness.channel())
                    .getSecret(GetSecretRequest.newBuilder().setID(id).build())
                    .getData()
                    .toStringUtf8();
        }
    }

    private static Status failure(SecretsService service, String id) throws Exception {
        try (ServiceHarness harness = new ServiceHarness(service)) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> SecretsGrpc.newBlockingStub(harness.channel())
                            .getSecret(GetSecretRequest.newBuilder().setID(id).build()));
            return e.getStatus();
        }
    }

    @Test
    void servesFileAndEnvSources() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "file-value\n");
        Map<String, String> env = Map.of("API_KEY", "env-value");
        SecretsService service = new SecretsService(
                Map.of(
                        "tok", new SecretsService.Source.File(token),
                        "key", new SecretsService.Source.Env("API_KEY"),
                        "unset", new SecretsService.Source.Env("NOT_SET")),
                env::get);

        assertEquals("file-value\n", get(service, "tok"));
        assertEquals("env-value", get(service, "key"));
        assertEquals("", get(service, "unset"));
    }

    @Test
    void unknownIdIsNotFound() throws Exception {
        Status status = failure(new SecretsService(Map.of(), name -> null), "missing");
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertEquals("secret missing: not found", status.getDescription());
    }

    @Test
    void fileRemovedBeforeTheRequestFailsItByPath() throws Exception {
        Path gone = Files.writeString(dir.resolve("gone"), "value");
        SecretsService service = new SecretsService(Map.of("a", new SecretsService.Source.File(gone)), name -> null);
        Files.delete(gone);
        Status status = failure(service, "a");
        assertEquals(Status.Code.UNKNOWN, status.getCode());
        assertEquals("read " + gone + ": no such file or directory", status.getDescription());
    }

    @Test
    void failuresNeverCarryTheValue() throws Exception {
        Path big = dir.resolve("big");
        Files.writeString(big, "S3CRET".repeat(10));
        SecretsService service = new SecretsService(Map.of("big", new SecretsService.Source.File(big)), name -> null);
        // grows past the limit after the up-front check: refused at request time, by size only
        Files.writeString(big, "S3CRET".repeat(100_000));
        Status status = failure(service, "big");
        assertEquals(Status.Code.UNKNOWN, status.getCode());
        assertEquals("invalid secret size 600000", status.getDescription());
        assertFalse(status.toString().contains("S3CRET"));
    }
}
