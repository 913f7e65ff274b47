target "app" {
  inherits = ["svc"]
  tags     = ["app"]
}
