target "app" {
  args = {
    X = "a" > "b"
  }
}
