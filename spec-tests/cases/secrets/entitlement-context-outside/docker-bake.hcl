target "app" {
  context = ".."
  dockerfile-inline = "FROM scratch"
}
