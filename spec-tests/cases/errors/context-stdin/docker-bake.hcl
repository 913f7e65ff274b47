target "app" {
  context = "-"
}
