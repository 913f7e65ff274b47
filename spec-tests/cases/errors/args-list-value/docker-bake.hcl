target "app" {
  args = ["A=1"]
}
