FOO = "a"
FOO = "b"
target "default" {}
