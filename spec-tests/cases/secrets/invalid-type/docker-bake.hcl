target "app" {
  secret = ["id=x,type=nope"]
}
