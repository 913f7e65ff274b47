target "app" {
  name = "x"
}
