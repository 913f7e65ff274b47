target "app" {
  tags = ["a"]
}
