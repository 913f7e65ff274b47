group "default" {
  targets = ["sub", "inline", "nested"]
}
target "sub" {
  context = "sub"
}
target "inline" {
  dockerfile-inline = "from busybox:local\nRUN true\n"
}
target "nested" {
  dockerfile = "./sub/../sub/deeper/Dockerfile"
}
