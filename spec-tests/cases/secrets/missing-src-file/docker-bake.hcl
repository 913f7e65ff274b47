target "app" {
  secret = ["id=tok,src=missing.txt"]
}
