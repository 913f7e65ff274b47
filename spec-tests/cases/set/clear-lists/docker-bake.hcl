target "app" {
  tags       = ["a"]
  secret     = ["id=x,env=X"]
  platforms  = ["linux/amd64"]
  cache-from = ["user/app:cache"]
}
