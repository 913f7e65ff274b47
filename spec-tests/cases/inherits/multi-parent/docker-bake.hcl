target "a" {
  args = { foo = "a", bar = "234" }
}
target "b" {
  inherits = ["a"]
  args     = { bar = "567" }
  tags     = ["b"]
}
target "c" {
  inherits = ["a"]
  dockerfile = "c.Dockerfile"
}
target "d" {
  inherits = ["b", "c"]
  args     = { own = "d" }
}
