target "app" {
  tags = "app:latest"
}
