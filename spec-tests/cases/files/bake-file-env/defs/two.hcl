target "app" {
  args = { TWO = "2" }
}
