target "app" {
  secret = ["id=nosuchenvorfile"]
}
