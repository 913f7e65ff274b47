target "app" {
  tags = true ? [
    "a"
  ] : {
    a = 1
  }
}
