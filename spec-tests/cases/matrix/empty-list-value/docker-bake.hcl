group "default" {
  targets = ["other"]
}
target "app" {
  name   = "app-${v}"
  matrix = { v = [] }
}
target "other" {}
