group "g" {
  targets = ["t", "missing"]
}
target "t" {}
