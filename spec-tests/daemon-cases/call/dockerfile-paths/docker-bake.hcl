group "default" {
  targets = ["sub", "inline"]
}
target "sub" {
  context = "sub"
}
target "inline" {
  dockerfile-inline = "from busybox:local\nRUN true\n"
}
