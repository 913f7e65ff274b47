package io.jbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.fuzz.BakeFuzzer;
import io.jbake.fuzz.FuzzRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing at scale: generated bake definitions and mutated spec cases ({@link BakeFuzzer}, a fixed seed) run
 * through the whole command as the CLI runs it ({@code --print}, {@code --list}); each must end in a result
 * or a one-line error within a generous time limit ({@link FuzzRunner}).
 */
class BakeFuzzTest {
  private static final long SEED = 20261206L;
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final Path CASES = Path.of("spec-tests", "cases");

  @TempDir
  Path dir;

  @Test
  void everyCommandEndsInAResultOrAOneLineError() throws Exception {
    int inputs = Integer.getInteger("fuzz.count", 50_000);
    BakeFuzzer fuzzer = new BakeFuzzer(CASES, SEED);
    List<String> problems = new ArrayList<>();
    int problemCount = 0;
    try (FuzzRunner runner = new FuzzRunner(dir, LIMIT)) {
      for (int i = 0; i < inputs; i++) {
        FuzzRunner.Outcome outcome = runner.run(fuzzer.input(i), FuzzRunner.IN_PROCESS);
        if (outcome.problem() != null) {
          problemCount++;
          if (problems.size() < 5) {
            problems.add(outcome.report());
          }
        }
      }
      System.out.print(runner.summary());
    }
    assertEquals(List.of(), problems, problemCount + " problems");
  }
}
