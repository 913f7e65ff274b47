package io.jbake.affected;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.cli.CommandRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --affected-since} and {@code --affected-files} on a real git repository: a shared {@code base} that
 * {@code api} and {@code web} build on ({@code target:base}), {@code api-tests} on {@code api}, and a
 * {@code .dockerignore} in {@code web}'s context; {@code main} holds it all committed, each test changes it.
 */
class AffectedTargetsTest {
    private static final String DEFINITION = """
            group "default" {
              targets = ["api", "api-tests", "web"]
            }
            target "base" {
              context = "base"
            }
            target "api" {
              context  = "services/api"
              contexts = { base = "target:base" }
            }
            target "api-tests" {
              context           = "tests"
              contexts          = { api = "target:api" }
              dockerfile-inline = "FROM api\\nCOPY api.sh /\\n"
            }
            target "web" {
              context  = "services/web"
              contexts = { base = "target:base" }
              args     = { THEME = "light" }
            }
            """;

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private GitFixture repository;

    @BeforeEach
    void repository() throws IOException, InterruptedException {
        env.put("HOME", dir.toString());
        repository = new GitFixture(dir, env);
        write("docker-bake.hcl", DEFINITION);
        write("base/Dockerfile", "FROM busybox:local\n");
        write("services/api/Dockerfile", "FROM base\nCOPY main.sh /\n");
        write("services/api/main.sh", "echo api\n");
        write("services/web/Dockerfile", "FROM base\nCOPY index.html /\n");
        write("services/web/index.html", "<p>web</p>\n");
        write("services/web/.dockerignore", "# documentation is not shipped\n*.md\n");
        write("services/web/README.md", "# web\n");
        write("tests/api.sh", "test -f /main.sh\n");
        repository.init();
        commitAll("the monorepo");
    }

    @Test
    void nothingChangedSelectsNothingAndSaysSo() {
        CommandRun run = jbake("--affected-since", "main", "--list=type=targets,format=json");

        assertEquals(
                new CommandRun(
                        0,
                        "[]\n",
                        "no target affected by the changes since main (checked: api, api-tests, base, web)\n"),
                withoutDefinitionStep(run));
    }

    @Test
    void aServiceFileAffectsTheServiceAndItsDependents() throws IOException {
        write("services/api/main.sh", "echo api v2\n"); // uncommitted

        assertEquals(List.of("api", "api-tests"), listed("--affected-since", "main"));
    }

    @Test
    void theSharedBaseAffectsEveryDependentAndTheGraphMarksIt() throws IOException, InterruptedException {
        write("base/Dockerfile", "FROM busybox:local\nRUN true\n");
        commitAll("base changed");

        assertEquals(List.of("api", "api-tests", "web"), listed("--affected-since", "HEAD~1"));
        assertEquals("""
                digraph bake {
                  "base" [style=dashed, color=red, penwidth=2];
                  "api" [color=red, penwidth=2];
                  "api-tests" [color=red, penwidth=2];
                  "web" [color=red, penwidth=2];
                  "base" -> "api" [label="base"];
                  "api" -> "api-tests" [label="api"];
                  "base" -> "web" [label="base"];
                }
                """, jbake("--affected-since", "HEAD~1", "--graph").out());
    }

    @Test
    void aFileTheDockerignoreExcludesAffectsNothing() throws IOException {
        write("services/web/README.md", "# web, documented\n");

        assertEquals(List.of(), listed("--affected-since", "main"));
    }

    @Test
    void aChangedDockerignoreAffectsItsTarget() throws IOException {
        write("services/web/.dockerignore", "*.md\n*.txt\n");

        assertEquals(List.of("web"), listed("--affected-since", "main"));
    }

    @Test
    void oneTargetsAttributeInTheDefinitionAffectsThatTargetOnly() throws IOException {
        write("docker-bake.hcl", DEFINITION.replace("THEME = \"light\"", "THEME = \"dark\""));

        assertEquals(List.of("web"), listed("--affected-since", "main"));
    }

    @Test
    void aTargetNewInTheDefinitionIsAffected() throws IOException {
        write(
                "docker-bake.hcl",
                DEFINITION.replace("\"web\"]", "\"web\", \"docs\"]")
                        + "target \"docs\" {\n  dockerfile-inline = \"FROM scratch\\n\"\n}\n");

        assertEquals(List.of("docs"), listed("--affected-since", "main"));
    }

    @Test
    void aBranchComparesWithWhereItLeftTheRevisionNotWithItsTip() throws IOException, InterruptedException {
        git("checkout", "-q", "-b", "feature");
        write("services/web/index.html", "<p>web v2</p>\n");
        commitAll("web on the branch");
        git("checkout", "-q", "main");
        write("services/api/main.sh", "echo api on main\n");
        commitAll("api on main, after the branch left");
        git("checkout", "-q", "feature");

        assertEquals(List.of("web"), listed("--affected-since", "main"));
    }

