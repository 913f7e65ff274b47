target "a" {
  inherits = ["b"]
  args     = { A = "a" }
}
target "b" {
  inherits = ["a"]
  args     = { B = "b" }
}
