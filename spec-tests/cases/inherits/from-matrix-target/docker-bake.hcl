target "base" {
  name   = "base-${v}"
  matrix = { v = ["x", "y"] }
  args   = { V = v }
}
target "app" {
  inherits = ["base-y"]
}
