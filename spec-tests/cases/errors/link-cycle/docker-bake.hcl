target "a" {
  contexts = { b = "target:b" }
}
target "b" {
  contexts = { a = "target:a" }
}
