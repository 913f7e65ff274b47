LIST = ["x"]
target "app" {
  tags = ["a-${LIST}"]
}
