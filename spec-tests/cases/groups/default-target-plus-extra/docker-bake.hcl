target "default" {}
target "multiarch" {}
