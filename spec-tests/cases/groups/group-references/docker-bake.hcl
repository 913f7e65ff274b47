group "release" {
  description = "Release targets"
  targets     = ["x", "y"]
}
target "x" {}
target "y" {}
target "app" {
  args = {
    MEMBERS = join(",", group.release.targets)
    DESC    = group.release.description
  }
}
