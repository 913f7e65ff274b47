target "app" {
  name   = "app/${v}"
  matrix = { v = ["x"] }
}
