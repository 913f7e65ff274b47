target "app" {
  tags = ["app:${TAG}"]
}
