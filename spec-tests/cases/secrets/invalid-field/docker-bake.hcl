target "app" {
  secret = ["id=x,justaword"]
}
