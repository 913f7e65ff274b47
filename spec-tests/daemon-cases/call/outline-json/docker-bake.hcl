target "default" {
  description = "outline of the release stage"
  args = { RELEASE = "2" }
}
target "base" {
  target = "base"
}
