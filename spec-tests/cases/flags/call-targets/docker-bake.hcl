target "a" {}
target "b" {
  call = "check"
}
