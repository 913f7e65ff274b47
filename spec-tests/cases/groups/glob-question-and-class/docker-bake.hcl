target "app-a" {}
target "app-b" {}
target "app-c" {}
target "v1" {}
target "v22" {}
