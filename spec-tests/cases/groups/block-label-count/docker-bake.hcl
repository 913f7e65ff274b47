target "a" "b" {}
