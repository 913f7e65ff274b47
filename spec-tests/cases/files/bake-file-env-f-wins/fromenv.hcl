target "app" {
  tags = ["env"]
}
