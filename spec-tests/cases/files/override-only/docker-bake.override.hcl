target "app" {
  tags = ["only-override"]
}
