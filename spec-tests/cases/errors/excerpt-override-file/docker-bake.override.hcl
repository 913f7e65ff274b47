
target "app" {
  tags = [tag]
}
