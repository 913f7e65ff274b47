group "default" {
  targets = ["app", "clean"]
}
target "app" {
  description = "two warnings"
}
target "clean" {
  dockerfile-inline = "FROM scratch\nCOPY Dockerfile /\n"
}
