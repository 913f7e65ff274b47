group "a" {
  targets = ["b", "t1"]
}
group "b" {
  targets = ["a", "t2"]
}
target "t1" {}
target "t2" {}
