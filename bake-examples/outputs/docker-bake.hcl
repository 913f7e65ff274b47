# Where results go: files written to the client (local and tar outputs) and an image loaded into the
# engine. The file outputs need no registry and no image store: BuildKit streams them back over the
# session.

variable "DIR" {
  default = "bake-examples/outputs"
}

variable "OUT" {
  default = "out"
}

group "default" {
  targets = ["site", "site-archive", "image"]
}

# the generated site as plain files in ${OUT}/site
target "site" {
  context = DIR
  target  = "site"
  output  = ["type=local,dest=${OUT}/site"]
}

# the same files as one tarball
target "site-archive" {
  inherits = ["site"]
  output   = ["type=tar,dest=${OUT}/site.tar"]
}

# a runnable image; without an output the docker driver loads it (--load makes that explicit)
target "image" {
  context = DIR
  tags    = ["outputs-example/site:latest"]
}
