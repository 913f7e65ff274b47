target "app" {
  tags = ["app:override"]
  args = { B = "override" }
}
