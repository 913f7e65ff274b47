target "app" {
  secret = ["id=x,foo=bar"]
}
