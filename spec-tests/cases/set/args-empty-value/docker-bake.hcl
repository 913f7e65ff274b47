target "app" {
  args   = { A = "a" }
  labels = { L = "l" }
}
