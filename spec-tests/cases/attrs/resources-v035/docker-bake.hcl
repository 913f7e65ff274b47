target "app" {
  resources = {
    memory = "2g"
    cpu-shares = 512
  }
}