    @Test
    void untrackedAndDeletedFilesCountIgnoredOnesDoNot() throws IOException, InterruptedException {
        write(".gitignore", "*.log\n");
        commitAll("ignore logs");
        write("services/api/debug.log", "not a change\n");

        assertEquals(List.of(), listed("--affected-since", "main"));

        write("services/api/helper.sh", "echo helper\n");
        assertEquals(List.of("api", "api-tests"), listed("--affected-since", "main"));

        Files.delete(dir.resolve("services/api/helper.sh"));
        git("rm", "-q", "services/web/index.html");
        assertEquals(List.of("web"), listed("--affected-since", "main"));
    }

    @Test
    void affectedFilesFromStdinSelectWithoutARevision() {
        CommandRun run = CommandRun.of(
                dir,
                env,
                "tests/api.sh\n\nservices/web/README.md\n".getBytes(StandardCharsets.UTF_8),
                "--affected-files",
                "-",
                "--list=targets");

        assertEquals(new CommandRun(0, "TARGET\t\tDESCRIPTION\napi-tests\t\n", ""), withoutDefinitionStep(run));
    }

    @Test
    void aChangedDirectoryAboveAContextAffectsAllOfItAsASubmoduleBumpWould() throws IOException {
        write("changed.txt", "services\n");

        assertEquals(List.of("api", "api-tests", "web"), listed("--affected-files", "changed.txt"));
    }

    @Test
    void aListedDefinitionFileAffectsEveryTargetWhenThereIsNoRevisionToCompare() throws IOException {
        write("changed.txt", "docker-bake.hcl\n");

        assertEquals(List.of("api", "api-tests", "web"), listed("--affected-files", "changed.txt"));
    }

    @Test
    void aForcedTargetIsAffectedWithItsDependents() {
        assertEquals(List.of("api", "api-tests"), listed("--affected-since", "main", "--affected-force", "ap?"));
        assertEquals(
                new CommandRun(1, "", "ERROR: --affected-force: no requested target matches \"docs\"\n"),
                withoutDefinitionStep(jbake("--affected-since", "main", "--affected-force", "docs", "--list=targets")));
    }

    @Test
    void printShowsOnlyTheAffectedTargetsWithWhatTheyLinkTo() throws IOException {
        write("services/web/index.html", "<p>web v2</p>\n");

        CommandRun run = jbake("--affected-since", "main", "--print");

        assertEquals(0, run.code(), run.err());
        assertEquals("""
                {
                  "group": {
                    "default": {
                      "targets": [
                        "web"
                      ]
                    }
                  },
                  "target": {
                    "base": {
                      "context": "base",
                      "dockerfile": "Dockerfile",
                      "output": [
                        {
                          "type": "cacheonly"
                        }
                      ]
                    },
                    "web": {
                      "context": "services/web",
                      "contexts": {
                        "base": "target:base"
                      },
                      "dockerfile": "Dockerfile",
                      "args": {
                        "THEME": "light"
                      }
                    }
                  }
                }
                """, run.out());
    }

    @Test
    void aBuildWithNothingAffectedBuildsNothing() {
        // no builder is reachable under this environment: nothing may need one
        env.put("BUILDX_BUILDER", "no-such-builder");
        env.put("DOCKER_CONFIG", dir.resolve("no-docker-config").toString());

        assertEquals(
                new CommandRun(
                        0, "", "no target affected by the changes since main (checked: api, api-tests, base, web)\n"),
                jbake("--affected-since", "main", "--progress=plain"));
    }

    @Test
    void anUnknownRevisionIsAnError() throws IOException {
        assertEquals(
                new CommandRun(
                        1,
                        "",
                        "ERROR: --affected-since: unknown revision \"no-such-branch\" in " + dir.toRealPath() + "\n"),
                withoutDefinitionStep(jbake("--affected-since", "no-such-branch", "--print")));
    }

    @Test
    void aDefinitionOutsideAnyRepositoryIsAnError() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("../outside-" + dir.getFileName()))
                .toRealPath();
        try {
            Files.writeString(outside.resolve("docker-bake.hcl"), DEFINITION);
            CommandRun run = CommandRun.of(outside, env, "--affected-since", "main", "--print");

            assertEquals(
                    new CommandRun(1, "", "ERROR: --affected-since: " + outside + " is not in a git repository\n"),
                    withoutDefinitionStep(run));
        } finally {
            Files.delete(outside.resolve("docker-bake.hcl"));
            Files.delete(outside);
        }
    }

    private CommandRun jbake(String... args) {
        return CommandRun.of(dir, env, args);
    }

    /** The names {@code --list=targets} prints with the flags, which must succeed. */
    private List<String> listed(String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add("--list=targets");
        CommandRun run = jbake(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        return run.out().lines().skip(1).map(line -> line.split("\t")[0]).toList();
    }

    /** The run without the {@code load local bake definitions} step that --print and --list show on stderr. */
    private static CommandRun withoutDefinitionStep(CommandRun run) {
        return new CommandRun(run.code(), run.out(), run.err().replaceAll("(?m)^#1 .*\n", ""));
    }

    private void write(String path, String content) throws IOException {
        repository.write(path, content);
    }

    private void commitAll(String message) throws IOException, InterruptedException {
        repository.commitAll(message);
    }

    private void git(String... args) throws IOException, InterruptedException {
        repository.git(args);
    }
}
