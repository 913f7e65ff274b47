group "default" {
  description = "Default group"
  targets     = ["b", "a"]
}
target "a" {}
target "b" {
  description = "B target"
}
