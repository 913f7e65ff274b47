target "app" {
  ssh = [{ id = "a", paths = "/p" }]
}
