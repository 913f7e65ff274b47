group "my/group" {
  targets = ["t"]
}
target "t" {}
