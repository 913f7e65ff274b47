# A CI matrix: one target expanded over tool versions and platforms. A CI job lists the targets
# (--list=type=targets,format=json) to fan out, and stamps the commit from its environment with
# --set "*.args.GIT_SHA" (a --set without a value takes the value of the environment variable).

variable "DIR" {
  default = "bake-examples/ci-matrix"
}

variable "REGISTRY" {
  default = "localhost:5000/ci"
}

group "default" {
  targets = ["cli"]
}

target "cli" {
  # target names allow [a-zA-Z0-9_-] only, hence a name-safe spelling of each version
  name        = "cli-v${release.slug}-${arch}"
  description = "the command-line tool, release ${release.version} for linux/${arch}"
  matrix = {
    release = [
      { version = "1.4", slug = "1-4" },
      { version = "2.0", slug = "2-0" },
    ]
    arch = ["amd64", "arm64"]
  }
  context   = DIR
  platforms = ["linux/${arch}"]
  args = {
    VERSION = release.version
    GIT_SHA = "unknown"
  }
  tags   = ["${REGISTRY}/cli:${release.version}-${arch}"]
  output = ["type=cacheonly"]
}
