target "base" {
  args = { foo = "123", bar = "b" }
}
target "child" {
  inherits = ["base"]
}
