group "grp" {
  targets = ["app"]
}
target "app" {}
