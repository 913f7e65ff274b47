group "all" {
  description = "All the things"
  targets     = ["app", "other"]
}
target "app" {
  name   = "app-${v}"
  matrix = { v = ["1", "2"] }
}
target "other" {}
