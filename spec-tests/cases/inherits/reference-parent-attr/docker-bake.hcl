target "base" {
  tags = ["repo/base:1"]
  args = { V = "1" }
}
target "app" {
  inherits = ["base"]
  tags     = ["${target.base.tags[0]}-app"]
  args     = { NAME = target.base.name }
}
