target "app" {
  extra-hosts = {
    "my-host"     = "10.0.0.1"
    "another"     = "192.168.0.1"
    "dropped"     = null
  }
}
