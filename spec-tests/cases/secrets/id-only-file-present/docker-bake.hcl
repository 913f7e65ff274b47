target "app" {
  secret = ["id=present"]
}
