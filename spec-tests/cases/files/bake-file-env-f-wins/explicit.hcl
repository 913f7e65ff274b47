target "app" {
  tags = ["explicit"]
}
