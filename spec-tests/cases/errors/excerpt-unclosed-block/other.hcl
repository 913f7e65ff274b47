target "b" {
  tags = ["a"]
