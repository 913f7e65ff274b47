target "app" {
  tags = ["ignored-default-file"]
}
