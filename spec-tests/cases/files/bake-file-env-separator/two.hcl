target "app" {
  target = "two"
}
