target "app" {
  tags = [upper("a", "b")]
}
