target "app" {
  pull = "maybe"
}
