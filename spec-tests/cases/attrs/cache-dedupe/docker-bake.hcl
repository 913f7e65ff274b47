target "app" {
  cache-from = ["user/a:cache", "type=registry,ref=user/a:cache", "user/b:cache", "user/a:cache"]
  output     = ["type=docker", "type=docker"]
}
