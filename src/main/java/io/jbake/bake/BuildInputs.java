package io.jbake.bake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-target checks and rewrites buildx makes while turning resolved targets into build
 * options ({@code toBuildOpt}), which happen before {@code --print} too: the printed context is
 * cleaned, and a missing secret file, a missing SSH agent, a bad platform or shm-size, or an
 * impossible output destination fail the command.
 */
final class BuildInputs {
  private static final Pattern MEM_BYTES = Pattern.compile("^(\\d+(\\.\\d+)?) ?([kKmMgGtTpP]?)([iI]?[bB]?)$");
  private static final Pattern ANNOTATION_TYPE =
      Pattern.compile("^([a-z-]+)(?:\\[([A-Za-z0-9_/-]+)\\])?$");

  private final Map<String, String> env;
  private final Path workDir;

  BuildInputs(Map<String, String> env, Path workDir) {
    this.env = env;
    this.workDir = workDir;
  }

  /** Checks {@code t} and rewrites its context as the build will see it. */
  void prepare(Target t) {
    if ("-".equals(t.context)) {
      throw new BakeException("context from stdin not allowed in bake");
    }
    if ("-".equals(t.dockerfile)) {
      throw new BakeException("dockerfile from stdin not allowed in bake");
    }
    String context = t.context == null ? "." : t.context;
    if (context.startsWith("cwd://")) {
      context = GoLib.cleanPath(context.substring("cwd://".length()));
    } else if (!RemoteUrls.isRemote(context)) {
      context = GoLib.cleanPath(context);
    }
    t.context = context;

    if (t.shmSize != null && !isMemBytes(t.shmSize)) {
      throw new BakeException("invalid value " + t.shmSize + " for membytes key shm-size");
    }
    if (t.platforms != null) {
      t.platforms.forEach(Platforms::validate);
    }
    checkSecrets(t.secrets);
    checkSsh(t.ssh);
    prepareOutputs(t);
    checkAnnotations(t.annotations);
    if (t.ulimits != null) {
      t.ulimits.forEach(BuildInputs::checkUlimit);
    }
  }

  private static boolean isMemBytes(String s) {
    return MEM_BYTES.matcher(s.strip()).matches();
  }

  private void checkSecrets(List<SecretEntry> secrets) {
    if (secrets == null) {
      return;
    }
    for (SecretEntry s : secrets) {
      if (s.id().isEmpty()) {
        throw new BakeException("secret missing ID");
      }
      String file = s.src();
      if (file.isEmpty() && s.env().isEmpty()) {
        if (env.containsKey(s.id())) {
          continue;
        }
        file = s.id();
      }
      if (file.isEmpty()) {
        continue;
      }
      Path path = workDir.resolve(file);
      if (!Files.exists(path)) {
        throw new BakeException(
            "failed to stat " + file + ": stat " + file + ": no such file or directory");
      }
      try {
        long max = 500 * 1024;
        if (Files.size(path) > max) {
          throw new BakeException("secret " + s.id() + " too big. max size 500KB");
        }
      } catch (IOException e) {
        throw new BakeException("failed to stat " + file + ": " + e.getMessage());
      }
    }
  }

  private void checkSsh(List<SshEntry> ssh) {
    if (ssh == null) {
      return;
    }
    Set<String> ids = new HashSet<>();
    for (SshEntry e : ssh) {
      String config = "{" + e.id() + " [" + String.join(" ", e.paths()) + "] false}";
      List<String> paths = e.paths();
      if (paths.isEmpty()) {
        String sock = env.getOrDefault("SSH_AUTH_SOCK", "");
        if (sock.isEmpty()) {
          throw new BakeException("failed to convert agent config " + config
              + ": invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set");
        }
        paths = List.of(sock);
      }
      for (String p : paths) {
        Path path = workDir.resolve(p);
        String failure = null;
        if (!Files.exists(path)) {
          failure = "failed to convert agent config for ID: " + GoLib.quote(e.id()) + ": stat " + p
              + ": no such file or directory";
        } else if (!isSocket(path) && !looksLikePrivateKey(path)) {
          failure = "failed to convert agent config for ID: " + GoLib.quote(e.id())
              + ": failed to parse " + p + ": ssh: no key found";
        }
        if (failure != null) {
          throw new BakeException("failed to convert agent config " + config + ": " + failure);
        }
      }
      if (!ids.add(e.id())) {
        throw new BakeException("duplicate agent ID");
      }
    }
  }

