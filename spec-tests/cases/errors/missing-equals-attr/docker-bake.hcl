target "app" {
  tags ["a"]
}
