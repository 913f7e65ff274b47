target "app" {
  args = { X = jsonencode(target) }
}
