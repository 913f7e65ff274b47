target "app" {
  args = {
    X = 1 / 0
  }
}
