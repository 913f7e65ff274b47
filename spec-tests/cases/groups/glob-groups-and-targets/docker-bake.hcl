group "backend" {
  targets = ["api"]
}
target "frontend" {}
target "api" {}
target "other" {}
