target "app" {
  target = "two"
  labels = { two = "2" }
}
