target "app" {
  tags = [tag]
}
