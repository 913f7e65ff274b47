group "default" {
  targets = ["a", "b"]
}
group "default" {
  targets = ["c"]
}
target "a" {}
target "b" {}
target "c" {}
