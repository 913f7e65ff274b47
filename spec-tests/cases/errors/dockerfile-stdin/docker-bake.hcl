target "app" {
  dockerfile = "-"
}
