package io.jbake.bake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns definition files into one {@link Definition} (bake-reference §1.4, §1.5): compose files are
 * loaded together first, then HCL and JSON files are evaluated together and merged on top, so HCL
 * always wins over compose whatever the file order.
 */
final class DefinitionLoader {
  /** The loaded definition and the {@code variable} blocks' metadata. */
  record Loaded(Definition definition, List<VariableInfo> variables) {}

  private final Map<String, String> env;
  private final Map<String, String> vars;
  private final Path workDir;

  /**
   * @param env the process environment
   * @param vars {@code --var} values
   * @param workDir where {@code .env} is looked up
   */
  DefinitionLoader(Map<String, String> env, Map<String, String> vars, Path workDir) {
    this.env = env;
    this.vars = vars;
    this.workDir = workDir;
  }

  Loaded load(List<DefinitionFile> files) {
    List<DefinitionFile> composeFiles = new ArrayList<>();
    List<DefinitionFile> hclFiles = new ArrayList<>();
    ComposeLoader compose = new ComposeLoader(composeEnv(), workDir);
    for (DefinitionFile f : files) {
      String lower = f.name().toLowerCase(Locale.ROOT);
      if (f.isYamlName()) {
        compose.validate(f);
        composeFiles.add(f);
      } else if (lower.endsWith(".json") || lower.endsWith(".hcl")) {
        hclFiles.add(f);
      } else if (compose.isCompose(f)) {
        composeFiles.add(f);
      } else {
        hclFiles.add(f);
      }
    }
    Definition definition = new Definition();
    if (!composeFiles.isEmpty()) {
      definition = compose.load(composeFiles);
    }
    List<VariableInfo> variables = List.of();
    if (!hclFiles.isEmpty()) {
      throw new BakeException("HCL and JSON definition files are not supported yet");
    }
    return new Loaded(definition, variables);
  }

  /**
   * The variables compose interpolation sees: the process environment (unless env lookup is
   * disabled), then {@code .env} entries not already set, then {@code --var} values.
   */
  private Map<String, String> composeEnv() {
    Map<String, String> result = new java.util.HashMap<>();
    if (!Bake.envLookupDisabled(env)) {
      result.putAll(env);
    }
    DotEnv.loadInto(result, workDir.resolve(".env"));
    result.putAll(vars);
    return result;
  }
}
