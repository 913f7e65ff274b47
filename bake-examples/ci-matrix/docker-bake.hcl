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
  name        = "cli-v${replace(version, ".", "-")}-${split("/", platform)[1]}"
  description = "the command-line tool, release ${version} for ${platform}"
  matrix = {
    version  = ["1.4", "2.0"]
    platform = ["linux/amd64", "linux/arm64"]
  }
  context   = DIR
  platforms = [platform]
  args = {
    VERSION = version
    GIT_SHA = "unknown"
  }
  tags   = ["${REGISTRY}/cli:${version}-${split("/", platform)[1]}"]
  output = ["type=cacheonly"]
}
