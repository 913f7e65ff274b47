# A monorepo: one shared base image and three services built on it.
# Every service reads the base through a named context linked to the base target
# ("target:base"), so the base is built once per bake and never pushed or loaded on its own.

# bake resolves paths against the working directory; the default fits runs from the repository root
# (run from this directory with DIR=.)
variable "DIR" {
  default = "bake-examples/monorepo"
}

variable "TAG" {
  default = "dev"
}

variable "REGISTRY" {
  default = "localhost:5000/monorepo"
}

group "default" {
  targets = ["api", "web", "worker"]
}

target "base" {
  context    = DIR
  dockerfile = "base/Dockerfile"
  args = {
    SHARED_VERSION = "1.4.2"
  }
}

# What every service has in common: the link to the base and the image labels.
target "_service" {
  contexts = {
    base = "target:base"
  }
  labels = {
    "org.opencontainers.image.source" = "https://example.com/monorepo"
  }
}

target "api" {
  inherits = ["_service"]
  context  = "${DIR}/services/api"
  tags     = ["${REGISTRY}/api:${TAG}"]
  # the token is mounted only into this target's build; web and worker cannot read it
  secret = ["id=api_token,env=API_TOKEN"]
}

target "web" {
  inherits = ["_service"]
  context  = "${DIR}/services/web"
  tags     = ["${REGISTRY}/web:${TAG}"]
  # an ssh agent holding this deploy key is forwarded into the build, as a git clone of a private
  # repository would need (use "default" alone to forward your own agent, SSH_AUTH_SOCK)
  ssh = ["default=${DIR}/keys/example_deploy_ed25519"]
}

target "worker" {
  inherits = ["_service"]
  context  = "${DIR}/services/worker"
  tags     = ["${REGISTRY}/worker:${TAG}"]
  args = {
    WORKERS = "4"
  }
}
