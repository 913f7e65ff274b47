package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.buildkit.SshAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-system entitlement check against the two holes buildx closed in v0.38.2: it covers every target
 * of the bake (GHSA-xg6v-cv2h-2w5h: buildx kept only the missing paths of the last target it checked, in map
 * order) and compares paths by whole names (GHSA-rghq-x9hf-hc3r: a sibling directory whose name starts with
 * the working directory's name passed as inside it). The reference buildx 0.29.1 has both holes, so the
 * expected texts are its messages for what the fixed check reports (paths sorted, as buildx sorts them).
 */
class EntitlementsCheckTest {
    @TempDir
    Path root;

    private CommandRun jbake(Path workDir, String... args) {
        return jbake(workDir, Map.of(), args);
    }

    private CommandRun jbake(Path workDir, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        env.remove("BUILDX_BAKE_ENTITLEMENTS_FS");
        env.remove("BUILDX_BAKE_FILE");
        env.put("BUILDKIT_PROGRESS", "quiet");
        return CommandRun.of(workDir, env, args);
    }

    /** The report buildx prints for missing grants, and its error. */
    private static String report(String lines, String flags) {
        return "Your build is requesting privileges for following possibly insecure capabilities:\n\n"
                + lines
                + "\nPass \"" + flags + "\" to grant requested privileges.\n\n"
                + "To disable filesystem entitlements checks, you can set BUILDX_BAKE_ENTITLEMENTS_FS=0 .\n\n"
                + "ERROR: additional privileges requested\n";
    }

    @Test
    void everyTargetOfTheBakeIsChecked() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Files.createDirectories(root.resolve("one"));
        Files.createDirectories(root.resolve("two"));
        Files.writeString(work.resolve("docker-bake.hcl"), """
        group "default" {
          targets = ["a", "b", "c", "d", "e"]
        }
        target "a" {
          dockerfile-inline = "FROM scratch"
        }
        target "b" {
          context = "../one"
          dockerfile-inline = "FROM scratch"
        }
        target "c" {
          dockerfile-inline = "FROM scratch"
        }
        target "d" {
          output = ["type=local,dest=../two"]
          dockerfile-inline = "FROM scratch"
        }
        target "e" {
          dockerfile-inline = "FROM scratch"
        }
        """);

        CommandRun all = jbake(work);
        assertEquals(
                new CommandRun(
                        1,
                        "",
                        report(
                                " - Read access to path ../one\n - Write access to path ../two\n",
                                "--allow=fs.read=../one --allow=fs.write=../two")),
                all);

        CommandRun oneGranted = jbake(work, "--allow=fs.read=../one");
        assertEquals(
                new CommandRun(1, "", report(" - Write access to path ../two\n", "--allow=fs.write=../two")),
                oneGranted);
    }

    @Test
    void aSiblingWhoseNameStartsWithTheWorkingDirectorysIsOutsideIt() throws Exception {
        Path work = Files.createDirectories(root.resolve("app"));
        Files.createDirectories(root.resolve("app-sibling"));
        Files.createDirectories(root.resolve("appout"));
        Files.writeString(work.resolve("docker-bake.hcl"), """
        target "default" {
          context = "../app-sibling"
          output = ["type=local,dest=../appout"]
          dockerfile-inline = "FROM scratch"
        }
        """);

        CommandRun run = jbake(work);

        assertEquals(
                new CommandRun(
                        1,
                        "",
                        report(
                                " - Read access to path ../app-sibling\n - Write access to path ../appout\n",
                                "--allow=fs.read=../app-sibling --allow=fs.write=../appout")),
                run);
    }

    /**
     * What a build reads besides its context needs a grant too when outside the working directory: secret
     * files, SSH key files, local cache sources; forwarding the default SSH agent needs {@code --allow=ssh}.
     * The text is buildx 0.29.1's for the same files (its suggested command line aside).
     */
    @Test
    void secretFilesSshKeysCacheSourcesAndTheDefaultAgentNeedGrants() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Files.createDirectories(root.resolve("cache"));
        Files.createDirectories(root.resolve("out"));
        Files.writeString(Files.createDirectories(root.resolve("secrets")).resolve("s.txt"), "s");
        SshAgent.keygen(Files.createDirectories(root.resolve("keys")).resolve("k"), "ed25519", "");
        Files.writeString(work.resolve("docker-bake.hcl"), """
        target "default" {
          dockerfile-inline = "FROM scratch"
          secret = ["id=s,src=../secrets/s.txt", "id=e,env=E"]
          cache-from = ["type=local,src=../cache"]
          ssh = ["default", "k=../keys/k"]
          output = ["type=local,dest=../out"]
        }
        """);
        try (SshAgent agent = SshAgent.start(root.resolve("agent.sock"))) {
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", agent.socket().toString());

            assertEquals(
                    new CommandRun(
                            1,
                            "",
                            report(
                                    """
           - Forwarding default SSH agent socket
           - Read access to path ../cache
           - Read access to path ../keys/k
           - Read access to path ../secrets/s.txt
           - Write access to path ../out
          """,
                                    "--allow=ssh --allow=fs.read=../cache --allow=fs.read=../keys/k --allow=fs.read=../secrets/s.txt "
                                            + "--allow=fs.write=../out")),
                    jbake(work, env));

            assertEquals(
                    new CommandRun(1, "", report(" - Write access to path ../out\n", "--allow=fs.write=../out")),
                    jbake(work, env, "--allow=ssh", "--allow=fs.read=.."));
        }
    }
}
