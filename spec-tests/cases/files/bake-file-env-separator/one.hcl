target "app" {
  tags = ["one"]
}
