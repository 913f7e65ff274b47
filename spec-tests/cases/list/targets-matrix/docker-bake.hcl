target "app" {
  name        = "app-${v}"
  matrix      = { v = ["a", "b"] }
  description = "App ${v}"
}
group "release" {
  targets = ["app-b", "other"]
}
target "other" {}
