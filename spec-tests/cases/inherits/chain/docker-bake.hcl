target "a" {
  args = { LEVEL = "a", A = "a" }
}
target "b" {
  inherits = ["a"]
  args     = { LEVEL = "b", B = "b" }
}
target "c" {
  inherits = ["b"]
  args     = { LEVEL = "c" }
}
