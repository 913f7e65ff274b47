target "app" {
  name   = "app-${v}"
  matrix = { v = ["a", "b"] }
  args   = { V = v }
}
target "app-a" {
  tags = ["merged"]
}
