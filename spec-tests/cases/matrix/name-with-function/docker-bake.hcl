target "app" {
  name   = "app-${sanitize(p)}"
  matrix = { p = ["linux/amd64", "linux/arm64"] }
  platforms = [p]
}
