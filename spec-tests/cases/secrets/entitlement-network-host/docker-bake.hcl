target "app" {
  network = "host"
  dockerfile-inline = "FROM scratch"
}
