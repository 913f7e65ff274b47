target "app" {
  args = { A = "a" }
}
