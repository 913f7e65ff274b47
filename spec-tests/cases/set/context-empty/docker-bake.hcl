target "app" {
  context = "src"
}