  private static boolean isSocket(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.isOther();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean looksLikePrivateKey(Path path) {
    try {
      String text = Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1);
      return text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----");
    } catch (IOException e) {
      return false;
    }
  }

  /** buildx's {@code CreateExports} checks; a tar-like output without dest writes to stdout. */
  private void prepareOutputs(Target t) {
    if (t.outputs == null) {
      return;
    }
    boolean stdoutUsed = false;
    List<ExportEntry> prepared = new ArrayList<>(t.outputs.size());
    for (ExportEntry e : t.outputs) {
      boolean supportFile = false;
      boolean supportDir = false;
      switch (e.type()) {
        case "local" -> supportDir = true;
        case "tar" -> supportFile = true;
        case "oci", "docker" -> {
          boolean tar = GoLib.parseBool(e.attrs().getOrDefault("tar", "")).orElse(true);
          supportFile = tar;
          supportDir = !tar;
        }
        default -> { }
      }
      if (supportDir) {
        if (e.dest().isEmpty()) {
          throw new BakeException("dest is required for " + e.type() + " exporter");
        }
        if (e.dest().equals("-")) {
          throw new BakeException("dest cannot be stdout for " + e.type() + " exporter");
        }
        Path dest = workDir.resolve(e.dest());
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
          throw new BakeException("destination directory " + e.dest() + " is a file");
        }
      }
      if (supportFile) {
        if (e.dest().isEmpty() && !e.type().equals("docker")) {
          e = new ExportEntry(e.type(), "-", e.attrs());
        }
        if (e.dest().equals("-")) {
          if (stdoutUsed) {
            throw new BakeException("multiple outputs configured to write to stdout");
          }
          stdoutUsed = true;
        } else if (!e.dest().isEmpty() && Files.isDirectory(workDir.resolve(e.dest()))) {
          throw new BakeException("destination file " + e.dest() + " is a directory");
        }
      }
      prepared.add(e);
    }
    t.outputs = prepared;
  }

  private static void checkAnnotations(List<String> annotations) {
    if (annotations == null) {
      return;
    }
    for (String a : annotations) {
      if (a.isEmpty()) {
        continue;
      }
      int eq = a.indexOf('=');
      if (eq < 0) {
        throw new BakeException("invalid annotation " + GoLib.quote(a) + ", expected key=value");
      }
      String k = a.substring(0, eq);
      int colon = k.indexOf(':');
      if (colon < 0) {
        continue;
      }
      for (String typeAndPlatform : k.substring(0, colon).split(",", -1)) {
        var m = ANNOTATION_TYPE.matcher(typeAndPlatform);
        if (!m.matches()) {
          throw new BakeException("invalid annotation type " + GoLib.quote(typeAndPlatform)
              + ", expected type and optional platform in square brackets");
        }
        switch (m.group(1)) {
          case "index", "index-descriptor", "manifest", "manifest-descriptor" -> { }
          default -> throw new BakeException("unknown annotation type " + GoLib.quote(m.group(1)));
        }
        if (m.group(2) != null) {
          Platforms.validate(m.group(2));
        }
      }
    }
  }

  /** Docker's ulimit syntax {@code <name>=<soft>[:<hard>]}. */
  private static void checkUlimit(String value) {
    int eq = value.indexOf('=');
    if (eq < 0) {
      throw new BakeException("invalid ulimit argument: " + value);
    }
    String name = value.substring(0, eq);
    if (!ULIMIT_NAMES.contains(name)) {
      throw new BakeException("invalid ulimit type: " + name);
    }
    String[] limits = value.substring(eq + 1).split(":", -1);
    if (limits.length > 2) {
      throw new BakeException("too many limit value arguments - " + value.substring(eq + 1)
          + ", can only have up to two, `soft[:hard]`");
    }
    long[] parsed = new long[limits.length];
    for (int i = 0; i < limits.length; i++) {
      try {
        parsed[i] = Long.parseLong(limits[i]);
      } catch (NumberFormatException e) {
        throw new BakeException("strconv.ParseInt: parsing " + GoLib.quote(limits[i])
            + ": invalid syntax");
      }
    }
    if (parsed.length == 2 && parsed[0] > parsed[1]) {
      throw new BakeException("ulimit soft limit must be less than or equal to hard limit: "
          + parsed[0] + " > " + parsed[1]);
    }
  }

  private static final Set<String> ULIMIT_NAMES = Set.of("as", "core", "cpu", "data", "fsize",
      "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime",
      "sigpending", "stack");
}
