target "app" {
  name   = "app-${v}"
  matrix = ["x", "y"]
}
