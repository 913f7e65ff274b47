package io.jbake.bake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.LocalInputs;
import io.jbake.bake.model.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link BuildInputs} resolves a target's local inputs ({@link LocalInputs}): against the command's working
 * directory and environment (a directory that is not the JVM's), and buildx 0.29.1's exact words when one is
 * missing (taken from the reference, {@code docker buildx bake}, on the same definitions).
 */
class LocalInputsTest {
    /** A private key as ssh-keygen writes one (only its PEM frame matters before the build parses it). */
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Target resolve(String attributes) {
        String definition = "target \"t\" {\n  dockerfile-inline = \"FROM scratch\"\n  " + attributes + "\n}\n";
        BakeRequest request = new BakeRequest(
                List.of("-"),
                List.of("t"),
                List.of(),
                List.of(),
                env,
                dir,
                new ByteArrayInputStream(definition.getBytes()));
        return Bake.load(request).resolve().targets().get("t");
    }

    private String failure(String attributes) {
        return assertThrows(BakeException.class, () -> resolve(attributes)).getMessage();
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void pathsResolveAgainstTheCommandsDirectory() throws IOException {
        file("ctx/Dockerfile", "FROM scratch\n");
        String definition = """
        target "t" {
          context = "ctx"
          dockerfile = "sub/../Dockerfile.app"
          contexts = { named = "./named", here = "cwd://x/..", img = "docker-image://busybox", dep = "target:d" }
          output = ["type=local,dest=out/dir", "type=tar,dest=image.tar"]
        }
        target "d" {
        }
        target "c" {
          context = "ctx"
          dockerfile = "cwd://df/Dockerfile"
        }
        """;
        BakeRequest request = new BakeRequest(
                List.of("-"),
                List.of("t", "c"),
                List.of(),
                List.of(),
                env,
                dir,
                new ByteArrayInputStream(definition.getBytes()));
        Map<String, Target> targets = Bake.load(request).resolve().targets();
        LocalInputs t = targets.get("t").inputs();
        assertEquals(dir.resolve("ctx"), t.contextDir());
        assertEquals(dir.resolve("ctx/Dockerfile.app"), t.dockerfile(), "a relative Dockerfile is in the context");
        assertEquals(Map.of("named", dir.resolve("named"), "here", dir), t.namedContextDirs());
        assertEquals(Map.of("out/dir", dir.resolve("out/dir"), "image.tar", dir.resolve("image.tar")), t.outputPaths());
        assertEquals(
                dir.resolve("df/Dockerfile"),
                targets.get("c").inputs().dockerfile(),
                "cwd:// names the Dockerfile from the working directory");
    }

    @Test
    void secretSourcesAreDecidedAsBuildxDecidesThem() throws IOException {
        file("token", "file");
        file("present", "file");
        file("both", "file");
        env.put("FROM_ENV", "");
        env.put("present_env", "x");
        env.put("V", "x");
        LocalInputs inputs = resolve("secret = [\"id=a,src=token\", \"id=present\", \"id=FROM_ENV\", \"id=b,env=V\","
                        + " \"id=c,src=both,env=V\", \"id=d,type=env,src=V\"]")
                .inputs();
        assertEquals(
                List.of(
                        new LocalInputs.Secret("a", new LocalInputs.Source.File(dir.resolve("token"))),
                        new LocalInputs.Secret("present", new LocalInputs.Source.File(dir.resolve("present"))),
                        // set, even empty: the variable, not a file named FROM_ENV
                        new LocalInputs.Secret("FROM_ENV", new LocalInputs.Source.Env("FROM_ENV")),
                        new LocalInputs.Secret("b", new LocalInputs.Source.Env("V")),
                        new LocalInputs.Secret("c", new LocalInputs.Source.Env("V")),
                        new LocalInputs.Secret("d", new LocalInputs.Source.Env("V"))),
                inputs.secrets());
    }

    @Test
    void secretErrorsAreBuildxs() throws IOException {
        assertEquals(
                "failed to stat missing: stat missing: no such file or directory",
                failure("secret = [\"id=a,src=missing\"]"));
        assertEquals("failed to stat a: stat a: no such file or directory", failure("secret = [\"id=a\"]"));
        env.put("X", "x");
        assertEquals(
                "failed to stat missing: stat missing: no such file or directory",
                failure("secret = [\"id=a,src=missing,env=X\"]"),
                "a src given with env must exist too");
        assertEquals("secret missing ID", failure("secret = [\"src=x\"]"));
        file("limit", "x".repeat(500 * 1024));
        assertEquals(
                1, resolve("secret = [\"id=a,src=limit\"]").inputs().secrets().size(), "500 KiB fit");
        file("big", "x".repeat(500 * 1024 + 1));
        assertEquals("secret a too big. max size 500KiB", failure("secret = [\"id=a,src=big\"]"));
    }

    @Test
    void sshAgentsAreResolvedAgainstTheCommandsDirectoryAndEnvironment() throws IOException {
        Path key = file("keys/deploy", KEY);
        try (ServerSocketChannel agent = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
            env.put("SSH_AUTH_SOCK", "agent.sock");
            LocalInputs inputs =
                    resolve("ssh = [\"default\", \"deploy=./keys/deploy\"]").inputs();
            assertEquals(
                    List.of(
                            new LocalInputs.SshAgent(
                                    "default", dir.resolve("agent.sock"), List.of(), "{default [] false}"),
                            new LocalInputs.SshAgent(
                                    "deploy",
                                    null,
                                    List.of(new LocalInputs.KeyFile("./keys/deploy", key)),
                                    "{deploy [./keys/deploy] false}")),
                    inputs.sshAgents());

            assertEquals(
                    "failed to convert agent config {a [agent.sock agent.sock] false}: failed to convert agent config"
                            + " for ID: \"a\": only single socket allowed",
                    failure("ssh = [\"a=agent.sock,agent.sock\"]"));
            assertEquals(
                    "failed to convert agent config {a [keys/deploy agent.sock] false}: failed to convert agent"
                            + " config for ID: \"a\": invalid combination of keys and sockets",
                    failure("ssh = [\"a=keys/deploy,agent.sock\"]"));
        }
    }

    @Test
    void sshErrorsAreBuildxs() throws IOException {
        assertEquals(
                "failed to convert agent config {default [./nokey] false}: failed to convert agent config for ID:"
                        + " \"default\": stat ./nokey: no such file or directory",
                failure("ssh = [\"default=./nokey\"]"));
        assertEquals(
                "failed to convert agent config {default [] false}: invalid empty ssh agent socket: make sure"
                        + " SSH_AUTH_SOCK is set",
                failure("ssh = [\"default\"]"));
        env.put("SSH_AUTH_SOCK", "rel.sock");
        assertEquals(
                "failed to convert agent config {default [] false}: failed to convert agent config for ID:"
                        + " \"default\": stat rel.sock: no such file or directory",
                failure("ssh = [\"default\"]"));
        file("k", "hi\n");
        assertEquals(
                "failed to convert agent config {default [k] false}: failed to convert agent config for ID:"
                        + " \"default\": failed to parse k: ssh: no key found",
                failure("ssh = [\"default=k\"]"));
        Files.createDirectory(dir.resolve("d"));
        assertEquals(
                "failed to convert agent config {a [d] false}: failed to convert agent config for ID: \"a\":"
                        + " failed to read d: read d: is a directory",
                failure("ssh = [\"a=d\"]"));
    }

    @Test
    void aRemoteContextKeepsItsDockerfileForTheFrontend() {
        String definition = "target \"t\" {\n  context = \"https://github.com/docker/buildx.git\"\n"
                + "  dockerfile = \"Dockerfile.app\"\n}\n";
        BakeRequest request = new BakeRequest(
                List.of("-"),
                List.of("t"),
                List.of(),
                List.of(),
                env,
                dir,
                new ByteArrayInputStream(definition.getBytes()));
        LocalInputs inputs = Bake.load(request).resolve().targets().get("t").inputs();
        assertNull(inputs.contextDir());
        assertNull(inputs.dockerfile());
    }
}
