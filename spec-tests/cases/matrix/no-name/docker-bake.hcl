target "app" {
  matrix = { v = ["x", "y"] }
}
