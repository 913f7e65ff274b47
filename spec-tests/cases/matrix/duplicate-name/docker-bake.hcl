target "app" {
  name   = "c"
  matrix = { v = ["x", "y"] }
}
