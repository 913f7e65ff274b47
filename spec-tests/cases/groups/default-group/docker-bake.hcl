group "default" {
  targets = ["b", "a"]
}
target "a" {}
target "b" {}
target "c" {}
