target "app" {
  dockerfile = ""
  context    = ""
}
