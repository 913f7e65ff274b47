target "app" {
  pull = true
}
