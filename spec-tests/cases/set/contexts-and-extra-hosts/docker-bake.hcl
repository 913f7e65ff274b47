target "app" {
  contexts = {
    gone    = "./gone"
    changed = "./old"
  }
  extra-hosts = { host1 = "10.0.0.1" }
}
