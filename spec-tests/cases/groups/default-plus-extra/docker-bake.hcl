group "default" {
  targets = ["app", "multiarch"]
}
target "app" {}
target "multiarch" {}
target "foo" {}
