target "b" {}
target "a" {
  description = "A"
}
