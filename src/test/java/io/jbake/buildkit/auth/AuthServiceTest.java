package io.jbake.buildkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jbake.buildkit.ServiceHarness;
import io.jbake.buildkit.proto.auth.AuthGrpc;
import io.jbake.buildkit.proto.auth.CredentialsRequest;
import io.jbake.buildkit.proto.auth.CredentialsResponse;
import io.jbake.buildkit.proto.auth.GetTokenAuthorityRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthServiceTest {
    @TempDir
    Path dir;

    /** Writes a docker-credential-<name> program into bin/ that answers from a fixed table and logs requests. */
    static Path credentialHelper(Path bin, String name, Path log) throws Exception {
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-" + name);
        Files.writeString(
                helper,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "[ \"$1\" = get ] || exit 2",
                        "read -r host",
                        "echo \"$host\" >> '" + log + "'",
                        "case \"$host\" in",
                        "  helped.example) echo '{\"ServerURL\":\"helped.example\",\"Username\":\"helper-user\",\"Secret\":\"helper-pass\"}' ;;",
                        "  token.example) echo '{\"ServerURL\":\"token.example\",\"Username\":\"<token>\",\"Secret\":\"helper-token\"}' ;;",
                        "  env.example) echo \"{\\\"Username\\\":\\\"$HELPER_USER\\\",\\\"Secret\\\":\\\"$HOME\\\"}\" ;;",
                        "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
                        "esac",
                        ""));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return helper;
    }

    private static CredentialsResponse ask(AuthService service, String host) throws Exception {
        try (ServiceHarness harness = new ServiceHarness(service)) {
            return AuthGrpc.newBlockingStub(harness.channel())
                    .credentials(CredentialsRequest.newBuilder().setHost(host).build());
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersFromAuthsAndCredentialHelpers() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path log = dir.resolve("helper.log");
        Path bin = dir.resolve("bin");
        credentialHelper(bin, "jbaketest", log);
        Files.writeString(
                config.resolve("config.json"),
                "{\n"
                        + "  \"auths\": {\n"
                        + "    \"127.0.0.1:5087\": {\"auth\": \"" + base64("alice:pa:ss") + "\"},\n"
                        + "    \"https://index.docker.io/v1/\": {\"auth\": \"" + base64("hubuser:hubpass") + "\"},\n"
                        + "    \"https://legacy.example/v1/\": {\"auth\": \"" + base64("old:style") + "\"},\n"
                        + "    \"tokened.example\": {\"identitytoken\": \"id-token\"}\n"
                        + "  },\n"
                        + "  \"credHelpers\": {\"helped.example\": \"jbaketest\", \"token.example\": \"jbaketest\","
                        + " \"absent.example\": \"jbaketest\", \"env.example\": \"jbaketest\"}\n"
                        + "}\n");
        // the helper runs with the command's environment, nothing of this JVM's (HOME here)
        AuthService service = AuthService.fromDockerConfig(
                Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin.toString(), "HELPER_USER", "from-the-command"),
                dir,
                dir);

        assertEquals(answer("alice", "pa:ss"), ask(service, "127.0.0.1:5087"));
        assertEquals(answer("hubuser", "hubpass"), ask(service, "registry-1.docker.io"));
        assertEquals(answer("old", "style"), ask(service, "legacy.example"));
        assertEquals(answer("", "id-token"), ask(service, "tokened.example"));
        assertEquals(answer("helper-user", "helper-pass"), ask(service, "helped.example"));
        assertEquals(answer("", "helper-token"), ask(service, "token.example"));
        assertEquals(answer("", ""), ask(service, "absent.example"));
        assertEquals(answer("", ""), ask(service, "unknown.example"));
        assertEquals(answer("from-the-command", ""), ask(service, "env.example"));
        assertEquals("helped.example\ntoken.example\nabsent.example\nenv.example\n", Files.readString(log));
    }

    @Test
    void credsStoreAppliesToEveryHostAndAMissingHelperIsAClearError() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("config.json"), "{\"credsStore\": \"nowhere\"}");
        AuthService service = AuthService.fromDockerConfig(
                Map.of("DOCKER_CONFIG", config.toString(), "PATH", dir.toString()), dir, dir);
        try (ServiceHarness harness = new ServiceHarness(service)) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> AuthGrpc.newBlockingStub(harness.channel())
                            .credentials(CredentialsRequest.newBuilder()
                                    .setHost("x.example")
                                    .build()));
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals(
                    "error getting credentials: docker-credential-nowhere not found in PATH",
                    e.getStatus().getDescription());
            // the daemon then fetches registry tokens itself
            StatusRuntimeException unimplemented = assertThrows(
                    StatusRuntimeException.class,
                    () -> AuthGrpc.newBlockingStub(harness.channel())
                            .getTokenAuthority(GetTokenAuthorityRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNIMPLEMENTED, unimplemented.getStatus().getCode());
        }
    }

    @Test
    void aSharedConfigurationIsReadOnceForEverySessionAndPush() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(
                config.resolve("config.json"),
                "{\"auths\":{\"127.0.0.1:5087\":{\"auth\":\"" + base64("alice:first") + "\"}}}");
        AuthService.Shared shared = new AuthService.Shared(Map.of("DOCKER_CONFIG", config.toString()), dir, dir);
        AuthService first = shared.service();
        // changed after the first read: the bake keeps what it read
        Files.writeString(
                config.resolve("config.json"),
                "{\"auths\":{\"127.0.0.1:5087\":{\"auth\":\"" + base64("alice:second") + "\"}}}");
        assertSame(first, shared.service());
        assertEquals(answer("alice", "first"), ask(shared.service(), "127.0.0.1:5087"));
        assertEquals(
                "{\"username\":\"alice\",\"password\":\"first\",\"serveraddress\":\"127.0.0.1:5087\"}",
                decodeUrl(shared.engineAuthHeader("127.0.0.1:5087/app:1")));
    }

    @Test
    void aBrokenSharedConfigurationFailsEverySessionAndPushWithItsMessage() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("config.json"), "{\"auths\": ");
        AuthService.Shared shared = new AuthService.Shared(Map.of("DOCKER_CONFIG", config.toString()), dir, dir);
        String message = "cannot read docker config " + config.resolve("config.json") + ": JsonSyntaxException";
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, shared::service).getMessage());
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, shared::service).getMessage());
        assertEquals(
                message,
                assertThrows(java.io.IOException.class, () -> shared.engineAuthHeader("127.0.0.1:5087/app"))
                        .getMessage());
    }

    @Test
    void aCredentialHelperRunsInTheCommandsDirectoryAndIsFoundThroughItsRelativePath() throws Exception {
        Path command = Files.createDirectories(dir.resolve("command"));
        Path log = dir.resolve("helper.log");
        Path helper = credentialHelper(command.resolve("bin"), "jbaketest", log);
        // the helper also says where it ran
        Files.writeString(
                helper, Files.readString(helper).replace("read -r host", "read -r host\npwd >> '" + log + "'"));
        Files.createDirectories(command.resolve("config"));
        Files.writeString(
                command.resolve("config/config.json"), "{\"credHelpers\": {\"helped.example\": \"jbaketest\"}}");
        // DOCKER_CONFIG and PATH relative, as a command run in `command` may give them; this JVM runs elsewhere
        AuthService service =
                AuthService.fromDockerConfig(Map.of("DOCKER_CONFIG", "config", "PATH", "bin"), dir, command);
        assertEquals(answer("helper-user", "helper-pass"), ask(service, "helped.example"));
        assertEquals(command.toRealPath() + "\nhelped.example\n", Files.readString(log));
    }

    @Test
    void missingConfigMeansAnonymous() throws Exception {
        AuthService service = AuthService.fromDockerConfig(Map.<String, String>of(), dir, dir);
        assertEquals(answer("", ""), ask(service, "registry-1.docker.io"));
        assertFalse(Files.exists(dir.resolve(".docker")));
    }

    private static CredentialsResponse answer(String username, String secret) {
        return CredentialsResponse.newBuilder()
                .setUsername(username)
                .setSecret(secret)
                .build();
    }

    private static String decodeUrl(String header) {
        return new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
    }

    @Test
    void engineAuthHeaderForAnImageReference() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path log = dir.resolve("helper.log");
        Path bin = dir.resolve("bin");
        credentialHelper(bin, "jbaketest", log);
        Files.writeString(
                config.resolve("config.json"),
                "{\"auths\":{"
                        + "\"127.0.0.1:5391\":{\"auth\":\"" + base64("jbake:pw") + "\"},"
                        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hubuser:hubpw") + "\"}},"
                        + "\"credHelpers\":{\"token.example\":\"jbaketest\"}}");
        AuthService service = AuthService.fromDockerConfig(
                Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin.toString()), dir, dir);
        assertEquals(
                "{\"username\":\"jbake\",\"password\":\"pw\",\"serveraddress\":\"127.0.0.1:5391\"}",
                decodeUrl(service.engineAuthHeader("127.0.0.1:5391/app/img:1")));
        // Docker Hub's credentials are stored under the index URL; a name without a host is Docker Hub's
        assertEquals(
                "{\"username\":\"hubuser\",\"password\":\"hubpw\",\"serveraddress\":\"https://index.docker.io/v1/\"}",
                decodeUrl(service.engineAuthHeader("library/busybox:latest")));
        assertEquals(
                "{\"serveraddress\":\"token.example\",\"identitytoken\":\"helper-token\"}",
                decodeUrl(service.engineAuthHeader("token.example/app")));
        assertEquals("{}", decodeUrl(service.engineAuthHeader("other.example:5000/app:1")));
    }

    @Test
    void registryHostOfAReferenceAsDockerNormalisesIt() {
        assertEquals("docker.io", AuthService.registryHost("busybox"));
        assertEquals("docker.io", AuthService.registryHost("user/app:1"));
        assertEquals("localhost", AuthService.registryHost("localhost/app"));
        assertEquals("127.0.0.1:5000", AuthService.registryHost("127.0.0.1:5000/a/b:c"));
        assertEquals("ghcr.io", AuthService.registryHost("ghcr.io/owner/app@sha256:abc"));
        assertEquals("Registry", AuthService.registryHost("Registry/app"));
    }
}
