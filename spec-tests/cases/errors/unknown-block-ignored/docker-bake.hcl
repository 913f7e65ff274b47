something "x" {
  a = 1
}
target "app" {}
