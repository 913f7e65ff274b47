target "app" {
  inherits = ["nope"]
}
