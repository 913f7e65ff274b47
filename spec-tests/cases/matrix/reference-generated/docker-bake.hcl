target "app" {
  name   = "app-${v}"
  matrix = { v = ["a", "b"] }
  tags   = ["app:${v}"]
}
target "user" {
  tags = concat(target.app-a.tags, target.app-b.tags)
}
