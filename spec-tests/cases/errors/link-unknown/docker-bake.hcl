target "app" {
  contexts = { base = "target:nope" }
}
