target "a.b" {}
