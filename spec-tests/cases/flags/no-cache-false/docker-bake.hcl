target "app" {
  no-cache = true
  pull     = true
}
