target "app" {
  tags = ["a"
  args = {}
}
