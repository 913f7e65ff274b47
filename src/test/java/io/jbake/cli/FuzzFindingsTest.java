package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducers of the defects the fuzz test ({@code BakeFuzzTest}) found, each where buildx itself gives no answer to compare
 * with (it panics); those where it does are spec cases.
 */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    /** The error a {@code --print} of {@code definition} ends with: its exit code and last stderr line. */
    private String lastErrorLine(String definition) throws IOException {
        return lastErrorLine("docker-bake.hcl", definition);
    }

    private String lastErrorLine(String file, String definition) throws IOException {
        Files.writeString(dir.resolve(file), definition);
        CommandRun run = CommandRun.of(dir, Map.of(), "--print", "app");
        String[] lines = run.err().split("\n");
        return run.code() + " " + lines[lines.length - 1];
    }

    /** A null element of secret, ssh, output, cache-from or attest (buildx panics): an error, not a stack trace. */
    @Test
    void aNullEntryOfAComposedListIsAnError() throws IOException {
        assertEquals(
                "1 ERROR: docker-bake.hcl:2,9-10: Unsuitable value type; Unsuitable value: null value is not allowed",
                lastErrorLine("target \"app\" {\n  ssh = [null]\n}\n"));
        assertEquals(
                "1 ERROR: docker-bake.hcl:2,12-13: Unsuitable value type; Unsuitable value: null value is not allowed",
                lastErrorLine("target \"app\" {\n  secret = [\"id=a,env=A\", null]\n}\n"));
        assertEquals(
                "1 ERROR: docker-bake.hcl:2,12-13: Unsuitable value type; Unsuitable value: null value is not allowed",
                lastErrorLine("target \"app\" {\n  output = [null, \"type=local,dest=x\"]\n}\n"));
        assertEquals(
                "1 ERROR: docker-bake.hcl:2,16-17: Unsuitable value type; Unsuitable value: null value is not allowed",
                lastErrorLine("target \"app\" {\n  cache-from = [null]\n}\n"));
        assertEquals(
                "1 ERROR: docker-bake.hcl:2,12-13: Unsuitable value type; Unsuitable value: null value is not allowed",
                lastErrorLine("target \"app\" {\n  attest = [null]\n}\n"));
    }

    /** A compose ulimit given as a string that is no integer (buildx panics): Go's error for it. */
    @Test
    void aComposeUlimitStringThatIsNoIntegerIsAnError() throws IOException {
        assertEquals(
                "1 ERROR: failed to parse compose file: strconv.ParseInt: parsing \"64k\": invalid syntax",
                lastErrorLine(
                        "compose.yaml",
                        "services:\n  app:\n    build:\n      context: .\n      ulimits:\n"
                                + "        nofile:\n          soft: \"64k\"\n          hard: 2048\n"));
    }
}
