target "app" {
  tags = [["a"][3]]
}
