target "app" {
  tags = true ? ["a"] : "b"
}
