target "app" {
  args = { X = indexof(["a"], "z") }
}
