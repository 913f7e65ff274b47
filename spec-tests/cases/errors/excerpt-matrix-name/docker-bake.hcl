target "app" {
  matrix = {
    v = ["a.b"]
  }
  name = "app-${v}"
}
