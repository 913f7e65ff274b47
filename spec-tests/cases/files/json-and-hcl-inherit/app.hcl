target "app" {
  inherits = ["base"]
  tags     = ["${REG}/app"]
}
